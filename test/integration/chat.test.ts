/**
 * OpenAI Chat Completions through the real server, with the official `openai` SDK as the client and a
 * mock OpenAI-compatible provider upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../helpers/fixtures.js';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { MOCK_TEXT } from '../mocks/openai-upstream.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const user = (content: string) => [{ role: 'user' as const, content }];
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('POST /v1/chat/completions', () => {
  it('answers a plain request faithfully, with the Signalbox headers', async () => {
    const { data, response } = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user('Capital of France?') }).withResponse();
    expect(data).toEqual({
      id: 'chatcmpl-mock1',
      object: 'chat.completion',
      created: 1767225600,
      model: 'gpt-test-2025',
      choices: [{ index: 0, message: { role: 'assistant', content: MOCK_TEXT, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 21,
        completion_tokens: 9,
        total_tokens: 30,
        prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_mock01',
      // Signalbox's own additions (ledger.costInResponses); a model without a known price costs null, not 0.
      cost: { input_cost: null, output_cost: null, total_cost: null, currency: 'USD' },
      latency: { total_time_ms: expect.any(Number), ttfb_ms: expect.any(Number) },
    });
    expect(response.headers.get('x-signalbox-cost-usd')).toBe('unknown');
    expect(response.headers.get('x-signalbox-request-id')).toMatch(/^sbr_[0-9a-z]{19}$/);
    expect(response.headers.get('x-signalbox-provider')).toBe('mock');
    expect(response.headers.get('x-signalbox-model')).toBe('gpt-test');
    expect(response.headers.get('x-signalbox-attempts')).toBe('1');
  });

  it('sends the provider key upstream and never the client key; rewrites only the model', async () => {
    const body = fixtureJson('openai-chat/request-basic.json');
    await h.openai.chat.completions.create({ ...body, model: "mock/gpt-test" } as never);
    const received = h.mock.requests.at(-1);
    expect(received?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(JSON.stringify(received?.headers)).not.toContain(CLIENT_KEY);
    expect(received?.headers['user-agent']).toMatch(/^signalbox\//);
    expect(received?.body).toEqual({ ...body, model: 'gpt-test' });
  });

  it('passes unknown and vendor fields through untouched', async () => {
    await h.openai.chat.completions.create({
      model: 'mock/gpt-test',
      messages: user('hi'),
      logit_bias: { '50256': -100 },
      metadata: { run: 'r7' },
      store: false,
      service_tier: 'flex',
      prompt_cache_key: 'pk-1',
      seed: 42,
      // @ts-expect-error a vendor extension the SDK does not know
      top_k: 5,
      provider: { order: ['groq'] },
    });
    expect(h.mock.lastBody()).toMatchObject({
      logit_bias: { '50256': -100 },
      metadata: { run: 'r7' },
      store: false,
      service_tier: 'flex',
      prompt_cache_key: 'pk-1',
      seed: 42,
      top_k: 5,
      provider: { order: ['groq'] },
    });
  });

  it('forwards vision parts (URL and base64) intact', async () => {
    const body = fixtureJson<{ messages: unknown }>('openai-chat/request-vision.json');
    await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: body.messages as never });
    expect(h.mock.lastBody().messages).toEqual(body.messages);
  });

  it('forwards response_format json_schema and json_object, and reasoning_effort', async () => {
    const body = fixtureJson<{ response_format: unknown }>('openai-chat/request-json-schema.json');
    await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user('x'), response_format: body.response_format as never, reasoning_effort: 'low' });
    expect(h.mock.lastBody()).toMatchObject({ response_format: body.response_format, reasoning_effort: 'low' });
    await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user('x'), response_format: { type: 'json_object' } });
    expect(h.mock.lastBody().response_format).toEqual({ type: 'json_object' });
  });

  it('keeps max_tokens vs max_completion_tokens as the client chose (reasoning models reject max_tokens)', async () => {
    await h.openai.chat.completions.create({ model: 'oai/o3-mini', messages: user('x'), max_completion_tokens: 20 });
    expect(h.mock.lastBody()).toMatchObject({ max_completion_tokens: 20 });
    expect(h.mock.lastBody()).not.toHaveProperty('max_tokens');
    // The mock rejects max_tokens for o-series models exactly like OpenAI: the error comes back mapped.
    await expect(h.openai.chat.completions.create({ model: 'oai/o3-mini', messages: user('x'), max_tokens: 20 })).rejects.toMatchObject({
      status: 400,
      code: 'unsupported_parameter',
      param: 'max_tokens',
    });
  });

  it('returns n choices with logprobs', async () => {
    const completion = await h.openai.chat.completions.create({ model: 'mock/gpt-n', messages: user('hi'), n: 2, logprobs: true, top_logprobs: 1 });
    expect(completion.choices.map((choice) => choice.message.content)).toEqual(['Answer 0', 'Answer 1']);
    expect(completion.choices[1]?.logprobs?.content?.[0]).toMatchObject({ token: 'Answer 1', logprob: -0.25 });
    expect(h.mock.lastBody()).toMatchObject({ n: 2, logprobs: true, top_logprobs: 1 });
  });

  it('returns a tool call and accepts the tool result in the next turn', async () => {
    const first = await h.openai.chat.completions.create({ model: 'mock/gpt-tool', messages: user('Weather in Paris?'), tools: [weatherTool], tool_choice: 'auto' });
    const message = first.choices[0]?.message;
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.tool_calls).toEqual([{ id: 'call_mockParis01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    expect(h.mock.lastBody()).toMatchObject({ tools: [weatherTool], tool_choice: 'auto' });

    const second = await h.openai.chat.completions.create({
      model: 'mock/gpt-test',
      messages: [...user('Weather in Paris?'), message as never, { role: 'tool', tool_call_id: 'call_mockParis01', content: '{"temp_c":18}' }],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
    expect(second.choices[0]?.message.content).toBe(MOCK_TEXT);
    expect(h.mock.lastBody()).toMatchObject({
      messages: [
        { role: 'user' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_mockParis01' }] },
        { role: 'tool', tool_call_id: 'call_mockParis01', content: '{"temp_c":18}' },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
  });

  it('returns parallel tool calls (non-streaming)', async () => {
    const completion = await h.openai.chat.completions.create({ model: 'mock/gpt-parallel', messages: user('Paris and Tokyo?'), tools: [weatherTool] });
    expect(completion.choices[0]?.message.tool_calls?.map((call) => call.type === 'function' && call.function.arguments)).toEqual([
      '{"city":"Paris"}',
      '{"city":"Tokyo","unit":"c"}',
    ]);
  });

  it('passes reasoning_content through', async () => {
    const completion = await h.openai.chat.completions.create({ model: 'mock/gpt-reasoning', messages: user('why?') });
    expect(completion.choices[0]?.message).toMatchObject({ content: 'Answer.', reasoning_content: 'Thinking it over.' });
  });

  it('accepts a bare model name that a provider lists', async () => {
    const { response } = await h.openai.chat.completions.create({ model: 'gpt-test', messages: user('x') }).withResponse();
    expect(response.headers.get('x-signalbox-provider')).toBe('oai');
  });
});

describe('POST /v1/chat/completions, streaming', () => {
  it('streams text with a usage chunk when asked, and requests usage upstream always', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user('hi'), stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(MOCK_TEXT);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 4 } });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks[0]).toMatchObject({ id: 'chatcmpl-mock1', object: 'chat.completion.chunk', model: 'gpt-test-2025', system_fingerprint: 'fp_mock01' });
    expect(h.mock.lastBody().stream_options).toEqual({ include_usage: true });
  });

  it('emits no usage chunk when the client did not ask (but still asks upstream)', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user('hi'), stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(h.mock.lastBody().stream_options).toEqual({ include_usage: true });
  });

  it('answers with SSE headers and the Signalbox headers', async () => {
    const { response } = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user('hi'), stream: true }).withResponse();
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-signalbox-provider')).toBe('mock');
    expect(response.headers.get('x-signalbox-model')).toBe('gpt-test');
    await response.body?.cancel();
  });

  it('streams a tool call with argument fragments by index', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-tool', messages: user('Weather?'), tools: [weatherTool], stream: true });
    const deltas = [];
    for await (const chunk of stream) for (const call of chunk.choices[0]?.delta.tool_calls ?? []) deltas.push(call);
    expect(deltas[0]).toEqual({ index: 0, id: 'call_mockParis01', type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(deltas.slice(1).map((delta) => delta.function?.arguments)).toEqual(['{"ci', 'ty":"Pa', 'ris"}']);
  });

  it('streams parallel tool calls that the SDK accumulates correctly', async () => {
    const completion = await h.openai.chat.completions.stream({ model: 'mock/gpt-parallel', messages: user('Paris and Tokyo?'), tools: [weatherTool] }).finalChatCompletion();
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => call.type === 'function' && [call.id, call.function.name, call.function.arguments])).toEqual([
      ['call_mockParis01', 'get_weather', '{"city":"Paris"}'],
      ['call_mockTokyo02', 'get_weather', '{"city":"Tokyo","unit":"c"}'],
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams n choices with logprobs', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-n', messages: user('hi'), n: 2, logprobs: true, stream: true });
    const text: Record<number, string> = {};
    const logprobTokens: string[] = [];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text[choice.index] = (text[choice.index] ?? '') + (choice.delta.content ?? '');
        for (const entry of choice.logprobs?.content ?? []) logprobTokens.push(entry.token);
      }
    }
    expect(text).toEqual({ 0: 'Answer 0', 1: 'Answer 1' });
    expect(logprobTokens).toEqual(['Answer 0', 'Answer 1']);
  });

  it('streams reasoning_content deltas', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-reasoning', messages: user('why?'), stream: true });
    let reasoning = '';
    let content = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
    }
    expect({ reasoning, content }).toEqual({ reasoning: 'Thinking it over.', content: 'Answer.' });
  });

  it('drops upstream SSE comments', async () => {
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock/gpt-comments', messages: user('x'), stream: true }),
    });
    const text = await response.text();
    expect(text).not.toContain('OPENROUTER');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('streams even when the provider answers a stream request with plain JSON', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-json-for-stream', messages: user('x'), stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(MOCK_TEXT);
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(30);
  });
});
