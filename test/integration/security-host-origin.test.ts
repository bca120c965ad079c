/**
 * Localhost hardening through the real server (SEC-01..05, 07, 09, 10, 26): the Host allow-list on every
 * route and method before any handler, the Origin policy decided independently of Host, CORS off by
 * default and exact for allow-listed origins, and no framework fingerprints.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { makeUiRoot, rawRequest, type RawResponse } from '../helpers/security.js';

const ALLOWED_ORIGIN = 'https://app.example.com';
let h: Harness;
let port: number;
let uiRoot: string;
let adminAuth: Record<string, string>;
const clientAuth = { authorization: `Bearer ${CLIENT_KEY}` };
const chat = JSON.stringify({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] });
const anthropicBody = JSON.stringify({ model: 'mock/gpt-test', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  uiRoot = makeUiRoot();
  h = await startHarness({ config: { server: { allowedOrigins: [ALLOWED_ORIGIN] } }, gateway: { uiRoot } });
  port = Number(new URL(h.url).port);
  adminAuth = { authorization: `Bearer ${h.gateway.adminToken}` };
});
afterAll(async () => {
  await h.close();
  rmSync(uiRoot, { recursive: true, force: true });
});

interface Probe {
  name: string;
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string;
  /** Status with an allowed Host (proves the probe reaches its handler when the Host is fine). */
  ok: number;
  dialect?: 'anthropic';
}

const probes = (): Probe[] => [
  { name: 'health', method: 'GET', target: '/health', ok: 200 },
  { name: 'ready', method: 'GET', target: '/ready', ok: 200 },
  { name: 'static UI index', method: 'GET', target: '/', ok: 200 },
  { name: 'static UI asset', method: 'GET', target: '/assets/app.js', ok: 200 },
  { name: 'models', method: 'GET', target: '/v1/models', headers: clientAuth, ok: 200 },
  { name: 'chat', method: 'POST', target: '/v1/chat/completions', headers: { ...clientAuth, ...json }, body: chat, ok: 200 },
  { name: 'messages', method: 'POST', target: '/v1/messages', headers: { ...clientAuth, ...json }, body: anthropicBody, ok: 200, dialect: 'anthropic' },
  { name: 'admin status', method: 'GET', target: '/admin/status', headers: adminAuth, ok: 200 },
  { name: 'admin POST', method: 'POST', target: '/admin/routing/preview?dialect=openai-chat', headers: { ...adminAuth, ...json }, body: chat, ok: 200 },
  { name: 'unknown route', method: 'GET', target: '/nope', ok: 404 },
  { name: 'wrong method', method: 'DELETE', target: '/v1/chat/completions', headers: clientAuth, ok: 405 },
  { name: 'plain OPTIONS', method: 'OPTIONS', target: '/v1/chat/completions', ok: 405 },
  {
    name: 'CORS preflight',
    method: 'OPTIONS',
    target: '/v1/chat/completions',
    headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' },
    ok: 204,
  },
];

const send = (probe: Probe, host: string | null, version?: '1.0' | '1.1'): Promise<RawResponse> =>
  rawRequest(port, { method: probe.method, target: probe.target, host, headers: probe.headers, body: probe.body, version });

function expectHostRefused(response: RawResponse, dialect?: 'anthropic'): void {
  expect(response.status).toBe(403);
  if (dialect === 'anthropic') {
    expect(response.json).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  } else {
    expect(response.json.error).toMatchObject({ type: 'invalid_request_error', code: 'host_not_allowed' });
  }
  expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
}

describe('Host allow-list (DNS rebinding)', () => {
  const badHosts = (p: number): string[] => [
    'evil.example',
    `evil.example:${p}`,
    `attacker.rebind.example:${p}`,
    `127.0.0.1.nip.io:${p}`,
    '',
    `:${p}`,
    `127.0.0.1:${p + 1}`,
    `localhost.evil.example:${p}`,
    `evil.localhost.example:${p}`,
    `foo.local:${p}`,
    `foo.internal:${p}`,
    `0.0.0.0:${p}`,
    '127.0.0.1',
    'localhost',
    `evil/../admin:${p}`,
  ];

  it('every probe reaches its handler with an allowed Host', async () => {
    for (const probe of probes()) {
      const response = await send(probe, `127.0.0.1:${port}`);
      expect({ probe: probe.name, status: response.status }).toEqual({ probe: probe.name, status: probe.ok });
    }
  });

  it('refuses every other Host on every route and method with 403 before any handler runs', async () => {
    const upstreamBefore = h.mock.requests.length;
    for (const host of badHosts(port)) {
      for (const probe of probes()) {
        const response = await send(probe, host);
        expect({ host, probe: probe.name, status: response.status }).toEqual({ host, probe: probe.name, status: 403 });
        expectHostRefused(response, probe.dialect);
      }
    }
    expect(h.mock.requests.length).toBe(upstreamBefore);
  });

  it('accepts the loopback names with the port, case-insensitively', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await rawRequest(port, { target: '/health', host })).status).toBe(200);
    }
  });

  it('refuses HTTP/1.0 without a Host; Node itself rejects HTTP/1.1 without one', async () => {
    expectHostRefused(await send({ name: 'health', method: 'GET', target: '/health', ok: 200 }, null, '1.0'));
    expect((await rawRequest(port, { target: '/health', host: null })).status).toBe(400);
  });

  it('a rebound Host with a matching Origin is still refused, with or without Origin (no Origin==Host shortcut)', async () => {
    for (const headers of [{ origin: `http://evil.example:${port}` }, {}] as Array<Record<string, string>>) {
      const response = await rawRequest(port, { target: '/admin/status', host: `evil.example:${port}`, headers: { ...adminAuth, ...headers } });
      expectHostRefused(response);
    }
  });

  it('serves a configured LAN name (server.allowedHosts) and keeps refusing the rest', async () => {
    const lan = await startHarness({ config: { server: { allowedHosts: ['gateway.lan:6464', 'Box.Example:1'] } } });
    try {
      const lanPort = Number(new URL(lan.url).port);
      // The extra names are exact host:port strings; the loopback names follow the real port.
      expect((await rawRequest(lanPort, { target: '/health', host: 'gateway.lan:6464' })).status).toBe(200);
      expect((await rawRequest(lanPort, { target: '/health', host: 'box.example:1' })).status).toBe(200);
      expect((await rawRequest(lanPort, { target: '/health', host: `localhost:${lanPort}` })).status).toBe(200);
      expect((await rawRequest(lanPort, { target: '/health', host: 'gateway.lan' })).status).toBe(403);
      expect((await rawRequest(lanPort, { target: '/health', host: `gateway.lan:${lanPort}` })).status).toBe(403);
    } finally {
      await lan.close();
    }
  });
});

describe('Origin policy', () => {
  const own = (): string => `http://127.0.0.1:${port}`;
  const request = (target: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<RawResponse> =>
    rawRequest(port, { method, target, host: `127.0.0.1:${port}`, headers, body });

  it('admin: only the app\'s own origin, no cross-site fetches', async () => {
    expect((await request('/admin/status', adminAuth)).status).toBe(200);
    expect((await request('/admin/status', { ...adminAuth, origin: own() })).status).toBe(200);
    expect((await request('/admin/status', { ...adminAuth, origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    for (const headers of [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: ALLOWED_ORIGIN },
      { origin: `http://127.0.0.1:${port + 1}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ] as Array<Record<string, string>>) {
      const response = await request('/admin/status', { ...adminAuth, ...headers });
      expect({ headers, status: response.status }).toEqual({ headers, status: 403 });
      expect(['origin_not_allowed', 'cross_site_request']).toContain(response.json.error.code);
    }
  });

  it('admin POST from a foreign origin is refused before the body is even looked at (CSRF)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json']) {
      const response = await request('/admin/routing/preview', { ...adminAuth, origin: 'http://evil.example', 'content-type': type }, 'POST', chat);
      expect(response.status).toBe(403);
    }
  });

  it('client API: a foreign or null Origin is refused and the upstream sees nothing; no Origin is fine', async () => {
    const before = h.mock.requests.length;
    for (const origin of ['http://evil.example', 'null', 'https://app.example.com.evil.example', 'http://app.example.com']) {
      const response = await request('/v1/chat/completions', { ...clientAuth, ...json, origin }, 'POST', chat);
      expect({ origin, status: response.status, code: response.json.error.code }).toEqual({ origin, status: 403, code: 'origin_not_allowed' });
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
    const anthropic = await request('/v1/messages', { ...clientAuth, ...json, origin: 'http://evil.example' }, 'POST', anthropicBody);
    expect(anthropic.status).toBe(403);
    expect(anthropic.json).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect(h.mock.requests.length).toBe(before);
    expect((await request('/v1/chat/completions', { ...clientAuth, ...json }, 'POST', chat)).status).toBe(200);
    expect((await request('/v1/chat/completions', { ...clientAuth, ...json, origin: own() }, 'POST', chat)).status).toBe(200);
  });

  it('is on with the default (empty) config too', async () => {
    const plain = await startHarness();
    try {
      const plainPort = Number(new URL(plain.url).port);
      const response = await rawRequest(plainPort, { target: '/v1/models', host: `127.0.0.1:${plainPort}`, headers: { ...clientAuth, origin: ALLOWED_ORIGIN } });
      expect(response.status).toBe(403);
      expect((await rawRequest(plainPort, { target: '/v1/models', host: `evil.example:${plainPort}`, headers: clientAuth })).status).toBe(403);
    } finally {
      await plain.close();
    }
  });
});

describe('CORS', () => {
  const preflight = (target: string, origin: string, extra: Record<string, string> = {}): Promise<RawResponse> =>
    rawRequest(port, {
      method: 'OPTIONS',
      target,
      host: `127.0.0.1:${port}`,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-stainless-os', ...extra },
    });
  const corsHeaders = (response: RawResponse): string[] => Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));

  it('grants an allow-listed origin an exact preflight, never *, never credentials', async () => {
    const response = await preflight('/v1/chat/completions', ALLOWED_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers.vary).toMatch(/\bOrigin\b/);
    expect(response.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(response.headers['access-control-allow-headers']?.split(', ')).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-api-key', 'anthropic-version', 'x-goog-api-key', 'x-stainless-os']));
    expect(response.headers).not.toHaveProperty('access-control-allow-credentials');
    expect(response.headers).not.toHaveProperty('access-control-allow-private-network');
    expect(Object.values(response.headers)).not.toContain('*');
    const pna = await preflight('/v1/messages', ALLOWED_ORIGIN, { 'access-control-request-private-network': 'true' });
    expect(pna.headers['access-control-allow-private-network']).toBe('true');
  });

  it('refuses other preflights with 403 and no allow headers (including Private Network Access)', async () => {
    for (const [target, origin] of [
      ['/v1/chat/completions', 'http://evil.example'],
      ['/v1/chat/completions', 'null'],
      ['/v1/chat/completions', `http://127.0.0.1:${port}`],
      ['/admin/status', ALLOWED_ORIGIN],
      ['/admin/status', 'http://evil.example'],
      ['/health', ALLOWED_ORIGIN],
    ] as const) {
      const response = await preflight(target, origin, { 'access-control-request-private-network': 'true' });
      expect({ target, origin, status: response.status }).toEqual({ target, origin, status: 403 });
      expect(corsHeaders(response)).toEqual([]);
    }
  });

  it('echoes the allowed origin on actual responses, errors included, and nothing for others', async () => {
    const ok = await rawRequest(port, { method: 'POST', target: '/v1/chat/completions', host: `127.0.0.1:${port}`, headers: { ...clientAuth, ...json, origin: ALLOWED_ORIGIN }, body: chat });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(ok.headers.vary).toMatch(/\bOrigin\b/);
    expect(ok.headers).not.toHaveProperty('access-control-allow-credentials');
    const unauthorized = await rawRequest(port, { target: '/v1/models', host: `127.0.0.1:${port}`, headers: { origin: ALLOWED_ORIGIN } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    for (const response of [
      await rawRequest(port, { target: '/v1/models', host: `127.0.0.1:${port}`, headers: clientAuth }),
      await rawRequest(port, { target: '/health', host: `127.0.0.1:${port}`, headers: { origin: ALLOWED_ORIGIN } }),
      await rawRequest(port, { target: '/admin/status', host: `127.0.0.1:${port}`, headers: { ...adminAuth, origin: `http://127.0.0.1:${port}` } }),
    ]) {
      expect(corsHeaders(response)).toEqual([]);
    }
  });
});

describe('fingerprints', () => {
  it('no Server or X-Powered-By header on any kind of answer', async () => {
    for (const probe of probes()) {
      for (const host of [`127.0.0.1:${port}`, 'evil.example']) {
        const response = await send(probe, host);
        expect(response.headers).not.toHaveProperty('server');
        expect(response.headers).not.toHaveProperty('x-powered-by');
        expect(response.body).not.toMatch(/fastify|FST_|node\.js/i);
      }
    }
  });
});
