/** Settings through the admin API: live ones apply at once, the rest are saved for the next start. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let file: string;

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'signalbox-settings-')), 'config.yaml');
  writeFileSync(file, '# my settings\nledger:\n  costInResponses: true # keep this comment\n', { mode: 0o600 });
  h = await startHarness({ gateway: { configFile: file } });
});

afterAll(async () => {
  await h?.close();
});

const patch = (body: unknown) =>
  fetch(`${h.url}/admin/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${h.gateway.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const chat = () => h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] });

describe('settings', () => {
  it('lists every editable setting with its value and whether it applies at once', async () => {
    const listed = (await (await fetch(`${h.url}/admin/settings`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } })).json()) as any;
    expect(listed.file).toBe(file);
    expect(listed.settings).toContainEqual({ path: 'traces.bodies', value: false, live: true });
    expect(listed.settings).toContainEqual({ path: 'server.port', value: 6464, live: false });
  });

  it('applies a live setting at once and writes it to the file, comments kept', async () => {
    expect(((await chat()) as any).cost).toBeDefined();
    const answer = await patch({ ledger: { costInResponses: false } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ applied: ['ledger.costInResponses'], restartRequired: [], persisted: true });
    expect(((await chat()) as any).cost).toBeUndefined();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my settings');
    expect(text).toMatch(/costInResponses: false/);
  });

  it('saves restart settings for the next start without changing the running gateway', async () => {
    const answer = (await (await patch({ logging: { level: 'debug' }, server: { allowedOrigins: ['http://localhost:5173'] } })).json()) as any;
    expect(answer.restartRequired.sort()).toEqual(['logging.level', 'server.allowedOrigins']);
    expect(answer.settings).toContainEqual({ path: 'logging.level', value: 'info', live: false, nextStart: 'debug' });
    expect(readFileSync(file, 'utf8')).toMatch(/level: debug/);
  });

  it('refuses settings that are not editable and invalid values, naming the path, changing nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const notEditable = (await (await patch({ providers: { x: { type: 'openai' } } })).json()) as any;
    expect(notEditable.error).toMatchObject({ code: 'not_editable', param: 'providers.x.type' });
    const invalid = await patch({ traces: { maxBodyBytes: 3 } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).error.param).toBe('traces.maxBodyBytes');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
