/**
 * POST /admin/config/reload after a hand edit of the config file: the edit is validated as a whole, the
 * live parts apply at once (a route added by hand answers through /v1, a provider added by hand too, a
 * price is used for cost), restart-only changes are named and shown as next-start values, later UI edits no
 * longer answer 409; an invalid file is a 400 listing every problem by path, and changes nothing.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../gateway/config/load.js';
import { createMemoryVault } from '../../gateway/secrets/memory-vault.js';
import type { SecretVault } from '../../gateway/secrets/vault.js';
import { adminCaller } from '../helpers/admin-call.js';
import { PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';

const ADMIN = 'admin-token-for-reload-0123456789';

let h: Harness;
let dir: string;
let file: string;

const original = (baseUrl: string) => `# hand-kept config — keep this comment
providers:
  mock:
    type: openai-compatible
    baseUrl: ${baseUrl}
    apiKey: env:MOCK_PROVIDER_KEY
clientKeys:
  - name: test
    key: env:SIGNALBOX_TEST_KEY
routes:
  auto:
    targets:
      - model: mock/gpt-test
ledger:
  costInResponses: true
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signalbox-reload-'));
  file = join(dir, 'config.yaml');
  // The mock's address is known once it runs: start, then write the file the gateway is told it came from.
  h = await startHarness({
    config: (mock) => {
      writeFileSync(file, original(mock.baseUrl), { mode: 0o600 });
      return loadConfigFile(file) as unknown as Record<string, unknown>;
    },
    gateway: { configFile: file, adminToken: ADMIN },
  });
});

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = adminCaller(() => h.url, ADMIN);

const ask = (model: string) => h.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
const reload = () => call('POST', '/admin/config/reload');

describe('reloading the config file', () => {
  it('applies a hand-added route, provider and price at once, names what needs a restart, and ends the 409s', async () => {
    const text = readFileSync(file, 'utf8')
      .replace(
        'ledger:',
        `  handmade: # added by hand
    strategy: fallback
    targets:
      - model: mock/gpt-500
      - model: twin/gpt-test
ledger:`,
      )
      .replace(
      'clientKeys:',
      `  twin:
    type: openai-compatible
    baseUrl: ${h.mock.baseUrl}
    apiKey: env:MOCK_PROVIDER_KEY
    models: [gpt-test]
prices:
  twin/gpt-test: { input: 1000, output: 1000 }
server:
  port: 7001
clientKeys:`,
    );
    writeFileSync(file, text);
    // Before the reload: the hand edit is protected, the route unknown.
    expect((await call('PUT', '/admin/routes/later', { targets: [{ model: 'mock/gpt-test' }] })).status).toBe(409);
    await expect(ask('handmade')).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const answer = await reload();
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ file, changed: true, applied: ['prices.twin/gpt-test', 'providers.twin', 'routes.handmade'], restartRequired: ['server.port'] });

    // Through the real /v1 API: the route falls back from the 500 to the hand-added provider, priced by the hand-added price.
    expect((await ask('handmade')).choices[0]?.message.content).toBeTruthy();
    const trace = await call('GET', '/admin/requests?limit=1');
    expect(trace.json.data[0]).toMatchObject({ route: 'handmade', provider: 'twin' });
    expect(trace.json.data[0].cost.totalMicros).toBeGreaterThan(0);

    const settings = await call('GET', '/admin/settings');
    expect(settings.json.settings).toContainEqual({ path: 'server.port', value: 6464, live: false, nextStart: 7001 });

    // Edits work again, and keep the hand edit and its comments.
    expect((await call('PUT', '/admin/routes/later', { targets: [{ model: 'mock/gpt-test' }] })).status).toBe(200);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).toContain('# added by hand');
    expect(onDisk).toContain('# hand-kept config — keep this comment');
    expect(Object.keys(loadConfigFile(file).routes)).toEqual(['auto', 'handmade', 'later']);

    // Nothing changed on disk: a second reload applies nothing.
    expect((await reload()).json).toMatchObject({ changed: true, applied: [], restartRequired: ['server.port'] });
  });

  it('refuses an invalid file with every problem by path, and changes nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const config = (await call('GET', '/admin/config')).json;
    writeFileSync(file, before.replace('port: 7001', 'port: seventy').replace('ledger:\n  costInResponses: true', 'ledger:\n  costInResponses: false\n  costInResponse: true'));
    const answer = await reload();
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_config');
    expect(answer.json.error.issues.map((issue: any) => issue.path).sort()).toEqual(['ledger.costInResponse', 'server.port']);
    expect(answer.json.error.param).toBe(answer.json.error.issues[0].path);
    expect(answer.json.error.message).toContain(file);

    // A target naming a provider that does not exist: found by the whole-config checks, named by its path.
    writeFileSync(file, before.replace('model: twin/gpt-test', 'model: nowhere/gpt-test').replace('ledger:\n  costInResponses: true', 'ledger:\n  costInResponses: false'));
    const dangling = await reload();
    expect(dangling.status).toBe(400);
    expect(dangling.json.error.issues[0].path).toMatch(/^routes\.handmade\.targets\[1\]/);
    expect((await call('GET', '/admin/config')).json).toEqual(config);
    expect(((await ask('handmade')) as any).cost).toBeDefined();

    writeFileSync(file, 'routes: [unclosed');
    const broken = await reload();
    expect(broken.status).toBe(400);
    expect(broken.json.error.issues[0].message).toBeTruthy();
    // Still protected: the file on disk is not the one the gateway runs.
    expect((await call('PUT', '/admin/routes/x', { targets: [{ model: 'mock/gpt-test' }] })).status).toBe(409);
    // Moved away or emptied: refused, not read as "a config of defaults" (which would drop every provider).
    rmSync(file);
    const missing = await reload();
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('config_file_missing');
    writeFileSync(file, '\n');
    expect((await reload()).json.error.code).toBe('config_file_missing');
    expect((await call('GET', '/admin/config')).json).toEqual(config);
    expect(((await ask('handmade')) as any).cost).toBeDefined();

    writeFileSync(file, before);
    expect((await reload()).status).toBe(200);
  });

  it('removes a provider and route deleted by hand', async () => {
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/ {2}handmade:.*\n(?: {4}.*\n)+/, '').replace(/ {2}twin:\n(?: {4}.*\n)+/, '').replace(/prices:\n {2}twin\/gpt-test.*\n/, ''));
    const answer = await reload();
    expect(answer.status).toBe(200);
    expect(answer.json.applied).toEqual(['prices.twin/gpt-test', 'providers.twin', 'routes.handmade']);
    await expect(ask('handmade')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(ask('twin/gpt-test')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await call('GET', '/admin/status')).json.providers.some((provider: any) => provider.id === 'twin')).toBe(false);
  });
});

describe('without a config file', () => {
  it('says there is nothing to reload', async () => {
    const bare = await startHarness({ gateway: { adminToken: ADMIN } });
    try {
      const response = await fetch(`${bare.url}/admin/config/reload`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).error.code).toBe('no_config_file');
    } finally {
      await bare.close();
    }
  });
});

describe('a reload that swaps a provider for one whose key is in the keychain', () => {
  it('applies providers and routes together, only after the key was read: requests in between use the old set', async () => {
    const memory = createMemoryVault({ fresh: PROVIDER_KEY });
    let release: () => void = () => undefined;
    let lookups = 0;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A keychain that answers slowly (a D-Bus prompt, a busy Secret Service).
    const vault: SecretVault = { ...memory, backend: memory.backend, status: () => memory.status(), set: (n, v) => memory.set(n, v), delete: (n) => memory.delete(n), list: () => memory.list(), get: async (name) => (lookups++, await gate, memory.get(name)) };
    const swapDir = mkdtempSync(join(tmpdir(), 'signalbox-reload-swap-'));
    const swapFile = join(swapDir, 'config.yaml');
    const own = await startHarness({
      config: (mock) => {
        writeFileSync(swapFile, `providers:\n  aold:\n    type: openai-compatible\n    baseUrl: ${mock.baseUrl}\n    apiKey: env:MOCK_PROVIDER_KEY\nclientKeys:\n  - name: test\n    key: env:SIGNALBOX_TEST_KEY\nroutes:\n  r:\n    targets:\n      - model: aold/gpt-test\n`, { mode: 0o600 });
        return loadConfigFile(swapFile) as unknown as Record<string, unknown>;
      },
      gateway: { configFile: swapFile, adminToken: ADMIN, vault },
    });
    try {
      const served = async () => (await own.openai.chat.completions.create({ model: 'r', messages: [{ role: 'user', content: 'hi' }] }).withResponse()).response.headers.get('x-signalbox-provider');
      expect(await served()).toBe('aold');
      writeFileSync(swapFile, `providers:\n  fresh:\n    type: openai-compatible\n    baseUrl: ${own.mock.baseUrl}\n    apiKey: keychain:fresh\nclientKeys:\n  - name: test\n    key: env:SIGNALBOX_TEST_KEY\nroutes:\n  r:\n    targets:\n      - model: fresh/gpt-test\n`);
      const reloading = fetch(`${own.url}/admin/config/reload`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      await expect.poll(() => lookups).toBeGreaterThan(0);
      // The key is still being read: the old provider and route are intact, nothing half-applied.
      expect(await served()).toBe('aold');
      release();
      expect((await reloading).status).toBe(200);
      expect(await served()).toBe('fresh');
      await expect(own.openai.chat.completions.create({ model: 'aold/gpt-test', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    } finally {
      release();
      await own.close();
      rmSync(swapDir, { recursive: true, force: true });
    }
  });
});
