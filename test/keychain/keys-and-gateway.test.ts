/**
 * Provider keys in a real Secret Service, end to end: `signalbox keys set|ls|rm` (the real CLI process,
 * the key on stdin), then a real gateway whose providers say `apiKey: keychain:NAME` answering the official
 * `openai` SDK with that key (the mock upstream accepts only it); the admin API setting and removing keys
 * while the gateway runs, and keys changed by the CLI picked up without a restart. The key never appears in
 * a response.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { assertThrowawayKeyring } from './throwaway-keyring.js';

assertThrowawayKeyring();

const CLI = fileURLToPath(new URL('../../gateway/cli.ts', import.meta.url));
const ADMIN = 'admin-token-keychain-suite-0123456789';
const bodies: string[] = [];

function keys(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'keys', ...args], { stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('signalbox keys (real Secret Service)', () => {
  it('set reads stdin, ls shows a hint, rm removes; the key is never printed', async () => {
    const set = await keys(['set', 'kt-cli'], `${PROVIDER_KEY}\n`);
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).toContain('Stored "kt-cli" (moc…6789) in the OS keychain (Secret Service)');

    const ls = await keys(['ls']);
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(/^kt-cli\s+moc…6789$/m);
    for (const output of [set.out, set.err, ls.out, ls.err]) expect(output).not.toContain(PROVIDER_KEY);

    await keys(['set', 'kt-temp'], 'sk-temporary-value-0123');
    expect((await keys(['rm', 'kt-temp'])).code).toBe(0);
    expect((await keys(['ls'])).out).not.toContain('kt-temp');
    const again = await keys(['rm', 'kt-temp']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('no key named "kt-temp" is in the OS keychain');
  });
});

describe('a gateway with keychain: providers (real Secret Service)', () => {
  let h: Harness;

  beforeAll(async () => {
    // kt-cli was stored by the CLI above (same file, run in order); kt-admin is not set yet.
    h = await startHarness({
      config: (mock) => ({
        providers: {
          cli: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'keychain:kt-cli' },
          adm: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'keychain:kt-admin' },
          envp: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        },
      }),
      gateway: { adminToken: ADMIN },
    });
  });
  afterAll(async () => {
    await h?.close();
    await keys(['rm', 'kt-cli']);
    await keys(['rm', 'kt-admin']);
  });

  const adminCall = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${h.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, json: text ? (JSON.parse(text) as any) : undefined };
  };
  const chat = async (model: string) => {
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, json: JSON.parse(text) as any };
  };

  it('answers with the key the CLI stored', async () => {
    const answer = await h.openai.chat.completions.create({ model: 'cli/gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(h.mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
  });

  it('admin PUT makes an unavailable provider work without a restart; DELETE makes it unavailable again', async () => {
    const before = await chat('adm/gpt-test');
    expect(before.status).toBe(503);
    expect(before.json.error.message).toContain('keychain entry "kt-admin" is not set — set it with `signalbox keys set kt-admin` or in the UI');

    const put = await adminCall('PUT', '/admin/secrets/kt-admin', { value: PROVIDER_KEY });
    expect(put).toEqual({ status: 200, json: { name: 'kt-admin', ref: 'keychain:kt-admin', source: 'keychain', set: true, hint: 'moc…6789', usedBy: ['adm'] } });
    const after = await h.openai.chat.completions.create({ model: 'adm/gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    expect(after.choices[0]?.message.content).toBeTruthy();
    // Stored in the OS keychain itself: another process sees it.
    expect((await keys(['ls'])).out).toMatch(/^kt-admin\s+moc…6789$/m);

    const list = await adminCall('GET', '/admin/secrets');
    expect(list.json.keychain).toEqual({ available: true, backend: 'Secret Service' });
    expect(list.json.secrets).toEqual(
      expect.arrayContaining([
        { name: 'kt-admin', ref: 'keychain:kt-admin', source: 'keychain', set: true, hint: 'moc…6789', usedBy: ['adm'] },
        { name: 'kt-cli', ref: 'keychain:kt-cli', source: 'keychain', set: true, hint: 'moc…6789', usedBy: ['cli'] },
        { name: 'MOCK_PROVIDER_KEY', ref: 'env:MOCK_PROVIDER_KEY', source: 'env', set: true, hint: null, usedBy: ['envp'] },
      ]),
    );

    expect((await adminCall('DELETE', '/admin/secrets/kt-admin')).status).toBe(204);
    const gone = await chat('adm/gpt-test');
    expect(gone.status).toBe(503);
    expect(gone.json.error.message).toContain('keychain entry "kt-admin" is not set');
    const status = await adminCall('GET', '/admin/status');
    expect(status.json.providers.find((p: any) => p.id === 'adm').unavailable).toBe(
      'API key unavailable: keychain entry "kt-admin" is not set — set it with `signalbox keys set kt-admin` or in the UI',
    );
    expect((await adminCall('DELETE', '/admin/secrets/kt-admin')).status).toBe(404);
    expect((await keys(['ls'])).out).not.toContain('kt-admin');
  });

  it('picks up keys changed by the CLI while it runs (on demand: GET /admin/secrets)', async () => {
    expect((await keys(['rm', 'kt-cli'])).code).toBe(0);
    await adminCall('GET', '/admin/secrets');
    const removed = await chat('cli/gpt-test');
    expect(removed.status).toBe(503);
    expect(removed.json.error.message).toContain('keychain entry "kt-cli" is not set');

    expect((await keys(['set', 'kt-cli'], PROVIDER_KEY)).code).toBe(0);
    await adminCall('GET', '/admin/secrets');
    expect((await chat('cli/gpt-test')).status).toBe(200);
  });

  it('the key never appeared in a response', () => {
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(body).not.toContain(PROVIDER_KEY);
  });
});
