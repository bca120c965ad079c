/**
 * Editing routes and providers through the admin API, against a real server with mock upstreams and a
 * real config file: changes apply at once (no restart), are validated as a whole config (400 naming the
 * config path), are written to the file with its comments kept, never write a key value, and refuse to
 * clobber a hand-edited file (409). Also GET /admin/models and the provider connection test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../gateway/config/load.js';
import { createMemoryVault, type MemoryVault } from '../../gateway/secrets/memory-vault.js';
import { createLogger } from '../../gateway/telemetry/log.js';
import { adminCaller } from '../helpers/admin-call.js';
import { PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { startMockUpstream, type MockUpstream } from '../mocks/openai-upstream.js';

const ADMIN = 'admin-token-for-config-0123456789';
const WRONG_KEY = 'sk-wrong-key-for-the-test-987654321';

let h: Harness;
let upstream: MockUpstream;
let vault: MemoryVault;
let dir: string;
let file: string;
const logs: string[] = [];

beforeAll(async () => {
  upstream = await startMockUpstream({ apiKey: PROVIDER_KEY });
  dir = mkdtempSync(join(tmpdir(), 'signalbox-config-'));
  file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    `# My Signalbox setup — keep this comment
providers:
  mock: # the local mock
    type: openai-compatible
    baseUrl: ${upstream.baseUrl}
    apiKey: env:MOCK_PROVIDER_KEY
  oai:
    type: openai
    baseUrl: ${upstream.baseUrl}
    apiKey: env:MOCK_PROVIDER_KEY
    models: [gpt-test, o3-mini]

clientKeys:
  - name: test
    key: env:SIGNALBOX_TEST_KEY

routes:
  # the default
  auto:
    targets:
      - model: oai/gpt-test

routing:
  defaultRoute: auto

prices:
  oai/gpt-test: { input: 1.5, output: 6 }
`,
  );
  vault = createMemoryVault();
  h = await startHarness({
    gateway: { config: loadConfigFile(file), configFile: file, adminToken: ADMIN, vault, log: createLogger('debug', (line) => logs.push(line)) },
  });
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = adminCaller(() => h.url, ADMIN);

const ask = (model: string) => h.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
const onDisk = () => readFileSync(file, 'utf8');

describe('routes through the admin API', () => {
  it('a route created with PUT is usable at once, and written to the file with its comments kept', async () => {
    await expect(ask('fast')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const put = await call('PUT', '/admin/routes/fast', { strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }, { model: 'oai/gpt-test', timeoutMs: 5000 }] });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({
      name: 'fast',
      route: { strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }, { model: 'oai/gpt-test', timeoutMs: 5000 }] },
      persisted: true,
      file,
    });
    const answer = await ask('fast');
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(upstream.lastBody().model).toBe('gpt-test');

    const text = onDisk();
    expect(text).toContain('# My Signalbox setup — keep this comment');
    expect(text).toContain('# the local mock');
    expect(text).toContain('# the default');
    const reloaded = loadConfigFile(file);
    expect(reloaded.routes.fast?.targets).toEqual([{ model: 'mock/gpt-test' }, { model: 'oai/gpt-test', timeoutMs: 5000 }]);
    expect(Object.keys(reloaded.routes)).toEqual(['auto', 'fast']);
  });

  it('an invalid route is a 400 naming the config path, and changes nothing', async () => {
    const before = onDisk();
    const unknownProvider = await call('PUT', '/admin/routes/broken', { targets: [{ model: 'mock/gpt-test' }, { model: 'nope/gpt-4o' }] });
    expect(unknownProvider.status).toBe(400);
    expect(unknownProvider.json.error).toMatchObject({ param: 'routes.broken.targets[1].model', code: 'invalid_config' });
    expect(unknownProvider.json.error.message).toContain('provider "nope" is not configured');

    const badField = await call('PUT', '/admin/routes/broken', { strategy: 'random', targets: [{ model: 'mock/gpt-test' }] });
    expect(badField.status).toBe(400);
    expect(badField.json.error.param).toBe('routes.broken.strategy');

    const routeToRoute = await call('PUT', '/admin/routes/broken', { targets: [{ model: 'fast' }] });
    expect(routeToRoute.status).toBe(400);
    expect(routeToRoute.json.error).toMatchObject({ param: 'routes.broken.targets[0].model', message: expect.stringContaining('routes cannot target other routes') });

    const badName = await call('PUT', '/admin/routes/a%2Fb', { targets: [{ model: 'mock/gpt-test' }] });
    expect(badName.status).toBe(400);

    expect(onDisk()).toBe(before);
    await expect(ask('broken')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('GET /admin/models lists configured and discovered models with prices, and the routes', async () => {
    const models = await call('GET', '/admin/models');
    expect(models.status).toBe(200);
    const ids = models.json.data.map((model: any) => model.id);
    // Configured list (oai) and discovered from the provider's model list (mock).
    expect(ids).toEqual(expect.arrayContaining(['oai/gpt-test', 'oai/o3-mini', 'mock/gpt-test']));
    expect(ids.filter((id: string) => id.startsWith('mock/')).length).toBeGreaterThan(1);
    expect(models.json.data.find((model: any) => model.id === 'oai/gpt-test')).toEqual({
      id: 'oai/gpt-test',
      provider: 'oai',
      model: 'gpt-test',
      price: { input: 1.5, output: 6, cacheRead: null, cacheWrite: null },
    });
    expect(models.json.routes).toEqual(
      expect.arrayContaining([{ name: 'fast', strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }, { model: 'oai/gpt-test', timeoutMs: 5000 }] }]),
    );
    // Admin only.
    expect((await fetch(`${h.url}/admin/models`)).status).toBe(401);
  });

  it('DELETE removes a route at once (404 model on next use) and from the file; the default route cannot be removed', async () => {
    const removed = await call('DELETE', '/admin/routes/fast');
    expect(removed.status).toBe(204);
    await expect(ask('fast')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(loadConfigFile(file).routes.fast).toBeUndefined();
    expect(onDisk()).toContain('# the default');

    expect((await call('DELETE', '/admin/routes/fast')).status).toBe(404);
    const defaultRoute = await call('DELETE', '/admin/routes/auto');
    expect(defaultRoute.status).toBe(400);
    expect(defaultRoute.json.error.message).toContain('routing.defaultRoute');
    expect((await ask('auto')).choices[0]?.message.content).toBeTruthy();
  });

  it('renames a route live and in the file: the default route and keys limited to it follow, the old name is gone', async () => {
    const key = await call('POST', '/admin/client-keys', { name: 'auto-only', models: ['auto'] });
    expect(key.status).toBe(201);
    const limited = new OpenAI({ apiKey: key.json.key, baseURL: `${h.url}/v1`, maxRetries: 0 });

    const renamed = await call('POST', '/admin/routes/auto/rename', { to: 'everyday' });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: 'everyday', from: 'auto', defaultRoute: true, movedKeys: ['auto-only'], keysToUpdate: [], persisted: true });
    // Live: the new name serves, the old one is unknown, "model: auto" follows routing.defaultRoute.
    expect((await ask('everyday')).choices[0]?.message.content).toBeTruthy();
    await expect(limited.chat.completions.create({ model: 'everyday', messages: [{ role: 'user', content: 'hi' }] })).resolves.toBeTruthy();
    expect(h.gateway.context.config.routing.defaultRoute).toBe('everyday');
    expect(h.gateway.context.config.routes.auto).toBeUndefined();
    // The file: the entry moved with its targets, the default route follows, other comments kept.
    const reloaded = loadConfigFile(file);
    expect(reloaded.routes.everyday?.targets).toEqual([expect.objectContaining({ model: 'oai/gpt-test' })]);
    expect(reloaded.routes.auto).toBeUndefined();
    expect(reloaded.routing.defaultRoute).toBe('everyday');
    expect(onDisk()).toContain('# My Signalbox setup — keep this comment');

    expect((await call('POST', '/admin/routes/everyday/rename', { to: 'everyday' })).json.error.code).toBe('same_name');
    expect((await call('POST', '/admin/routes/nope/rename', { to: 'other' })).status).toBe(404);
    const bad = await call('POST', '/admin/routes/everyday/rename', { to: 'has/slash' });
    expect(bad.status).toBe(400);
    expect((await call('POST', '/admin/routes/everyday/rename', { to: 'auto' })).status).toBe(200);
    expect(loadConfigFile(file).routing.defaultRoute).toBe('auto');
    expect((await call('DELETE', `/admin/client-keys/${key.json.id}`)).status).toBeLessThan(300);
  });
});

describe('providers through the admin API', () => {
  it('a provider added with a key value works at once; the key goes to the keychain, the file gets only the reference', async () => {
    const put = await call('PUT', '/admin/providers/live', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl, models: ['gpt-test'] }, apiKey: PROVIDER_KEY });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ id: 'live', status: { id: 'live', type: 'openai-compatible', hasKey: true, unavailable: null, models: ['gpt-test'] }, persisted: true, file });
    expect(await vault.get('live')).toBe(PROVIDER_KEY);
    expect((await ask('live/gpt-test')).choices[0]?.message.content).toBeTruthy();

    const text = onDisk();
    expect(loadConfigFile(file).providers.live).toMatchObject({ type: 'openai-compatible', apiKey: 'keychain:live' });
    expect(text).not.toContain(PROVIDER_KEY);
    expect(text).toContain('# the local mock');
    expect(put.text).not.toContain(PROVIDER_KEY);
    expect(logs.join('\n')).not.toContain(PROVIDER_KEY);

    const status = await call('GET', '/admin/status');
    expect(status.json.providers.find((provider: any) => provider.id === 'live')).toEqual(put.json.status);
  });

  it('an invalid provider is a 400 with the config path; an unreachable keychain is a 503 that changes nothing', async () => {
    const before = onDisk();
    const bad = await call('PUT', '/admin/providers/other', { provider: { type: 'openai-compatible' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('providers.other.baseUrl');
    const inline = await call('PUT', '/admin/providers/other', { provider: { type: 'openai', apiKey: 'sk-inline-value' } });
    expect(inline.status).toBe(400);
    expect(inline.json.error.param).toBe('providers.other.apiKey');

    vault.setUnavailable('the keychain is locked');
    try {
      const locked = await call('PUT', '/admin/providers/other', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl }, apiKey: PROVIDER_KEY });
      expect(locked.status).toBe(503);
      expect(locked.json.error.message).toContain('the keychain is locked');
    } finally {
      vault.setUnavailable(undefined);
    }
    expect(onDisk()).toBe(before);
    expect((await call('GET', '/admin/status')).json.providers.some((provider: any) => provider.id === 'other')).toBe(false);
  });

  it('a provider still targeted by a route cannot be removed; once unreferenced it is removed live and from the file', async () => {
    expect((await call('PUT', '/admin/routes/via-live', { targets: [{ model: 'live/gpt-test' }] })).status).toBe(200);
    const refused = await call('DELETE', '/admin/providers/live');
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain('"via-live"');

    expect((await call('DELETE', '/admin/routes/via-live')).status).toBe(204);
    expect((await call('DELETE', '/admin/providers/live')).status).toBe(204);
    await expect(ask('live/gpt-test')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(loadConfigFile(file).providers.live).toBeUndefined();
    expect((await call('DELETE', '/admin/providers/live')).status).toBe(404);
  });

  it('test connection: ok with the model list, ok:false upstream_auth with a wrong key (never echoed, stored or logged)', async () => {
    const ok = await call('POST', '/admin/providers/test', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl }, apiKey: PROVIDER_KEY });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    expect(ok.json.models).toContain('gpt-test');

    const existing = await call('POST', '/admin/providers/test', { id: 'mock' });
    expect(existing.json).toMatchObject({ ok: true });

    const wrong = await call('POST', '/admin/providers/test', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl }, apiKey: WRONG_KEY });
    expect(wrong.status).toBe(200);
    expect(wrong.json).toMatchObject({ ok: false, error: { kind: 'upstream_auth' } });
    expect(wrong.json.error.message).toContain('rejected');
    expect(wrong.text).not.toContain(WRONG_KEY);
    expect(logs.join('\n')).not.toContain(WRONG_KEY);
    expect(await vault.list()).not.toContain('connection-test');

    const unreachable = await call('POST', '/admin/providers/test', { provider: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' }, apiKey: PROVIDER_KEY });
    expect(unreachable.json).toMatchObject({ ok: false, error: { kind: 'upstream_unreachable' } });
    expect((await call('POST', '/admin/providers/test', { id: 'absent' })).status).toBe(404);
  });
});

describe('a config file edited by hand', () => {
  it('is not clobbered: 409, the file keeps the hand edit and nothing changes in memory', async () => {
    const handEdited = `${onDisk()}\n# added by hand while running\n`;
    writeFileSync(file, handEdited);
    const put = await call('PUT', '/admin/routes/late', { targets: [{ model: 'mock/gpt-test' }] });
    expect(put.status).toBe(409);
    expect(put.json.error).toMatchObject({ code: 'config_file_changed' });
    expect(put.json.error.message).toContain('changed on disk');
    expect(onDisk()).toBe(handEdited);
    await expect(ask('late')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const provider = await call('PUT', '/admin/providers/late', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl }, apiKey: PROVIDER_KEY });
    expect(provider.status).toBe(409);
    expect(await vault.get('late')).toBeUndefined();
    expect(onDisk()).toBe(handEdited);
  });
});

describe('without a config file', () => {
  it('edits apply live only: persisted false, file null', async () => {
    const bare = await startHarness({ gateway: { adminToken: ADMIN } });
    try {
      const response = await fetch(`${bare.url}/admin/routes/quick`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ targets: [{ model: 'mock/gpt-test' }] }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ name: 'quick', persisted: false, file: null });
      const answer = await bare.openai.chat.completions.create({ model: 'quick', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices[0]?.message.content).toBeTruthy();
    } finally {
      await bare.close();
    }
  });
});
