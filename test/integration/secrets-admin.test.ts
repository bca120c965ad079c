/**
 * Provider keys through the admin API, with an in-memory vault (the real OS keychain is exercised in
 * test/keychain/): a `keychain:` provider is unavailable with an actionable reason until its key is set,
 * works at once after `PUT /admin/secrets/:name` and stops after `DELETE`, in every dialect; the key never
 * appears in a response, a log line or the SQLite ledger; env-only configs never touch the vault.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryVault, type MemoryVault } from '../../gateway/secrets/memory-vault.js';
import { createLogger } from '../../gateway/telemetry/log.js';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

const ADMIN = 'admin-token-for-secrets-0123456789';
// The mock upstreams accept only this key; `gpt-leaky` echoes it in an error message.
const KEY = 'mock-provider-key-0123456789';
const NOT_SET = 'keychain entry "mock-key" is not set — set it with `signalbox keys set mock-key` or in the UI';

let h: Harness;
let vault: MemoryVault;
const logs: string[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  vault = createMemoryVault({ unrelated: 'sk-unrelated-entry-0000' });
  h = await startHarness({
    config: (mock) => ({
      providers: {
        kc: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'keychain:mock-key' },
        envp: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:OTHER_KEY' },
      },
    }),
    gateway: { adminToken: ADMIN, vault, log: createLogger('debug', (line) => logs.push(line)) },
  });
  // The ant provider of the default config is replaced: point an Anthropic-dialect client at kc.
});
afterAll(async () => {
  await h?.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }) {
  const response = await fetch(`${h.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, text, json: text ? (JSON.parse(text) as any) : undefined };
}

const chat = (model = 'kc/gpt-test') =>
  call('POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${CLIENT_KEY}` });
const messages = () =>
  call('POST', '/v1/messages', { model: 'kc/gpt-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' });

describe('keychain provider keys via the admin API', () => {
  it('a provider whose keychain entry is not set is unavailable with what to do, in each client dialect', async () => {
    const status = await call('GET', '/admin/status');
    expect(status.json.providers.find((p: any) => p.id === 'kc')).toMatchObject({ hasKey: false, unavailable: `API key unavailable: ${NOT_SET}` });

    const openai = await chat();
    expect(openai.status).toBe(503);
    expect(openai.json.error).toMatchObject({ code: 'provider_unavailable' });
    expect(openai.json.error.message).toContain(NOT_SET);

    const anthropic = await messages();
    expect(anthropic.status).toBe(503);
    expect(anthropic.json).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
    expect(anthropic.json.error.message).toContain(NOT_SET);
    expect(h.mock.requests.filter((r) => r.path.includes('chat'))).toHaveLength(0);
  });

  it('GET /admin/secrets lists keychain names (configured and stored) and env refs, never values', async () => {
    const list = await call('GET', '/admin/secrets');
    expect(list.status).toBe(200);
    expect(list.json).toEqual({
      keychain: { available: true, backend: 'memory' },
      secrets: [
        { name: 'mock-key', ref: 'keychain:mock-key', source: 'keychain', set: false, hint: null, usedBy: ['kc'] },
        { name: 'unrelated', ref: 'keychain:unrelated', source: 'keychain', set: true, hint: 'sk-…0000', usedBy: [] },
        { name: 'OTHER_KEY', ref: 'env:OTHER_KEY', source: 'env', set: false, hint: null, usedBy: ['envp'] },
      ],
    });
    expect(list.text).not.toContain('sk-unrelated-entry-0000');
  });

  it('PUT stores the key and the provider answers at once, without a restart', async () => {
    const put = await call('PUT', '/admin/secrets/mock-key', { value: KEY });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ name: 'mock-key', ref: 'keychain:mock-key', source: 'keychain', set: true, hint: 'moc…6789', usedBy: ['kc'] });
    expect(await vault.get('mock-key')).toBe(KEY);

    const openai = await h.openai.chat.completions.create({ model: 'kc/gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    expect(openai.choices[0]?.message.content).toBeTruthy();
    expect(h.mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    const status = await call('GET', '/admin/status');
    expect(status.json.providers.find((p: any) => p.id === 'kc')).toMatchObject({ hasKey: true, unavailable: null });
  });

  it('a newly set key is redacted from provider messages', async () => {
    const leaky = await chat('kc/gpt-leaky');
    expect(leaky.status).toBeGreaterThanOrEqual(400);
    expect(leaky.text).toContain('[redacted]');
    expect(leaky.text).not.toContain(KEY);
  });

  it('DELETE removes it: the provider is unavailable again with the reason; a second DELETE is 404', async () => {
    const removed = await call('DELETE', '/admin/secrets/mock-key');
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    const openai = await chat();
    expect(openai.status).toBe(503);
    expect(openai.json.error.message).toContain(NOT_SET);
    const again = await call('DELETE', '/admin/secrets/mock-key');
    expect(again.status).toBe(404);
    expect(again.json.error).toMatchObject({ code: 'secret_not_found' });
  });

  it('validates names and bodies without echoing the value', async () => {
    const spaced = await call('PUT', '/admin/secrets/mock-key', { value: 'sk-has a-space-0123456789' });
    expect(spaced.status).toBe(400);
    expect(spaced.json.error.message).toBe("Invalid 'value': must be printable ASCII without spaces or line breaks.");
    expect(spaced.text).not.toContain('sk-has');
    const long = await call('PUT', '/admin/secrets/mock-key', { value: 'x'.repeat(4097) });
    expect(long.status).toBe(400);
    expect((await call('PUT', '/admin/secrets/mock-key', { value: KEY, extra: 1 })).status).toBe(400);
    expect((await call('PUT', '/admin/secrets/mock-key', {})).status).toBe(400);
    expect((await call('PUT', '/admin/secrets/bad%20name', { value: KEY })).status).toBe(400);
    expect((await call('PUT', `/admin/secrets/${'a'.repeat(65)}`, { value: KEY })).status).toBe(400);
    expect(await vault.get('mock-key')).toBeUndefined();
  });

  it('requires the admin token (a client key is not enough)', async () => {
    for (const authorization of ['', `Bearer ${CLIENT_KEY}`]) {
      expect((await call('GET', '/admin/secrets', undefined, { authorization })).status).toBe(401);
      expect((await call('PUT', '/admin/secrets/mock-key', { value: KEY }, { authorization })).status).toBe(401);
      expect((await call('DELETE', '/admin/secrets/unrelated', undefined, { authorization })).status).toBe(401);
    }
    expect(await vault.get('mock-key')).toBeUndefined();
    expect(await vault.get('unrelated')).toBe('sk-unrelated-entry-0000');
  });

  it('an unreachable keychain: 503 with the reason on every secrets route', async () => {
    vault.setUnavailable('no OS keychain is reachable: there is no D-Bus session bus');
    try {
      const list = await call('GET', '/admin/secrets');
      expect(list.status).toBe(200);
      expect(list.json.keychain).toEqual({ available: false, backend: 'memory', reason: 'no OS keychain is reachable: there is no D-Bus session bus' });
      expect(list.json.secrets[0]).toMatchObject({ name: 'mock-key', set: false, usedBy: ['kc'] });
      for (const [method, body] of [['PUT', { value: KEY }], ['DELETE', undefined]] as const) {
        const response = await call(method, '/admin/secrets/mock-key', body);
        expect(response.status).toBe(503);
        expect(response.json.error).toMatchObject({ code: 'keychain_unavailable' });
        expect(response.json.error.message).toBe('The OS keychain cannot be used: no OS keychain is reachable: there is no D-Bus session bus.');
      }
    } finally {
      vault.setUnavailable(undefined);
    }
  });

  it('the key never reached a response, a log line or the ledger', async () => {
    await call('PUT', '/admin/secrets/mock-key', { value: KEY });
    await h.openai.chat.completions.create({ model: 'kc/gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    await call('DELETE', '/admin/secrets/mock-key');
    await h.gateway.close();
    expect(bodies.join('\n')).not.toContain(KEY);
    expect(logs.join('')).not.toContain(KEY);
    expect(logs.join('')).toContain('keychain entry set');
    const files = readdirSync(h.dataDir);
    expect(files.some((file) => file.startsWith('signalbox.db'))).toBe(true);
    for (const file of files) expect(readFileSync(join(h.dataDir, file)).includes(KEY), file).toBe(false);
  });
});

describe('env-only config', () => {
  it('never touches the vault at startup or for requests', async () => {
    const untouched = createMemoryVault();
    const env = await startHarness({ gateway: { vault: untouched } });
    try {
      const answer = await env.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices[0]?.message.content).toBeTruthy();
      expect(untouched.calls).toBe(0);
    } finally {
      await env.close();
    }
  });
});
