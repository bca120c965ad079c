/**
 * No OS keychain reachable (a headless Linux box without a D-Bus session: `DBUS_SESSION_BUS_ADDRESS=disabled:`),
 * through the real CLI process and the real keyring binding: `keychain:` providers are listed unavailable
 * with what to do, requests to them get a 503 saying so in the client's dialect, `env:` providers keep
 * working, and `signalbox keys` exits non-zero with the reason — never a plaintext fallback.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/openai-upstream.js';

const CLI = fileURLToPath(new URL('../../gateway/cli.ts', import.meta.url));
const ADMIN = 'admin-token-no-keychain-0123456789';
const CLIENT = 'sk-sb-no-keychain-client-key';
const PROVIDER = 'prov-key-no-keychain-123456';
const NO_BUS = 'no OS keychain is reachable: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS)';
const children: ChildProcessWithoutNullStreams[] = [];

function run(args: string[], stdin?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:', SIGNALBOX_ADMIN_TOKEN: ADMIN, PROV_KEY: PROVIDER, SB_KEY: CLIENT },
    stdio: 'pipe',
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

let mock: MockUpstream;
let url: string;
let dir: string;
let serve: ReturnType<typeof run>;

beforeAll(async () => {
  mock = await startMockUpstream({ apiKey: PROVIDER });
  dir = mkdtempSync(join(tmpdir(), 'signalbox-nokeychain-'));
  const file = join(dir, 'signalbox.yaml');
  writeFileSync(
    file,
    [
      'providers:',
      '  kc:',
      '    type: openai-compatible',
      `    baseUrl: ${mock.baseUrl}`,
      '    apiKey: keychain:openai',
      '  envp:',
      '    type: openai-compatible',
      `    baseUrl: ${mock.baseUrl}`,
      '    apiKey: env:PROV_KEY',
      'clientKeys:',
      '  - name: ide',
      '    key: env:SB_KEY',
      '',
    ].join('\n'),
  );
  serve = run(['serve', '--config', file, '--port', '0', '--data-dir', join(dir, 'data')]);
  const until = Date.now() + 20_000;
  for (;;) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.out());
    if (match) {
      url = match[1]!;
      break;
    }
    if (Date.now() > until || serve.child.exitCode !== null) throw new Error(`serve did not start:\n${serve.out()}\n${serve.err()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await mock?.close();
});

const post = async (path: string, body: unknown, headers: Record<string, string>) => {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as any };
};
const admin = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } });

describe('no OS keychain reachable', () => {
  it('the keychain provider is listed unavailable with the actionable reason; the log says so', async () => {
    const status = (await (await admin('/admin/status')).json()) as any;
    const kc = status.providers.find((p: any) => p.id === 'kc');
    expect(kc.unavailable).toMatch(/^API key unavailable: keychain entry "openai" cannot be read: no OS keychain is reachable: there is no D-Bus session bus/);
    expect(kc.unavailable).toContain('dbus-run-session');
    expect(kc.unavailable).toContain('gnome-keyring-daemon --unlock --components=secrets');
    expect(kc.unavailable).toContain('or use env: references instead of keychain:');
    expect(status.providers.find((p: any) => p.id === 'envp')).toMatchObject({ hasKey: true, unavailable: null });
    expect(serve.err()).toContain('provider unavailable');
    expect(serve.err()).toContain(NO_BUS);
  });

  it('requests to it get a 503 with the reason in the client dialect; the env: provider still answers', async () => {
    const openai = await post('/v1/chat/completions', { model: 'kc/gpt-test', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${CLIENT}` });
    expect(openai.status).toBe(503);
    expect(openai.json.error).toMatchObject({ code: 'provider_unavailable', type: 'upstream_error' });
    expect(openai.json.error.message).toContain(NO_BUS);

    const anthropic = await post(
      '/v1/messages',
      { model: 'kc/gpt-test', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': CLIENT, 'anthropic-version': '2023-06-01' },
    );
    expect(anthropic.status).toBe(503);
    expect(anthropic.json.type).toBe('error');
    expect(anthropic.json.error.message).toContain(NO_BUS);

    const ok = await post('/v1/chat/completions', { model: 'envp/gpt-test', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${CLIENT}` });
    expect(ok.status).toBe(200);
    expect(mock.requests.every((request) => request.headers.authorization === `Bearer ${PROVIDER}`)).toBe(true);
  });

  it('the admin API reports the keychain unavailable and refuses to store (503), with no plaintext fallback', async () => {
    const list = (await (await admin('/admin/secrets')).json()) as any;
    expect(list.keychain).toMatchObject({ available: false, backend: 'Secret Service' });
    expect(list.keychain.reason).toContain(NO_BUS);
    expect(list.secrets).toEqual([
      { name: 'openai', ref: 'keychain:openai', source: 'keychain', set: false, hint: null, usedBy: ['kc'] },
      { name: 'PROV_KEY', ref: 'env:PROV_KEY', source: 'env', set: true, hint: null, usedBy: ['envp'] },
    ]);
    const put = await admin('/admin/secrets/openai', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 'sk-never-stored-0123456789' }) });
    expect(put.status).toBe(503);
    const body = (await put.json()) as any;
    expect(body.error.code).toBe('keychain_unavailable');
    expect(body.error.message).toContain(NO_BUS);
    // Nothing was written anywhere as a fallback.
    for (const file of readdirSync(join(dir, 'data'))) expect(readFileSync(join(dir, 'data', file)).includes('sk-never-stored'), file).toBe(false);
  });

  it('`signalbox keys` exits non-zero with the reason', async () => {
    const set = run(['keys', 'set', 'openai'], 'sk-never-stored-0123456789\n');
    const ls = run(['keys', 'ls']);
    const rm = run(['keys', 'rm', 'openai']);
    const argv = run(['keys', 'set', 'openai', 'sk-in-argv-0123456789']);
    expect(await set.exited).toBe(1);
    expect(set.err()).toContain('signalbox keys: the OS keychain (Secret Service) cannot be used: no OS keychain is reachable');
    expect(set.err()).not.toContain('sk-never-stored');
    expect(await ls.exited).toBe(1);
    expect(ls.err()).toContain(NO_BUS);
    expect(await rm.exited).toBe(1);
    expect(rm.err()).toContain(NO_BUS);
    expect(await argv.exited).toBe(2);
    expect(argv.err()).toContain('refusing to take the key from the command line');
  });
});
