/** The headless CLI as a user runs it: a real process, real signals. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockUpstream } from '../mocks/openai-upstream.js';

const CLI = fileURLToPath(new URL('../../gateway/cli.ts', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, SIGNALBOX_ADMIN_TOKEN: '', ...env },
    stdio: 'pipe',
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    async line(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in output:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('signalbox CLI', () => {
  it('starts with no config at all: creates one with a client key, serves, and stops on SIGTERM', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'signalbox-cli-')), 'data');
    const cli = run(['serve', '--data-dir', dataDir, '--port', '0']);
    const [, url] = await cli.line(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const key = (await cli.line(/^\s+(sk-sb-\S+)$/m))[1];
    const token = decodeURIComponent((await cli.line(/UI: http:\/\/127\.0\.0\.1:\d+\/\?token=(\S+)/))[1]!);
    const config = readFileSync(join(dataDir, 'config.yaml'), 'utf8');
    expect(config).not.toContain(key!);
    expect(key).toMatch(/^sk-sb-[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dataDir, 'config.yaml')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);

    const models = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);
    expect(await models.json()).toEqual({ object: 'list', data: [] });
    const status = await fetch(`${url}/admin/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    // The key is stored hashed only.
    expect(readFileSync(join(dataDir, 'signalbox.db')).includes(key!.slice(17))).toBe(false);

    // Second start reuses the config and the key, and prints no new key.
    const again = run(['serve', '--data-dir', dataDir, '--port', '0']);
    const [, againUrl] = await again.line(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(again.out()).not.toContain('sk-sb-');
    expect((await fetch(`${againUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it('serves a given config file and proxies to its providers', async () => {
    const mock = await startMockUpstream({ apiKey: 'prov-key-123456789' });
    const dir = mkdtempSync(join(tmpdir(), 'signalbox-cli-'));
    const file = join(dir, 'signalbox.yaml');
    writeFileSync(
      file,
      `providers:\n  local:\n    type: openai-compatible\n    baseUrl: ${mock.baseUrl}\n    apiKey: env:PROV_KEY\nclientKeys:\n  - name: ide\n    key: env:SB_KEY\n`,
    );
    try {
      const cli = run(['serve', '--config', file, '--port', '0', '--data-dir', join(dir, 'data')], { PROV_KEY: 'prov-key-123456789', SB_KEY: 'sk-sb-cli-test-key' });
      const [, url] = await cli.line(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-sb-cli-test-key', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'local/gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('exits non-zero naming the path of a bad field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signalbox-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'providers:\n  oai:\n    type: openia\n    apiKey: env:X\n');
    const cli = run(['serve', '--config', file, '--port', '0']);
    expect(await cli.exited).toBe(2);
    expect(cli.err()).toContain('providers.oai.type: expected one of openai | openai-compatible');
  });

  it('rejects bad flags and reports a busy port', async () => {
    const badPort = run(['serve', '--port', 'abc']);
    expect(await badPort.exited).toBe(2);
    expect(badPort.err()).toMatch(/--port must be an integer/);
    const unknown = run(['serve', '--nope']);
    expect(await unknown.exited).toBe(2);

    const dataDir = mkdtempSync(join(tmpdir(), 'signalbox-cli-'));
    const first = run(['serve', '--data-dir', dataDir, '--port', '0']);
    const [, port] = await first.line(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = run(['serve', '--data-dir', dataDir, '--port', port!]);
    expect(await second.exited).toBe(2);
    expect(second.err()).toMatch(/already in use/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('prints the config JSON Schema and checks files', async () => {
    const schema = run(['config', 'schema']);
    expect(await schema.exited).toBe(0);
    expect(JSON.parse(schema.out())).toMatchObject({ type: 'object', properties: { providers: {}, clientKeys: {} } });
    const dir = mkdtempSync(join(tmpdir(), 'signalbox-cli-'));
    writeFileSync(join(dir, 'ok.json'), '{"providers":{"o":{"type":"ollama"}}}');
    const check = run(['config', 'check', '--config', join(dir, 'ok.json')]);
    expect(await check.exited).toBe(0);
    const version = run(['--version']);
    expect(await version.exited).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
