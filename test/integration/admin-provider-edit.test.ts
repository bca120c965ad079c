/**
 * Editing an existing provider through the admin API, as the Providers page does: base URL, timeout,
 * enabled, extra headers (credentials refused: they would be written to the file in clear), a replaced key
 * (to the keychain); deleting it and then its keychain entry (`DELETE /admin/secrets/:name`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../gateway/config/load.js';
import { createMemoryVault, type MemoryVault } from '../../gateway/secrets/memory-vault.js';
import { adminCaller } from '../helpers/admin-call.js';
import { PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { startMockUpstream, type MockUpstream } from '../mocks/openai-upstream.js';

const ADMIN = 'admin-token-for-provider-edit-0123456789';
const NEW_KEY = 'sk-replacement-key-0123456789abcdef';

let h: Harness;
let other: MockUpstream;
let vault: MemoryVault;
let dir: string;
let file: string;

beforeAll(async () => {
  other = await startMockUpstream({ apiKey: NEW_KEY });
  dir = mkdtempSync(join(tmpdir(), 'signalbox-provider-edit-'));
  file = join(dir, 'config.yaml');
  writeFileSync(file, 'clientKeys:\n  - name: test\n    key: env:SIGNALBOX_TEST_KEY\n');
  vault = createMemoryVault();
  h = await startHarness({ gateway: { configFile: file, adminToken: ADMIN, vault } });
});

afterAll(async () => {
  await h?.close();
  await other?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = adminCaller(() => h.url, ADMIN);

const ask = (model: string) => h.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('editing a provider', () => {
  it('applies base URL, timeout, headers and a replaced key live; the key only in the keychain', async () => {
    expect((await call('PUT', '/admin/providers/edit', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl, models: ['gpt-test'] }, apiKey: PROVIDER_KEY })).status).toBe(200);
    expect((await ask('edit/gpt-test')).choices[0]?.message.content).toBeTruthy();

    const edited = { type: 'openai-compatible', baseUrl: other.baseUrl, models: ['gpt-test'], timeoutMs: 30_000, headers: { 'HTTP-Referer': 'https://signalbox.test', 'X-Title': 'Signalbox' } };
    const put = await call('PUT', '/admin/providers/edit', { provider: edited, apiKey: NEW_KEY });
    expect(put.status).toBe(200);
    expect(put.json.status).toMatchObject({ baseUrl: other.baseUrl, hasKey: true, enabled: true });
    expect(put.text).not.toContain(NEW_KEY);
    expect(await vault.get('edit')).toBe(NEW_KEY);

    expect((await ask('edit/gpt-test')).choices[0]?.message.content).toBeTruthy();
    const seen = other.requests.at(-1)!;
    expect(seen.headers['http-referer']).toBe('https://signalbox.test');
    expect(seen.headers['x-title']).toBe('Signalbox');
    expect(seen.headers.authorization).toBe(`Bearer ${NEW_KEY}`);

    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(NEW_KEY);
    expect(loadConfigFile(file).providers.edit).toMatchObject({ ...edited, apiKey: 'keychain:edit' });
  });

  it('a disabled provider serves nothing until enabled again', async () => {
    const config = (await call('GET', '/admin/config')).json.providers.edit;
    expect((await call('PUT', '/admin/providers/edit', { provider: { ...config, enabled: false } })).status).toBe(200);
    await expect(ask('edit/gpt-test')).rejects.toBeInstanceOf(OpenAI.APIError);
    expect((await call('GET', '/admin/status')).json.providers.find((provider: any) => provider.id === 'edit').enabled).toBe(false);
    expect((await call('PUT', '/admin/providers/edit', { provider: { ...config, enabled: true } })).status).toBe(200);
    expect((await ask('edit/gpt-test')).choices[0]?.message.content).toBeTruthy();
  });

  it('refuses headers that carry a credential, by name or by value, naming the header; nothing changes', async () => {
    const before = readFileSync(file, 'utf8');
    const config = (await call('GET', '/admin/config')).json.providers.edit;
    for (const [name, value] of [
      ['Authorization', 'Bearer whatever'],
      ['x-api-key', 'abc'],
      ['X-Custom', 'Bearer sk-hidden-0123456789'],
    ] as const) {
      const refused = await call('PUT', '/admin/providers/edit', { provider: { ...config, headers: { ...config.headers, [name]: value } } });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 'secret_header', param: `providers.edit.headers.${name}` });
      expect(refused.json.error.message).toContain('API key field');
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('deleting the provider, then its keychain entry once nothing uses it', async () => {
    const secrets = (await call('GET', '/admin/secrets')).json.secrets;
    expect(secrets.find((secret: any) => secret.name === 'edit')).toMatchObject({ source: 'keychain', set: true, usedBy: ['edit'] });
    expect((await call('DELETE', '/admin/providers/edit')).status).toBe(204);
    expect((await call('GET', '/admin/secrets')).json.secrets.find((secret: any) => secret.name === 'edit')).toMatchObject({ usedBy: [] });
    expect((await call('DELETE', '/admin/secrets/edit')).status).toBe(204);
    expect(await vault.get('edit')).toBeUndefined();
    expect((await call('GET', '/admin/secrets')).json.secrets.some((secret: any) => secret.name === 'edit')).toBe(false);
  });
});
