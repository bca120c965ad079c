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
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

const anyJson = fc.jsonValue({ maxDepth: 4 });
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
// Models that reach each mock provider (no fault-scenario names), plus some that reach nothing.
const model = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('mock/gpt-test', 'oai/gpt-test', 'ant/claude-text', 'gem/gemini-text', 'mock/gpt-tool', 'ant/claude-tool') },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('nobody/x', 'auto', '', 'mock/'), fc.string({ maxLength: 20 })) },
);
const content = fc.oneof(text, fc.array(fc.record({ type: fc.constant('text'), text }), { minLength: 1, maxLength: 2 }));
const tools = fc.array(
  fc.record({ name: fc.stringMatching(/^[a-z_]{1,12}$/), description: text }),
  { maxLength: 2 },
);

/** Valid requests of each dialect (as far as the shapes go): the mutations below then break them. */
const VALID: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  '/v1/chat/completions': fc.record(
    {
      model,
      messages: fc.tuple(fc.option(fc.record({ role: fc.constantFrom('system', 'developer'), content: text }), { nil: undefined }), fc.array(fc.record({ role: fc.constant('user'), content }), { minLength: 1, maxLength: 2 })).map(([system, users]) => (system ? [system, ...users] : users)),
      stream: fc.boolean(),
      stream_options: fc.record({ include_usage: fc.boolean() }),
      max_tokens: fc.integer({ min: 1, max: 4000 }),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      tools: tools.map((list) => list.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: { type: 'object', properties: {} } } }))),
    },
    { requiredKeys: ['model', 'messages'] },
  ),
  '/v1/messages': fc.record(
    {
      model,
      max_tokens: fc.integer({ min: 1, max: 4000 }),
      messages: fc.array(fc.record({ role: fc.constant('user'), content }), { minLength: 1, maxLength: 1 }),
      system: text,
      stream: fc.boolean(),
      temperature: fc.double({ min: 0, max: 1, noNaN: true }),
      tools: tools.map((list) => list.map((tool) => ({ name: tool.name, description: tool.description, input_schema: { type: 'object', properties: {} } }))),
    },
    { requiredKeys: ['model', 'max_tokens', 'messages'] },
  ),
  '/v1/responses': fc.record(
    {
      model,
      input: fc.oneof(text, fc.array(fc.record({ role: fc.constant('user'), content: text }), { minLength: 1, maxLength: 2 })),
      instructions: text,
      stream: fc.boolean(),
      max_output_tokens: fc.integer({ min: 16, max: 4000 }),
      tools: tools.map((list) => list.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, parameters: { type: 'object', properties: {} } }))),
    },
    { requiredKeys: ['model', 'input'] },
  ),
};

/** Breaks a request: replaces or deletes a field, at the top or one level into a list item. */
const KEYS = ['model', 'messages', 'input', 'max_tokens', 'stream', 'system', 'tools', 'tool_choice', 'temperature', 'n', 'stop', 'response_format', 'reasoning', 'thinking', 'metadata', 'role', 'content', 'type', 'name', 'text'];
const mutation = fc.record({ key: fc.constantFrom(...KEYS), nested: fc.boolean(), value: fc.option(anyJson, { nil: undefined }) });

function mutate(request: Record<string, unknown>, mutations: Array<{ key: string; nested: boolean; value: unknown }>): Record<string, unknown> {
  const copy = structuredClone(request);
  for (const { key, nested, value } of mutations) {
    const list = Object.values(copy).find((entry) => Array.isArray(entry) && entry.length && typeof entry[0] === 'object' && entry[0] !== null) as Array<Record<string, unknown>> | undefined;
    const target = nested && list ? (list[0] as Record<string, unknown>) : copy;
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
  return copy;
}

describe.each(ENDPOINTS)('$path under random input', ({ path, dialect }) => {
  it('answers random JSON values with a well-formed 4xx or a success', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        const answer = await send(path, JSON.stringify(value));
        expect(judge(dialect, answer.status, answer.contentType, answer.text)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('answers valid and mutated requests with a well-formed 4xx or a success', async () => {
    await fc.assert(
      fc.asyncProperty(VALID[path]!, fc.array(mutation, { maxLength: 2 }), async (request, mutations) => {
        const answer = await send(path, JSON.stringify(mutate(request, mutations)));
        expect(judge(dialect, answer.status, answer.contentType, answer.text)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });
});

it('is still up afterwards', async () => {
  const health = await fetch(`${h.url}/health`);
  expect(health.status).toBe(200);
  const ok = await send('/v1/chat/completions', JSON.stringify({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] }));
  expect(ok.status).toBe(200);
});
