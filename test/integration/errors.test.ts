/**
 * Bad input and upstream failures: every error leaves OpenAI-shaped, with the right status, nothing leaked.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    // Error mapping only: retries and fallback are exercised in resilience.test.ts.
    config: { server: { bodyLimitMb: 0.05 }, routing: { retry: { maxRetries: 0 } } },
    gateway: { limits: { maxResponseBytes: 1024 * 1024, totalTimeoutMs: 60_000, idleTimeoutMs: 60_000 } },
  });
});
afterAll(async () => {
  await h.close();
});

const user = [{ role: 'user', content: 'hi' }];

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const response = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

function expectOpenAIError(json: any, type: string, code?: string | null): void {
  expect(Object.keys(json)).toEqual(['error']);
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(json.error.type).toBe(type);
  if (code !== undefined) expect(json.error.code).toBe(code);
  expect(typeof json.error.message).toBe('string');
}

describe('client authentication', () => {
  it('401s a missing, wrong, malformed or conflicting client key, in OpenAI shape', async () => {
    const anonymous = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${h.url}/v1`, maxRetries: 0 });
    await expect(anonymous.chat.completions.create({ model: 'mock/gpt-test', messages: user as never })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    const variants: Array<Record<string, string>> = [{ authorization: '' }, { authorization: 'Basic abc' }, { authorization: `Bearer ${CLIENT_KEY}`, 'x-api-key': 'sk-other' }, { authorization: "Bearer ' OR '1'='1" }];
    for (const headers of variants) {
      const result = await post('/v1/chat/completions', { model: 'mock/gpt-test', messages: user }, headers);
      expect(result.status).toBe(401);
      expectOpenAIError(result.json, 'invalid_request_error');
    }
    const missing = await fetch(`${h.url}/v1/models`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).error.message).toMatch(/Authorization: Bearer/);
  });

  it('says so when no client key is configured at all', async () => {
    const keyless = await startHarness({ config: { clientKeys: [] } });
    try {
      await expect(keyless.openai.models.list()).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/No client keys exist yet: create one with `signalbox client-keys create/) });
    } finally {
      await keyless.close();
    }
  });

  it('accepts the key as x-api-key too', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-test', messages: user }, { authorization: '', 'x-api-key': CLIENT_KEY });
    expect(result.status).toBe(401); // empty Authorization is malformed, not absent
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': CLIENT_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock/gpt-test', messages: user }),
    });
    expect(response.status).toBe(200);
  });
});

describe('bad requests', () => {
  it.each([
    ['malformed JSON', '{"model":', 400, 'invalid_json'],
    ['empty body', '', 400, 'invalid_json'],
    ['messages as a string', { model: 'mock/gpt-test', messages: 'hi' }, 400, 'invalid_type'],
    ['max_tokens as a string', { model: 'mock/gpt-test', messages: user, max_tokens: '10' }, 400, 'invalid_type'],
    ['stream as a string', { model: 'mock/gpt-test', messages: user, stream: 'true' }, 400, 'invalid_type'],
    ['unknown role', { model: 'mock/gpt-test', messages: [{ role: 'robot', content: 'x' }] }, 400, 'invalid_value'],
    ['client-chosen upstream', { model: 'mock/gpt-test', messages: user, api_base: 'http://evil.example' }, 400, 'unsupported_parameter'],
    ['prototype poisoning', '{"model":"mock/gpt-test","messages":[],"__proto__":{"x":1}}', 400, 'invalid_json'],
    ['deep nesting', `{"model":"mock/gpt-test","messages":[],"x":${'['.repeat(2000)}${']'.repeat(2000)}}`, 400, 'json_too_deep'],
  ])('%s → %s', async (_name, body, status, code) => {
    const before = h.mock.requests.length;
    const result = await post('/v1/chat/completions', body);
    expect(result.status).toBe(status);
    expectOpenAIError(result.json, 'invalid_request_error', code);
    expect(h.mock.requests.length).toBe(before);
  });

  it('names the parameter at fault', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-test', messages: [{ role: 'user', content: 'x' }, { role: 'system2', content: 'y' }] });
    expect(result.json.error.param).toBe('messages[1].role');
  });

  it('rejects invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"model":"mock/gpt-test","messages":[{"role":"user","content":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}]}')]);
    const result = await post('/v1/chat/completions', new Uint8Array(bytes));
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe('invalid_json');
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['latin1 JSON', 'application/json; charset=latin1'],
  ])('415s %s bodies before any handler runs', async (_name, type) => {
    const before = h.mock.requests.length;
    const result = await post('/v1/chat/completions', JSON.stringify({ model: 'mock/gpt-test', messages: user }), { 'content-type': type });
    expect(result.status).toBe(415);
    expectOpenAIError(result.json, 'invalid_request_error', 'unsupported_media_type');
    expect(h.mock.requests.length).toBe(before);
  });

  it('accepts application/json with charset=utf-8 in any case', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-test', messages: user }, { 'content-type': 'Application/JSON; charset=UTF-8' });
    expect(result.status).toBe(200);
  });

  it('413s a body over the limit', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-test', messages: [{ role: 'user', content: 'x'.repeat(60_000) }] });
    expect(result.status).toBe(413);
    expectOpenAIError(result.json, 'invalid_request_error', 'request_too_large');
  });

  it('404s unknown models and providers', async () => {
    await expect(h.openai.chat.completions.create({ model: 'nobody/gpt-test', messages: user as never })).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    await expect(h.openai.chat.completions.create({ model: 'oai/not-listed', messages: user as never })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('404s unknown routes and 405s wrong methods, in OpenAI shape', async () => {
    const unknown = await post('/v1/nope', {});
    expect(unknown.status).toBe(404);
    expectOpenAIError(unknown.json, 'invalid_request_error', 'unknown_url');
    const wrongMethod = await fetch(`${h.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expectOpenAIError(await wrongMethod.json(), 'invalid_request_error', 'method_not_allowed');
  });

  it('never shows framework details', async () => {
    const result = await post('/v1/chat/completions', '{"model":');
    expect(result.text).not.toMatch(/FST_|statusCode|fastify/i);
    expect(result.headers.get('x-powered-by')).toBeNull();
    expect(result.headers.get('server')).toBeNull();
  });
});

describe('upstream failures', () => {
  it('maps a 429 to 429 with Retry-After and the provider named', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-429', messages: user });
    expect(result.status).toBe(429);
    expect(result.headers.get('retry-after')).toBe('7');
    expect(result.headers.get('x-signalbox-provider')).toBe('mock');
    expectOpenAIError(result.json, 'rate_limit_error', 'rate_limit_exceeded');
    expect(result.json.error.message).toMatch(/^Provider "mock" answered HTTP 429: Rate limit reached/);
    await expect(h.openai.chat.completions.create({ model: 'mock/gpt-429', messages: user as never })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('keeps quota exhaustion distinct from rate limiting', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-quota', messages: user });
    expect(result.status).toBe(429);
    expectOpenAIError(result.json, 'insufficient_quota', 'insufficient_quota');
  });

  it.each([
    ['gpt-500', 502, 'server_error', 'upstream_server_error'],
    ['gpt-503', 503, 'server_error', 'overloaded'],
    ['gpt-html', 502, 'server_error', 'upstream_server_error'],
    ['gpt-redirect', 502, 'upstream_error', 'upstream_bad_response'],
  ])('maps %s to %s', async (model, status, type, code) => {
    const result = await post('/v1/chat/completions', { model: `mock/${model}`, messages: user });
    expect(result.status).toBe(status);
    expectOpenAIError(result.json, type, code);
    expect(result.text).not.toMatch(/<html|<script/i);
  });

  it('passes a provider 400 through with its code and param', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-400-context', messages: user });
    expect(result.status).toBe(400);
    expect(result.json.error).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
  });

  it('reports a rejected provider key as a gateway-side 502, not a client 401', async () => {
    const broken = await startHarness({
      gateway: { env: { MOCK_PROVIDER_KEY: 'sk-not-the-right-key-000', SIGNALBOX_TEST_KEY: CLIENT_KEY } },
    });
    try {
      const error = await broken.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user as never }).catch((failure: unknown) => failure);
      expect(error).toMatchObject({ status: 502, code: 'upstream_auth' });
      expect((error as Error).message).toMatch(/rejected the gateway's credentials/);
      expect((error as Error).message).not.toContain('sk-not-the-right-key-000');
    } finally {
      await broken.close();
    }
  });

  it('redacts provider keys from anything a provider says', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-leaky', messages: user });
    expect(result.status).toBe(400);
    expect(result.text).not.toContain(PROVIDER_KEY);
    expect(result.json.error.message).toContain('[redacted]');
  });

  it('503s a provider whose key is not available, saying why', async () => {
    const partial = await startHarness({ gateway: { env: { SIGNALBOX_TEST_KEY: CLIENT_KEY } } });
    try {
      const before = partial.mock.requests.length;
      await expect(partial.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user as never })).rejects.toMatchObject({
        status: 503,
        message: expect.stringMatching(/MOCK_PROVIDER_KEY is not set/),
      });
      expect(partial.mock.requests.length).toBe(before);
    } finally {
      await partial.close();
    }
  });

  it('refuses a response larger than the cap', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-huge', messages: user });
    expect(result.status).toBe(502);
    expect(result.json.error.code).toBe('upstream_too_large');
  });

  it('502s an unreachable provider', async () => {
    const dead = await startHarness({ config: { providers: { mock: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' } } } });
    try {
      await expect(dead.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user as never })).rejects.toMatchObject({ status: 502, code: 'upstream_unreachable' });
    } finally {
      await dead.close();
    }
  });

  it('504s a provider that does not answer within its timeout', async () => {
    const gateway = await startHarness({
      config: (mock) => ({ providers: { mock: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY', timeoutMs: 300 } } }),
    });
    try {
      await expect(gateway.openai.chat.completions.create({ model: 'mock/gpt-hang', messages: user as never })).rejects.toMatchObject({ status: 504, code: 'upstream_timeout' });
      await expect(gateway.openai.chat.completions.create({ model: 'mock/gpt-hang', messages: user as never, stream: true })).rejects.toMatchObject({ status: 504 });
    } finally {
      await gateway.close();
    }
  });
});

describe('upstream failures while streaming', () => {
  it('turns an upstream error before any content into an HTTP error (nothing committed yet)', async () => {
    const result = await post('/v1/chat/completions', { model: 'mock/gpt-error-first', messages: user, stream: true });
    expect(result.status).toBe(429);
    expectOpenAIError(result.json, 'rate_limit_error', 'rate_limit_exceeded');
  });

  it('ends a stream that fails midway with one in-band error the SDK throws, and no [DONE]', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-error-midstream', messages: user as never, stream: true });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((error: unknown) => error);
    expect(text).toBe('The capital');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as Error).message).toMatch(/Provider "mock": The server had an error/);
    const raw = await post('/v1/chat/completions', { model: 'mock/gpt-error-midstream', messages: user, stream: true });
    expect(raw.status).toBe(200);
    expect(raw.text).not.toContain('[DONE]');
  });

  it.each([
    ['gpt-truncated', 'upstream_truncated'],
    ['gpt-bad-json', 'upstream_bad_response'],
  ])('never reports %s as a success', async (model, code) => {
    const raw = await post('/v1/chat/completions', { model: `mock/${model}`, messages: user, stream: true });
    expect(raw.status).toBe(200);
    expect(raw.text).not.toContain('[DONE]');
    const last = raw.text.trim().split('\n\n').at(-1) ?? '';
    expect(JSON.parse(last.replace(/^data: /, '')).error.code).toBe(code);
  });
});
