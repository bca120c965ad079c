/**
 * Self-test of the mock Anthropic upstream: the official @anthropic-ai/sdk must accept everything it
 * emits (JSON, SSE, errors), and it must reject malformed requests the way the real API does.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateInputTokens, MOCK_TEXT, startAnthropicMock, type AnthropicMock, type EchoSummary } from './anthropic-upstream.js';

const KEY = 'sk-ant-mock-key-0123456789';
let mock: AnthropicMock;
let client: Anthropic;

beforeAll(async () => {
  mock = await startAnthropicMock({ apiKey: KEY });
  client = new Anthropic({ apiKey: KEY, baseURL: mock.url, maxRetries: 0 });
});
afterAll(async () => {
  await mock.close();
});

const ask = [{ role: 'user' as const, content: 'What is the capital of France?' }];
const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] },
};
const thinking = { type: 'enabled' as const, budget_tokens: 1024 };

/** Awaits a rejection and returns the SDK error. */
async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Anthropic.APIError);
    return error as InstanceType<typeof Anthropic.APIError>;
  }
  throw new Error('expected the request to fail');
}

async function badRequest(body: unknown, message: RegExp): Promise<void> {
  const error = await failure(client.messages.create(body as any));
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  expect(error.status).toBe(400);
  expect(error.type).toBe('invalid_request_error');
  expect(error.apiMessage).toMatch(message);
  expect((error.error as any).request_id).toMatch(/^req_/);
}

/** Raw POST, for header and framing checks the SDK would hide. */
function post(path: string, body: unknown, headers: Record<string, string> = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' }): Promise<Response> {
  return fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('anthropic mock: answers', () => {
  it('answers a non-streaming text request with the real message shape and cache-split usage', async () => {
    const { data, response } = await client.messages.create({ model: 'claude-text', max_tokens: 256, messages: ask }).withResponse();
    expect(data).toEqual({
      model: 'claude-text',
      id: expect.stringMatching(/^msg_mock/),
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: MOCK_TEXT }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 14,
        cache_creation_input_tokens: 2,
        cache_read_input_tokens: 6,
        cache_creation: { ephemeral_5m_input_tokens: 2, ephemeral_1h_input_tokens: 0 },
        output_tokens: 9,
        service_tier: 'standard',
      },
    });
    expect(response.headers.get('request-id')).toMatch(/^req_mock/);
    const recorded = mock.requests.at(-1);
    expect(recorded?.path).toBe('/v1/messages');
    expect(recorded?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(recorded?.headers['anthropic-version']).toBeTruthy();
    expect(mock.lastBody()).toEqual({ model: 'claude-text', max_tokens: 256, messages: ask });
  });

  it('streams text the SDK accumulates, with usage from message_start and message_delta', async () => {
    const message = await client.messages.stream({ model: 'claude-text', max_tokens: 256, messages: ask }).finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: MOCK_TEXT }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 14, cache_read_input_tokens: 6, cache_creation_input_tokens: 2, output_tokens: 9 });
  });

  it('frames every SSE event with an event line equal to data.type, contiguous indices and a ping', async () => {
    const response = await post('/v1/messages', { model: 'claude-thinking-tool', max_tokens: 2048, stream: true, messages: ask });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const raw = await response.text();
    expect(raw.endsWith('\n\n')).toBe(true);
    const events = raw.trimEnd().split('\n\n').map((chunk) => {
      const [eventLine, dataLine, ...rest] = chunk.split('\n');
      expect(rest).toEqual([]);
      const data = JSON.parse(String(dataLine).slice('data: '.length));
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', ...Array(events.length - 11).fill('content_block_delta'), 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    expect(events[0].message).toMatchObject({ content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 40, output_tokens: 1 } });
    expect(events[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    expect(events[5].delta.type).toBe('signature_delta');
    expect(events[7]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_mockParis01', name: 'get_weather', input: {} } });
    expect(events[8].delta).toEqual({ type: 'input_json_delta', partial_json: '' });
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 2048, output_tokens: 85 },
    });
  });

  it('streams one tool call after a text block, its input in several fragments', async () => {
    const stream = client.messages.stream({ model: 'claude-tool', max_tokens: 256, messages: ask, tools: [weatherTool] });
    let fragments = 0;
    stream.on('inputJson', () => fragments++);
    const message = await stream.finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
    expect(message.content[1]).toMatchObject({ id: 'toolu_mockParis01', name: 'get_weather', input: { city: 'Paris' } });
    expect(message.stop_reason).toBe('tool_use');
    expect(fragments).toBeGreaterThan(2);
  });

  it('streams two tool calls as sequential blocks 0 and 1 (and non-streaming alike)', async () => {
    const body = { model: 'claude-parallel', max_tokens: 256, messages: ask, tools: [weatherTool] };
    const streamed = await client.messages.stream(body).finalMessage();
    const plain = await client.messages.create(body);
    for (const message of [streamed, plain]) {
      expect(message.content).toEqual([
        { type: 'tool_use', id: 'toolu_mockParis01', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_mockTokyo02', name: 'get_weather', input: { city: 'Tokyo', unit: 'c' } },
      ]);
      expect(message.stop_reason).toBe('tool_use');
    }
  });

  it('streams a signed thinking block before the tool call', async () => {
    const message = await client.messages.stream({ model: 'claude-thinking-tool', max_tokens: 2048, thinking, messages: ask, tools: [weatherTool] }).finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const [think, call] = message.content as [Anthropic.ThinkingBlock, Anthropic.ToolUseBlock];
    expect(think.thinking).toBe('The user wants Paris weather; call get_weather.');
    expect(think.signature).toMatch(/^EqMock/);
    expect(mock.signatures.has(think.signature)).toBe(true);
    expect(call.input).toEqual({ city: 'Paris' });
  });

  it('answers claude-thinking with thinking then text, and drops thinking when it is disabled', async () => {
    const message = await client.messages.create({ model: 'claude-thinking', max_tokens: 2048, thinking, messages: ask });
    expect(message.content).toEqual([{ type: 'thinking', thinking: 'Let me think.', signature: expect.stringMatching(/^EqMock/) }, { type: 'text', text: 'Answer.' }]);
    const plain = await client.messages.create({ model: 'claude-thinking', max_tokens: 256, thinking: { type: 'disabled' }, messages: ask });
    expect(plain.content).toEqual([{ type: 'text', text: 'Answer.' }]);
  });

  it('reports max_tokens and stop_sequence stops', async () => {
    const cut = await client.messages.create({ model: 'claude-max-tokens', max_tokens: 5, messages: ask });
    expect(cut).toMatchObject({ stop_reason: 'max_tokens', stop_sequence: null, usage: { output_tokens: 5 } });
    const stopped = await client.messages.stream({ model: 'claude-stop-seq', max_tokens: 50, stop_sequences: [' Paris', 'x'], messages: ask }).finalMessage();
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: ' Paris', content: [{ type: 'text', text: 'The capital of France is' }] });
  });

  it('echoes a summary of what it received', async () => {
    const message = await client.messages.create({
      model: 'claude-echo',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }],
      tools: [weatherTool],
      tool_choice: { type: 'auto' },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }],
    });
    const summary = JSON.parse((message.content[0] as Anthropic.TextBlock).text) as EchoSummary;
    expect(summary).toEqual({
      system: 'Be brief.\nBe kind.',
      messages: 1,
      roles: ['user'],
      blocks: ['text,image'],
      tools: ['get_weather'],
      tool_choice: 'auto',
      thinking: null,
      max_tokens: 100,
      stop_sequences: [],
      stream: false,
    });
  });

  it('counts tokens deterministically over system, messages and tools', async () => {
    const body = { model: 'claude-text', system: 'Answer in one sentence.', messages: ask, tools: [weatherTool] };
    const counted = await client.messages.countTokens(body);
    expect(counted).toEqual({ input_tokens: estimateInputTokens(body) });
    expect(counted.input_tokens).toBeGreaterThan(50);
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('claude-text');
    expect(ids).toContain('claude-sonnet-4-5-20250929');
  });
});

describe('anthropic mock: auth, headers and paths', () => {
  it('accepts x-api-key and ?beta=true on both POST endpoints, recording the query', async () => {
    const answer = await post('/v1/messages?beta=true', { model: 'claude-text', max_tokens: 10, messages: ask });
    expect(answer.status).toBe(200);
    expect(mock.requests.at(-1)?.path).toBe('/v1/messages?beta=true');
    const counted = await post('/v1/messages/count_tokens?beta=true', { model: 'claude-text', messages: ask });
    expect(await counted.json()).toEqual({ input_tokens: estimateInputTokens({ messages: ask }) });
  });

  it('rejects a wrong key with 401 authentication_error', async () => {
    const other = new Anthropic({ apiKey: 'sk-wrong', baseURL: mock.url, maxRetries: 0 });
    const error = await failure(other.messages.create({ model: 'claude-text', max_tokens: 10, messages: ask }));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
  });

  it('requires anthropic-version', async () => {
    const response = await post('/v1/messages', { model: 'claude-text', max_tokens: 10, messages: ask }, { 'x-api-key': KEY });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
  });
});

describe('anthropic mock: errors', () => {
  it('sends an in-band overloaded error mid-stream, which the SDK throws', async () => {
    const error = await failure(client.messages.stream({ model: 'claude-error-midstream', max_tokens: 50, messages: ask }).finalMessage());
    expect(error.type).toBe('overloaded_error');
    const raw = await (await post('/v1/messages', { model: 'claude-error-midstream', max_tokens: 50, stream: true, messages: ask })).text();
    expect(raw).toContain('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    expect(raw).not.toContain('message_stop');
  });

  it('returns 429 with retry-after and rate-limit headers', async () => {
    const error = await failure(client.messages.create({ model: 'claude-429', max_tokens: 10, messages: ask }));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.headers?.get('anthropic-ratelimit-input-tokens-remaining')).toBe('0');
    expect(error.type).toBe('rate_limit_error');
  });

  it('returns 529 overloaded and 500 api_error, streaming or not', async () => {
    const overloaded = await failure(client.messages.stream({ model: 'claude-529', max_tokens: 10, messages: ask }).finalMessage());
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    const broken = await failure(client.messages.create({ model: 'claude-500', max_tokens: 10, messages: ask }));
    expect(broken).toBeInstanceOf(Anthropic.InternalServerError);
    expect(broken.type).toBe('api_error');
  });

  it('records requests the client aborted', async () => {
    const controller = new AbortController();
    const before = mock.aborted.length;
    const stream = client.messages.stream({ model: 'claude-slow', max_tokens: 50, messages: ask }, { signal: controller.signal });
    stream.on('text', () => controller.abort());
    await stream.done().catch(() => undefined);
    for (let i = 0; i < 50 && mock.aborted.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(mock.aborted.at(-1)?.body).toMatchObject({ model: 'claude-slow' });
  });
});

describe('anthropic mock: validation', () => {
  const base = { model: 'claude-text', max_tokens: 256 };

  it('requires max_tokens, model and messages', async () => {
    await badRequest({ model: 'claude-text', messages: ask }, /^max_tokens: Field required$/);
    await badRequest({ max_tokens: 10, messages: ask }, /^model: Field required$/);
    await badRequest({ ...base, messages: [] }, /at least one message/);
    await badRequest({ ...base, max_tokens: 0, messages: ask }, /max_tokens: Input should be greater than or equal to 1/);
    // (non-streaming SDK calls refuse max_tokens this large client-side, so stream it)
    const tooLarge = await failure(client.messages.stream({ ...base, max_tokens: 128000, messages: ask }).finalMessage());
    expect(tooLarge).toBeInstanceOf(Anthropic.BadRequestError);
    expect(tooLarge.apiMessage).toBe('max_tokens: 128000 > 64000, which is the maximum allowed number of output tokens for claude-text');
  });

  it('rejects a system role, a leading assistant message and empty content', async () => {
    await badRequest({ ...base, messages: [{ role: 'system', content: 'x' }, ...ask] }, /Unexpected role "system"/);
    await badRequest({ ...base, messages: [{ role: 'assistant', content: 'Hi' }, ...ask] }, /first message must use the "user" role/);
    await badRequest({ ...base, messages: [{ role: 'user', content: '' }] }, /all messages must have non-empty content/);
  });

  it('rejects empty text blocks', async () => {
    await badRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, /^messages: text content blocks must be non-empty$/);
    await badRequest({ ...base, system: [{ type: 'text', text: '' }], messages: ask }, /^system: text content blocks must be non-empty$/);
  });

  it('rejects unpaired tool_result and tool_use blocks', async () => {
    const call = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a1', name: 'get_weather', input: { city: 'Paris' } }] };
    await badRequest(
      { ...base, messages: [...ask, call, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_zz', content: '18C' }] }] },
      /^messages\.2\.content\.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_zz\. Each `tool_result` block must have a corresponding `tool_use` block in the previous message\.$/,
    );
    await badRequest({ ...base, messages: [...ask, call, { role: 'user', content: 'thanks' }] }, /^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_a1\./);
    await badRequest(
      { ...base, messages: [...ask, call, { role: 'user', content: [{ type: 'text', text: 'here' }, { type: 'tool_result', tool_use_id: 'toolu_a1', content: '18C' }] }] },
      /^messages\.2: Did not find 1 `tool_result` block\(s\) at the beginning/,
    );
    // Consecutive same-role messages are merged, so results split over two user messages are fine.
    const ok = await client.messages.create({
      ...base,
      messages: [...ask, call, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a1', content: '18C' }] }, { role: 'user', content: 'and?' }],
    } as any);
    expect(ok.type).toBe('message');
  });

  it('rejects bad tool ids, tool names and schemas', async () => {
    await badRequest(
      { ...base, messages: [...ask, { role: 'assistant', content: [{ type: 'tool_use', id: 'functions.Bash:0', name: 'Bash', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'functions.Bash:0' }] }] },
      /^messages\.1\.content\.0\.tool_use\.id: String should match pattern/,
    );
    await badRequest({ ...base, messages: ask, tools: [{ ...weatherTool, name: 'get.weather' }] }, /^tools\.0\.custom\.name: String should match pattern/);
    await badRequest({ ...base, messages: ask, tools: [{ ...weatherTool, input_schema: { type: 'string' } }] }, /^tools\.0\.custom\.input_schema\.type: Input should be 'object'$/);
  });

  it('rejects thinking with a forcing tool_choice, a small budget, and out-of-range temperature', async () => {
    await badRequest({ ...base, max_tokens: 2048, thinking, tools: [weatherTool], tool_choice: { type: 'any' }, messages: ask }, /Thinking may not be enabled when tool_choice forces tool use/);
    await badRequest({ ...base, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 500 }, messages: ask }, /budget_tokens: Input should be greater than or equal to 1024/);
    await badRequest({ ...base, max_tokens: 1024, thinking, messages: ask }, /`max_tokens` must be greater than `thinking.budget_tokens`/);
    await badRequest({ ...base, temperature: 1.5, messages: ask }, /^temperature: Input should be less than or equal to 1$/);
  });

  it('rejects bad image sources and too many cache breakpoints', async () => {
    const image = (source: unknown) => ({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source }] }] });
    await badRequest(image({ type: 'base64', media_type: 'image/bmp', data: 'Qk0=' }), /media_type: Input should be 'image\/jpeg'/);
    await badRequest(image({ type: 'base64', media_type: 'image/png', data: 'data:image/png;base64,iVBORw0KGgo=' }), /Invalid base64 data/);
    await badRequest(image({ type: 'base64', media_type: 'image/jpeg', data: 'iVBORw0KGgo=' }), /appears to be a image\/png image/);
    const cached = { type: 'text', text: 'x', cache_control: { type: 'ephemeral' } };
    await badRequest({ ...base, system: [cached, cached], messages: [{ role: 'user', content: [cached, cached, cached] }] }, /A maximum of 4 blocks with cache_control may be provided. Found 5\./);
  });

  it('accepts a replay of its own thinking + tool_use with a tool_result, and rejects a forged signature', async () => {
    const first = await client.messages.stream({ model: 'claude-thinking-tool', max_tokens: 2048, thinking, tools: [weatherTool], messages: ask }).finalMessage();
    const call = first.content.find((block) => block.type === 'tool_use');
    const history = (content: unknown[]) => [
      ...ask,
      { role: 'assistant' as const, content: content as Anthropic.ContentBlockParam[] },
      { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: String(call?.id), content: '{"temp_c":18}' }] },
    ];
    const second = await client.messages.create({ model: 'claude-text', max_tokens: 2048, thinking, tools: [weatherTool], messages: history(first.content) });
    expect(second.content).toEqual([{ type: 'text', text: MOCK_TEXT }]);

    const forged = first.content.map((block) => (block.type === 'thinking' ? { ...block, signature: `${block.signature}x` } : block));
    await badRequest({ model: 'claude-text', max_tokens: 2048, thinking, tools: [weatherTool], messages: history(forged) }, /^messages\.1\.content\.0: Invalid `signature` in `thinking` block$/);
    const edited = first.content.map((block) => (block.type === 'thinking' ? { ...block, thinking: 'Something else.' } : block));
    await badRequest({ model: 'claude-text', max_tokens: 2048, thinking, tools: [weatherTool], messages: history(edited) }, /cannot be modified/);
    const stripped = first.content.filter((block) => block.type !== 'thinking');
    await badRequest({ model: 'claude-text', max_tokens: 2048, thinking, tools: [weatherTool], messages: history(stripped) }, /must start with a thinking block/);
  });
});
