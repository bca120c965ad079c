/**
 * Every inbound dialect × every provider family, through the real server, with the official SDKs as
 * clients and mock providers that validate requests like the real APIs: plain text, streaming, one tool
 * call, parallel tool calls streamed, tool results in a second turn, image input, thinking round-trip,
 * usage numbers, and a mid-stream upstream error.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startHarness();
  anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.url, maxRetries: 0 });
});
afterAll(async () => {
  await h.close();
});

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const TEXT = 'The capital of France is Paris.';
const PARIS = { city: 'Paris' };
const TOKYO = { city: 'Tokyo', unit: 'c' };
const WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] };

/** Canonical usage each mock reports for its text scenario (input split uncached / cache read / cache write). */
interface Provider {
  name: string;
  model: (scenario: 'text' | 'tool' | 'parallel' | 'thinking-tool' | 'error' | 'answer-tools') => string;
  usage: { uncached: number; read: number; write: number; output: number };
  /** What the provider received last, to check image translation. */
  lastImageParts: () => unknown[];
}

const PROVIDERS: Provider[] = [
  {
    name: 'openai-compatible',
    model: (s) => `mock/${{ text: 'gpt-test', tool: 'gpt-tool', parallel: 'gpt-parallel', 'thinking-tool': 'gpt-tool', error: 'gpt-error-midstream', 'answer-tools': 'gpt-test' }[s]}`,
    usage: { uncached: 17, read: 4, write: 0, output: 9 },
    lastImageParts: () => ((h.mock.lastBody().messages as any[]).at(-1).content as any[]).filter((part) => part.type === 'image_url'),
  },
  {
    name: 'anthropic',
    model: (s) => `ant/${{ text: 'claude-text', tool: 'claude-tool', parallel: 'claude-parallel', 'thinking-tool': 'claude-thinking-tool', error: 'claude-error-midstream', 'answer-tools': 'claude-text' }[s]}`,
    usage: { uncached: 14, read: 6, write: 2, output: 9 },
    lastImageParts: () => ((h.anthropic.lastBody().messages as any[]).at(-1).content as any[]).filter((part) => part.type === 'image'),
  },
  {
    name: 'gemini',
    model: (s) => `gem/${{ text: 'gemini-text', tool: 'gemini-tool', parallel: 'gemini-parallel', 'thinking-tool': 'gemini-thinking-tool', error: 'gemini-error-midstream', 'answer-tools': 'gemini-tool' }[s]}`,
    usage: { uncached: 17, read: 4, write: 0, output: 9 },
    lastImageParts: () => ((h.gemini.lastBody().contents as any[]).at(-1).parts as any[]).filter((part) => part.inlineData || part.fileData),
  },
];

const parse = (text: string | undefined): unknown => JSON.parse(text || '{}');

/** The provider got back the signed reasoning it issued, where its API requires it. */
function expectThinkingReplayed(provider: Provider): void {
  if (provider.name === 'anthropic') {
    const turn = (h.anthropic.lastBody().messages as any[]).find((message) => message.role === 'assistant');
    expect(turn.content[0].type).toBe('thinking');
    expect(h.anthropic.signatures.has(turn.content[0].signature)).toBe(true);
  }
  if (provider.name === 'gemini') {
    const turn = (h.gemini.lastBody().contents as any[]).find((content) => content.role === 'model');
    expect(h.gemini.signatures.has(turn.parts[0].thoughtSignature)).toBe(true);
  }
}

describe.each(PROVIDERS)('OpenAI Chat client → $name provider', (provider) => {
  const openai = () => h.openai;
  const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: WEATHER_SCHEMA } }];
  const ask = [{ role: 'user' as const, content: 'Weather in Paris and Tokyo?' }];

  it('answers plain text with usage in OpenAI conventions', async () => {
    const completion = await openai().chat.completions.create({ model: provider.model('text'), messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe(TEXT);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const { uncached, read, write, output } = provider.usage;
    expect(completion.usage).toMatchObject({ prompt_tokens: uncached + read + write, completion_tokens: output, total_tokens: uncached + read + write + output });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(read);
  });

  it('streams text with the usage chunk', async () => {
    const stream = await openai().chat.completions.create({ model: provider.model('text'), messages: [{ role: 'user', content: 'Capital?' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(TEXT);
    expect(usage?.completion_tokens).toBe(provider.usage.output);
  });

  it('returns a tool call', async () => {
    const completion = await openai().chat.completions.create({ model: provider.model('tool'), messages: ask, tools });
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(calls).toHaveLength(1);
    const call = calls[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe('get_weather');
    expect(parse(call.function.arguments)).toEqual(PARIS);
    expect(call.id.length).toBeLessThanOrEqual(40);
  });

  it('streams parallel tool calls, then accepts their results in a second turn', async () => {
    const completion = await openai().chat.completions.stream({ model: provider.model('parallel'), messages: ask, tools }).finalChatCompletion();
    const message = completion.choices[0]!.message;
    const calls = (message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(calls.map((call) => parse(call.function.arguments))).toEqual([PARIS, TOKYO]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);

    const second = await openai().chat.completions.create({
      model: provider.model('answer-tools'),
      tools,
      messages: [
        ...ask,
        { role: 'assistant', content: message.content ?? null, tool_calls: calls },
        { role: 'tool', tool_call_id: calls[0]!.id, content: '{"temp_c":18,"sky":"cloudy"}' },
        { role: 'tool', tool_call_id: calls[1]!.id, content: 'lookup failed' },
      ],
    });
    expect(second.choices[0]?.message.content).toBeTruthy();
  });

  it('sends images (base64 and URL) in the provider\'s own form', async () => {
    await openai().chat.completions.create({
      model: provider.model('text'),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    });
    expect(provider.lastImageParts()).toHaveLength(2);
  });

  it('round-trips thinking across a tool turn (signatures the client cannot carry are kept by the gateway)', async () => {
    const first = await openai().chat.completions.create({ model: provider.model('thinking-tool'), messages: ask, tools, reasoning_effort: 'medium', max_completion_tokens: 4096 });
    const message = first.choices[0]!.message;
    const calls = (message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.length).toBeGreaterThan(0);
    const second = await openai().chat.completions.create({
      model: provider.model('thinking-tool'),
      tools,
      reasoning_effort: 'medium',
      max_completion_tokens: 4096,
      messages: [...ask, { role: 'assistant', content: message.content ?? null, tool_calls: calls }, ...calls.map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content: '{"temp_c":18}' }))],
    });
    expect(second.choices[0]?.message).toBeDefined();
    expectThinkingReplayed(provider);
  });

  it('surfaces a mid-stream upstream error as an error the SDK throws', async () => {
    const stream = await openai().chat.completions.create({ model: provider.model('error'), messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((error: unknown) => error);
    expect(text.length).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });
});

describe.each(PROVIDERS)('Anthropic Messages client → $name provider', (provider) => {
  const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: WEATHER_SCHEMA as Anthropic.Tool.InputSchema }];
  const ask: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris and Tokyo?' }];

  it('answers plain text with usage in Anthropic conventions', async () => {
    const message = await anthropic.messages.create({ model: provider.model('text'), max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: 'Capital of France?' }] });
    expect(message.type).toBe('message');
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: TEXT })]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({
      input_tokens: provider.usage.uncached,
      cache_read_input_tokens: provider.usage.read,
      cache_creation_input_tokens: provider.usage.write,
      output_tokens: provider.usage.output,
    });
  });

  it('streams text with final usage', async () => {
    const stream = anthropic.messages.stream({ model: provider.model('text'), max_tokens: 256, messages: [{ role: 'user', content: 'Capital?' }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const message = await stream.finalMessage();
    expect(text).toBe(TEXT);
    expect(message.usage.output_tokens).toBe(provider.usage.output);
    expect(message.usage.input_tokens).toBe(provider.usage.uncached);
  });

  it('returns a tool call', async () => {
    const message = await anthropic.messages.create({ model: provider.model('tool'), max_tokens: 256, messages: ask, tools });
    expect(message.stop_reason).toBe('tool_use');
    const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(calls.map((call) => [call.name, call.input])).toEqual([['get_weather', PARIS]]);
    expect(calls[0]?.id).toMatch(/^[a-zA-Z0-9_-]+$/);
  });

  it('streams parallel tool calls, then accepts their results in a second turn', async () => {
    const message = await anthropic.messages.stream({ model: provider.model('parallel'), max_tokens: 256, messages: ask, tools }).finalMessage();
    const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(calls.map((call) => call.input)).toEqual([PARIS, TOKYO]);
    expect(message.stop_reason).toBe('tool_use');
    const second = await anthropic.messages.create({
      model: provider.model('answer-tools'),
      max_tokens: 256,
      tools,
      messages: [
        ...ask,
        { role: 'assistant', content: message.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: calls[0]!.id, content: '{"temp_c":18}' },
            { type: 'tool_result', tool_use_id: calls[1]!.id, content: [{ type: 'text', text: 'lookup failed' }], is_error: true },
          ],
        },
      ],
    });
    expect(second.content.length).toBeGreaterThan(0);
  });

  it('sends images (base64 and URL) in the provider\'s own form', async () => {
    await anthropic.messages.create({
      model: provider.model('text'),
      max_tokens: 64,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    });
    expect(provider.lastImageParts()).toHaveLength(2);
  });

  it('round-trips thinking blocks across a tool turn', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const first = await anthropic.messages.stream({ model: provider.model('thinking-tool'), max_tokens: 4096, thinking, messages: ask, tools }).finalMessage();
    const calls = first.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(calls.length).toBeGreaterThan(0);
    const second = await anthropic.messages.create({
      model: provider.model('thinking-tool'),
      max_tokens: 4096,
      thinking,
      tools,
      messages: [...ask, { role: 'assistant', content: first.content }, { role: 'user', content: calls.map((call) => ({ type: 'tool_result' as const, tool_use_id: call.id, content: '{"temp_c":18}' })) }],
    });
    expect(second.content).toBeDefined();
    expectThinkingReplayed(provider);
  });

  it('surfaces a mid-stream upstream error as an error the SDK throws', async () => {
    const stream = anthropic.messages.stream({ model: provider.model('error'), max_tokens: 64, messages: [{ role: 'user', content: 'x' }] });
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIError);
  });

  it('counts tokens (exact where the provider can, estimated otherwise, never zero)', async () => {
    const { data, response } = await anthropic.messages.countTokens({ model: provider.model('text'), system: 'Be brief.', messages: ask, tools }).withResponse();
    expect(data.input_tokens).toBeGreaterThan(10);
    expect(response.headers.get('x-signalbox-token-count')).toBe(provider.name === 'openai-compatible' ? 'estimate' : 'exact');
  });
});

describe.each(PROVIDERS)('OpenAI Responses client → $name provider', (provider) => {
  const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather for a city', parameters: WEATHER_SCHEMA, strict: false }];
  const ask = 'Weather in Paris and Tokyo?';
  const functionCalls = (response: OpenAI.Responses.Response) =>
    response.output.filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');

  it('answers plain text with usage in Responses conventions', async () => {
    const response = await h.openai.responses.create({ model: provider.model('text'), instructions: 'Be brief.', input: 'Capital of France?' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(TEXT);
    const { uncached, read, write, output } = provider.usage;
    expect(response.usage).toMatchObject({ input_tokens: uncached + read + write, output_tokens: output, total_tokens: uncached + read + write + output });
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(read);
  });

  it('streams the full event ladder with increasing sequence numbers', async () => {
    const stream = await h.openai.responses.create({ model: provider.model('text'), input: 'Capital?', stream: true });
    const types: string[] = [];
    const numbers: number[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      numbers.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe(TEXT);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).toEqual(expect.arrayContaining(['response.output_item.added', 'response.content_part.added', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done']));
    expect(types.at(-1)).toBe('response.completed');
    expect(numbers).toEqual(numbers.map((_, index) => index));
    expect(completed?.usage?.output_tokens).toBe(provider.usage.output);
  });

  it('returns a function call', async () => {
    const response = await h.openai.responses.create({ model: provider.model('tool'), input: ask, tools });
    const calls = functionCalls(response);
    expect(calls.map((call) => [call.name, parse(call.arguments)])).toEqual([['get_weather', PARIS]]);
    expect(calls[0]?.call_id).toBeTruthy();
  });

  it('streams parallel function calls, then accepts their outputs in a second turn', async () => {
    const first = await h.openai.responses.stream({ model: provider.model('parallel'), input: ask, tools }).finalResponse();
    const calls = functionCalls(first);
    expect(calls.map((call) => parse(call.arguments))).toEqual([PARIS, TOKYO]);
    const second = await h.openai.responses.create({
      model: provider.model('answer-tools'),
      tools,
      input: [
        { role: 'user', content: ask },
        ...first.output.filter((item) => item.type === 'function_call' || item.type === 'message'),
        { type: 'function_call_output', call_id: calls[0]!.call_id, output: '{"temp_c":18}' },
        { type: 'function_call_output', call_id: calls[1]!.call_id, output: 'lookup failed' },
      ] as OpenAI.Responses.ResponseInput,
    });
    expect(second.status).toBe('completed');
  });

  it('sends images (base64 and URL) in the provider\'s own form', async () => {
    await h.openai.responses.create({
      model: provider.model('text'),
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'auto' },
            { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
          ],
        },
      ],
    });
    expect(provider.lastImageParts()).toHaveLength(2);
  });

  it('round-trips reasoning across a tool turn', async () => {
    const first = await h.openai.responses.create({ model: provider.model('thinking-tool'), input: ask, tools, reasoning: { effort: 'medium' }, max_output_tokens: 4096 });
    const calls = functionCalls(first);
    expect(calls.length).toBeGreaterThan(0);
    const second = await h.openai.responses.create({
      model: provider.model('thinking-tool'),
      tools,
      reasoning: { effort: 'medium' },
      max_output_tokens: 4096,
      input: [{ role: 'user', content: ask }, ...first.output, ...calls.map((call) => ({ type: 'function_call_output' as const, call_id: call.call_id, output: '{"temp_c":18}' }))] as OpenAI.Responses.ResponseInput,
    });
    expect(second.status).toBeDefined();
    expectThinkingReplayed(provider);
  });

  it('ends a stream that fails upstream with error + response.failed, never completed', async () => {
    const stream = await h.openai.responses.create({ model: provider.model('error'), input: 'x', stream: true });
    const types: string[] = [];
    await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch(() => undefined);
    expect(types).toContain('response.output_text.delta');
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(types).not.toContain('response.completed');
  });
});

describe('Claude Code conventions', () => {
  it('accepts ?beta=true with betas, forwards them to Anthropic only, and routes bare claude-… names', async () => {
    const betas = ['claude-code-20250219', 'interleaved-thinking-2025-05-14'];
    const viaBeta = await anthropic.beta.messages.create({ model: 'claude-text', max_tokens: 64, betas, messages: [{ role: 'user', content: 'hi' }] });
    expect(viaBeta.content[0]).toMatchObject({ type: 'text', text: TEXT });
    const received = h.anthropic.requests.at(-1);
    expect(received?.path).toBe('/v1/messages');
    expect(received?.headers['anthropic-beta']).toBe(betas.join(','));
    expect(received?.headers['x-api-key']).not.toBe(CLIENT_KEY);

    await anthropic.beta.messages.create({ model: 'mock/gpt-test', max_tokens: 64, betas, messages: [{ role: 'user', content: 'hi' }] });
    expect(JSON.stringify(h.mock.requests.at(-1)?.headers)).not.toContain('claude-code-20250219');

    const counted = await anthropic.beta.messages.countTokens({ model: 'claude-text', betas, messages: [{ role: 'user', content: 'hello there' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });
});
