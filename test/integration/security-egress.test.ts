/**
 * Where provider keys may go (SEC-11, 13, 14): clients can never choose an upstream (body fields and
 * headers), upstream answers can never redirect credentials (3xx, WWW-Authenticate realm), and the egress
 * policy refuses link-local / metadata addresses at config load and at connect time — in the one upstream
 * client, so every caller (generation, model discovery) is covered. A trap server counts connections.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../gateway/config/load.js';
import { createGateway } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';
import { createUpstreamClient } from '../../gateway/upstream/http-client.js';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { startTrap, type Trap } from '../helpers/security.js';
import { startFaultUpstream, type FaultUpstream } from '../mocks/fault-upstream.js';

let h: Harness;
let trap: Trap;
let fault: FaultUpstream;
beforeAll(async () => {
  trap = await startTrap();
  fault = await startFaultUpstream({ apiKey: PROVIDER_KEY });
  h = await startHarness({
    config: (mock) => ({
      providers: {
        mock: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        fault: { type: 'openai-compatible', baseUrl: fault.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
      },
      routing: { retry: { maxRetries: 0 } },
    }),
  });
});
afterAll(async () => {
  await h.close();
  await fault.close();
  await trap.close();
});

const user = [{ role: 'user', content: 'hi' }];

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string }> {
  const response = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text), text };
}

describe('client-supplied upstreams (LiteLLM CVE-2024-6587, Portkey CVE-2025-66405)', () => {
  const endpoints = [
    { path: '/v1/chat/completions', body: { model: 'fault/gpt-a', messages: user } },
    { path: '/v1/messages', body: { model: 'fault/gpt-a', max_tokens: 16, messages: user } },
    { path: '/v1/responses', body: { model: 'fault/gpt-a', input: 'hi' } },
  ];

  it.each(endpoints)('$path refuses routing and credential fields in the body; the trap sees nothing', async ({ path, body }) => {
    const before = fault.calls.length;
    const fields = ['api_base', 'base_url', 'api_key', 'api_version', 'extra_headers', 'custom_llm_provider', 'deployment_id'];
    for (const field of fields) {
      const value = field === 'extra_headers' ? { 'x-forward-to': trap.url } : trap.url;
      const result = await post(path, { ...body, [field]: value });
      expect({ field, status: result.status }).toEqual({ field, status: 400 });
      expect(result.text).toContain(field);
    }
    expect(trap.connections()).toBe(0);
    expect(fault.calls.length).toBe(before);
  });

  it.each(endpoints)('$path ignores base-URL headers: the request goes to the configured provider only', async ({ path, body }) => {
    const before = fault.calls.length;
    const headers = {
      'x-base-url': trap.url,
      'x-api-base': trap.url,
      'x-portkey-custom-host': trap.url,
      'x-portkey-provider': 'openai',
      'openai-base-url': trap.url,
      'anthropic-base-url': trap.url,
      'x-forwarded-host': `127.0.0.1:${trap.port}`,
      forwarded: `host=127.0.0.1:${trap.port}`,
    };
    const result = await post(path, body, headers);
    expect(result.status).toBe(200);
    expect(fault.calls.length).toBe(before + 1);
    const seen = JSON.stringify(fault.calls.at(-1)?.headers);
    expect(seen).not.toContain(String(trap.port));
    expect(trap.connections()).toBe(0);
  });
});

describe('upstream redirects (Ollama GO-2025-3824, REL-17)', () => {
  it.each([false, true])('a 302 with a WWW-Authenticate realm is not followed (stream: %s): 502, the trap sees nothing', async (stream) => {
    fault.script('gpt-redirect', [
      { kind: 'status', status: 302, json: {}, headers: { location: `${trap.url}/steal`, 'www-authenticate': `Bearer realm="${trap.url}/token",service="trap"` } },
    ]);
    const result = await post('/v1/chat/completions', { model: 'fault/gpt-redirect', messages: user, stream });
    expect(result.status).toBe(502);
    expect(result.json.error).toMatchObject({ type: 'upstream_error', code: 'upstream_bad_response' });
    for (const status of [301, 307, 308]) {
      fault.script('gpt-redirect', [{ kind: 'status', status, json: {}, headers: { location: `${trap.url}/steal` } }]);
      expect((await post('/v1/chat/completions', { model: 'fault/gpt-redirect', messages: user, stream })).status).toBe(502);
    }
    expect(trap.connections()).toBe(0);
  });
});

describe('egress policy', () => {
  it('refuses link-local and metadata base URLs at config load, naming the field', () => {
    for (const baseUrl of ['http://169.254.169.254/v1', 'http://[fe80::1]/v1', 'http://[::ffff:169.254.169.254]/v1', 'http://2852039166/v1', 'http://0251.0376.0251.0376/v1', 'http://metadata.google.internal/v1', 'http://0.0.0.0:11434/v1']) {
      let problems: readonly string[] = [];
      try {
        validateConfig({ providers: { cloud: { type: 'openai-compatible', baseUrl } } }, 'test config');
      } catch (error) {
        if (error instanceof ConfigError) problems = error.problems;
      }
      expect({ baseUrl, problems }).toEqual({ baseUrl, problems: [expect.stringMatching(/providers\.cloud\.baseUrl.*allowLinkLocal/)] });
    }
    expect(() => validateConfig({ providers: { cloud: { type: 'openai-compatible', baseUrl: 'http://169.254.169.254/v1', allowLinkLocal: true } } }, 'x')).not.toThrow();
    expect(() => validateConfig({ providers: { lan: { type: 'openai-compatible', baseUrl: 'http://192.168.1.20:11434/v1' } } }, 'x')).not.toThrow();
  });

  it('refuses literal blocked addresses in the client itself, before any connection', async () => {
    const client = createUpstreamClient();
    try {
      for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'http://2852039166/', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/', 'http://metadata.google.internal/']) {
        await expect(client.request({ url, method: 'GET', headers: {}, firstByteTimeoutMs: 1000, idleTimeoutMs: 1000, provider: 'cloud' })).rejects.toMatchObject({
          kind: 'provider_unavailable',
          code: 'egress_refused',
        });
      }
    } finally {
      await client.close();
    }
  });

  it('refuses at connect time a name that resolves to a metadata address; other names still work', async () => {
    const mockPort = new URL(h.mock.baseUrl).port;
    // A resolver standing in for DNS: `rebound.test` is an attacker name pointing at the metadata service.
    const resolve = ((hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      const address = hostname === 'rebound.test' ? '169.254.169.254' : hostname === 'mock.test' ? '127.0.0.1' : undefined;
      if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, [{ address, family: 4 }]);
      return callback(null, address, 4);
    }) as LookupFunction;
    const config = validateConfig(
      {
        providers: {
          rebound: { type: 'openai-compatible', baseUrl: `http://rebound.test:${mockPort}/v1`, apiKey: 'env:KEY', models: ['gpt-test'] },
          named: { type: 'openai-compatible', baseUrl: `http://mock.test:${mockPort}/v1`, apiKey: 'env:KEY', models: ['gpt-test'] },
        },
        clientKeys: [{ name: 'test', key: 'env:CLIENT' }],
        routing: { retry: { maxRetries: 0 } },
      },
      'test config',
    );
    const gateway = await createGateway({ config, env: { KEY: PROVIDER_KEY, CLIENT: CLIENT_KEY }, log: silentLogger, uiRoot: null, upstream: createUpstreamClient({ resolve }) });
    try {
      const { url } = await gateway.listen({ port: 0, host: '127.0.0.1' });
      const call = async (model: string) => {
        const response = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: user }),
        });
        return { status: response.status, json: (await response.json()) as any };
      };
      const refused = await call('rebound/gpt-test');
      expect(refused.status).toBe(503);
      expect(refused.json.error).toMatchObject({ code: 'egress_refused' });
      expect(refused.json.error.message).toMatch(/link-local.*allowLinkLocal/);
      expect((await call('named/gpt-test')).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});
