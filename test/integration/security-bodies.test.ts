/**
 * Hostile bodies through the real server, on the three inbound endpoints and an admin POST (IN-03..11,
 * SEC-22): over-size, too deep, invalid UTF-8, non-JSON content types and slow bodies are refused before
 * any handler runs — in the endpoint's dialect — and no upstream ever sees them.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { parseRawResponse, rawRequest } from '../helpers/security.js';

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness({ config: { server: { bodyLimitMb: 0.05, requestTimeoutMs: 400 } } });
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h.close();
});

const user = [{ role: 'user', content: 'hi' }];
interface Endpoint {
  path: string;
  dialect: 'openai' | 'anthropic';
  auth: () => string;
  body: Record<string, unknown>;
}
const endpoints: Endpoint[] = [
  { path: '/v1/chat/completions', dialect: 'openai', auth: () => CLIENT_KEY, body: { model: 'mock/gpt-test', messages: user } },
  { path: '/v1/responses', dialect: 'openai', auth: () => CLIENT_KEY, body: { model: 'mock/gpt-test', input: 'hi' } },
  { path: '/v1/messages', dialect: 'anthropic', auth: () => CLIENT_KEY, body: { model: 'mock/gpt-test', max_tokens: 16, messages: user } },
  { path: '/admin/routing/preview?dialect=openai-chat', dialect: 'openai', auth: () => h.gateway.adminToken, body: { model: 'mock/gpt-test', messages: user } },
];

const upstreamSeen = (): number => h.mock.requests.length + h.anthropic.requests.length + h.gemini.requests.length;

async function post(endpoint: Endpoint, body: string | Uint8Array, contentType = 'application/json'): Promise<{ status: number; json: any }> {
  const response = await fetch(`${h.url}${endpoint.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${endpoint.auth()}`, 'content-type': contentType },
    body,
  });
  return { status: response.status, json: await response.json() };
}

function expectError(endpoint: Endpoint, json: any, code: string): void {
  if (endpoint.dialect === 'anthropic') {
    expect(json).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
  } else {
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code });
  }
}

const deep = (depth: number): string => `{"model":"mock/gpt-test","messages":[],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const invalidUtf8 = new Uint8Array(Buffer.concat([Buffer.from('{"model":"mock/gpt-test","messages":[{"role":"user","content":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}]}')]));

describe.each(endpoints)('$path', (endpoint) => {
  it('works with a proper body (the refusals below are not for other reasons)', async () => {
    const result = await post(endpoint, JSON.stringify(endpoint.body));
    expect(result.status).toBe(200);
  });

  const oversize = JSON.stringify({ ...endpoint.body, pad: 'x'.repeat(60_000) });
  it.each<[string, string | Uint8Array, number, string]>([
    ['over the size limit', oversize, 413, 'request_too_large'],
    ['nested too deep (2000)', deep(2000), 400, 'json_too_deep'],
    ['nested one level too deep (65)', deep(64), 400, 'json_too_deep'],
    ['invalid UTF-8', invalidUtf8, 400, 'invalid_json'],
    ['malformed JSON', '{"model":', 400, 'invalid_json'],
  ])('refuses a body %s before any handler, upstream untouched', async (_name, body, status, code) => {
    const before = upstreamSeen();
    const result = await post(endpoint, body);
    expect(result.status).toBe(status);
    expectError(endpoint, result.json, code);
    expect(upstreamSeen()).toBe(before);
  });

  it.each(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'])(
    '415s %s (a CSRF "simple request"), upstream untouched',
    async (type) => {
      const before = upstreamSeen();
      const result = await post(endpoint, JSON.stringify(endpoint.body), type);
      expect(result.status).toBe(415);
      expectError(endpoint, result.json, 'unsupported_media_type');
      expect(upstreamSeen()).toBe(before);
    },
  );
});

describe('slow bodies', () => {
  it('cuts off a request whose declared body never arrives (408 or closed), and keeps serving', async () => {
    const before = upstreamSeen();
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${CLIENT_KEY}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model":"mock/`,
      );
    });
    if (raw.length) {
      const response = parseRawResponse(raw);
      expect(response.status).toBe(408);
      expect(response.json.error).toMatchObject({ type: 'invalid_request_error', code: 'request_timeout' });
      expect(response.body).not.toMatch(/statusCode/);
    }
    expect(upstreamSeen()).toBe(before);
    expect((await rawRequest(port, { target: '/health', host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await post(endpoints[0]!, JSON.stringify(endpoints[0]!.body))).status).toBe(200);
  });

  it('also cuts off headers that never finish', async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(true));
      socket.resume();
      socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    });
    expect(closed).toBe(true);
  });

  it('answers malformed HTTP in the OpenAI shape, not the framework\'s', async () => {
    const response = await rawRequest(port, { target: '/health', host: `127.0.0.1:${port}`, headers: { 'Content-Length': '5', 'Transfer-Encoding': 'chunked' } });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'bad_request' });
    const huge = await rawRequest(port, { target: '/health', host: `127.0.0.1:${port}`, headers: { 'X-Big': 'x'.repeat(20_000) } });
    expect(huge.status).toBe(431);
    expect(huge.json.error).toMatchObject({ code: 'headers_too_large' });
  });
});
