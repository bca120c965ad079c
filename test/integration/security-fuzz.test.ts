/**
 * Property test over the three inbound endpoints through the real server: random JSON values and random
 * request-shaped objects always get a well-formed answer — a 2xx success, or a 4xx error in the
 * endpoint's own dialect — never a 5xx, never a crash; the server still answers /health afterwards.
 * Bounded runs (a few hundred requests) so the suite stays fast; fast-check prints a replayable seed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { routing: { retry: { maxRetries: 0 } } } });
});
afterAll(async () => {
  console.log('STATS', JSON.stringify((globalThis as any).STATS, null, 1));
  await h.close();
});

type Dialect = 'openai' | 'anthropic';
const ENDPOINTS: Array<{ path: string; dialect: Dialect }> = [
  { path: '/v1/chat/completions', dialect: 'openai' },
  { path: '/v1/responses', dialect: 'openai' },
  { path: '/v1/messages', dialect: 'anthropic' },
];

/** Problems with one answer, or an empty list when it is acceptable. */
function judge(dialect: Dialect, status: number, contentType: string, text: string): string[] {
  if (status >= 200 && status < 300) {
    if (contentType.startsWith('text/event-stream')) return [];
    try {
      JSON.parse(text);
      return [];
    } catch {
      return [`2xx with a body that is neither JSON nor SSE: ${text.slice(0, 200)}`];
    }
  }
  if (status < 400 || status >= 500) return [`status ${status}: ${text.slice(0, 300)}`];
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${status} with a non-JSON body: ${text.slice(0, 200)}`];
  }
  const problems: string[] = [];
  if (dialect === 'openai') {
    if (Object.keys(body ?? {}).join() !== 'error') problems.push(`not an OpenAI error envelope: ${text.slice(0, 200)}`);
    if (typeof body?.error?.message !== 'string' || typeof body?.error?.type !== 'string') problems.push(`OpenAI error without message/type: ${text.slice(0, 200)}`);
  } else {
    if (body?.type !== 'error') problems.push(`not an Anthropic error envelope: ${text.slice(0, 200)}`);
    if (typeof body?.error?.message !== 'string' || typeof body?.error?.type !== 'string') problems.push(`Anthropic error without message/type: ${text.slice(0, 200)}`);
  }
  return problems;
}

async function send(path: string, payload: string): Promise<{ status: number; contentType: string; text: string }> {
  const response = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: payload,
  });
  const t = await response.clone().text(); (globalThis as any).STATS ??= {}; const k = `${path} ${response.status} ${/"code":"([^"]*)"/.exec(t)?.[1] ?? (/"type":"([a-z_]*error)"/.exec(t)?.[1] ?? '')}`; (globalThis as any).STATS[k] = ((globalThis as any).STATS[k] ?? 0) + 1;
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

const anyJson = fc.jsonValue({ maxDepth: 4 });
const loose = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: anyJson });

// Models that reach each mock provider (and some that reach nothing); no fault-scenario names.
const model = loose(fc.oneof(fc.constantFrom('mock/gpt-test', 'oai/gpt-test', 'ant/claude-text', 'gem/gemini-2.5-flash', 'mock/gpt-tool', 'nobody/x', 'auto', ''), fc.string({ maxLength: 20 })));
const text = fc.string({ maxLength: 40, unit: 'grapheme' });
const part = fc.record(
  {
    type: fc.constantFrom('text', 'input_text', 'output_text', 'image_url', 'image', 'tool_use', 'tool_result', 'thinking', 'function_call', 'refusal', 'nope'),
    text: loose(text),
    image_url: loose(fc.oneof(fc.constant('data:image/png;base64,iVBORw0KGgo='), fc.webUrl(), fc.record({ url: fc.constant('http://169.254.169.254/') }))),
    id: loose(fc.string({ maxLength: 10 })),
    name: loose(fc.string({ maxLength: 10 })),
    input: anyJson,
    content: loose(text),
    tool_use_id: loose(fc.string({ maxLength: 10 })),
  },
  { requiredKeys: ['type'] },
);
const message = fc.record(
  {
    role: loose(fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool', 'function', 'robot')),
    content: loose(fc.oneof(text, fc.array(part, { maxLength: 3 }), fc.constant(null))),
    tool_calls: anyJson,
    tool_call_id: loose(fc.string({ maxLength: 10 })),
    name: loose(fc.string({ maxLength: 10 })),
    type: loose(fc.constantFrom('message', 'function_call', 'function_call_output', 'reasoning')),
  },
  { requiredKeys: [] },
);
const requestShaped = fc.record(
  {
    model,
    messages: loose(fc.array(message, { maxLength: 4 })),
    input: loose(fc.oneof(text, fc.array(message, { maxLength: 3 }))),
    system: loose(fc.oneof(text, fc.array(part, { maxLength: 2 }))),
    instructions: loose(text),
    max_tokens: loose(fc.integer({ min: -10, max: 100_000 })),
    max_output_tokens: loose(fc.integer({ min: -10, max: 100_000 })),
    max_completion_tokens: loose(fc.integer({ min: -10, max: 100_000 })),
    stream: loose(fc.boolean()),
    stream_options: loose(fc.record({ include_usage: fc.boolean() })),
    temperature: loose(fc.double({ min: -1, max: 3, noNaN: true })),
    top_p: loose(fc.double({ min: -1, max: 2, noNaN: true })),
    n: loose(fc.integer({ min: -1, max: 5 })),
    stop: loose(fc.oneof(text, fc.array(text, { maxLength: 3 }))),
    tools: loose(fc.array(fc.record({ type: fc.constant('function'), name: fc.string({ maxLength: 8 }), function: anyJson, input_schema: anyJson }), { maxLength: 2 })),
    tool_choice: anyJson,
    response_format: anyJson,
    reasoning: anyJson,
    reasoning_effort: loose(fc.constantFrom('low', 'medium', 'high', 'max')),
    thinking: anyJson,
    metadata: anyJson,
    user: loose(text),
  },
  { requiredKeys: [] },
);

describe.each(ENDPOINTS)('$path under random input', ({ path, dialect }) => {
  it('answers random JSON values with a well-formed 4xx or a success', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        const answer = await send(path, JSON.stringify(value));
        expect(judge(dialect, answer.status, answer.contentType, answer.text)).toEqual([]);
      }),
      { numRuns: Number(process.env.RUNS ?? 40) },
    );
  });

  it('answers random request-shaped objects with a well-formed 4xx or a success', async () => {
    await fc.assert(
      fc.asyncProperty(requestShaped, async (value) => {
        const answer = await send(path, JSON.stringify(value));
        expect(judge(dialect, answer.status, answer.contentType, answer.text)).toEqual([]);
      }),
      { numRuns: Number(process.env.RUNS ?? 80) },
    );
  });
});

it('is still up afterwards', async () => {
  const health = await fetch(`${h.url}/health`);
  expect(health.status).toBe(200);
  const ok = await send('/v1/chat/completions', JSON.stringify({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] }));
  expect(ok.status).toBe(200);
});
