/** Settings → About through the admin API: version and the gateway's file paths, absolute, and no secret. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../gateway/version.js';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let file: string;

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'signalbox-about-')), 'config.yaml');
  writeFileSync(file, 'ledger:\n  retentionDays: 30\n', { mode: 0o600 });
  h = await startHarness({ gateway: { configFile: file, log: undefined, logging: { file: true, stderr: false } } });
});

afterAll(async () => {
  await h?.close();
});

describe('about', () => {
  it('names the version, data dir, config file, log file and database, as absolute paths', async () => {
    const response = await fetch(`${h.url}/admin/status`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const status = JSON.parse(text) as { version: string; paths: Record<string, string | null> };
    expect(status.version).toBe(VERSION);
    expect(status.paths).toEqual({
      dataDir: h.dataDir,
      configFile: file,
      logFile: join(h.dataDir, 'logs', 'signalbox.log'),
      database: join(h.dataDir, 'signalbox.db'),
    });
    for (const path of Object.values(status.paths)) expect(isAbsolute(path!)).toBe(true);
    // Paths, never secrets: no provider key, client key or admin token anywhere in the answer.
    for (const secret of [PROVIDER_KEY, CLIENT_KEY, h.gateway.adminToken]) expect(text).not.toContain(secret);
  });

  it('is for the admin only', async () => {
    expect((await fetch(`${h.url}/admin/status`)).status).toBe(401);
    expect((await fetch(`${h.url}/admin/status`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } })).status).toBe(401);
  });
});
