/**
 * `signalbox serve --log-file` as a user runs it: a real process writes <dataDir>/logs/signalbox.log,
 * with a quiet terminal (`--log-level warn`) and a detailed file (`logging.file.level: debug`), and the
 * file is complete once the process has exited on SIGTERM. No credential in the file, stderr or stdout.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startFaultUpstream, type FaultUpstream } from '../mocks/fault-upstream.js';

const CLI = fileURLToPath(new URL('../../gateway/cli.ts', import.meta.url));
const PROVIDER_KEY = 'sk-cli-provider-canary-0123456789';
const CLIENT_KEY = 'sk-cli-client-canary-9876543210';
const WRONG_KEY = 'sk-cli-wrong-canary-5555555555';

let child: ChildProcessWithoutNullStreams | undefined;
let upstream: FaultUpstream | undefined;
let work: string | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await upstream?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('signalbox serve --log-file', () => {
  it('writes a complete, private log file with one line per request and no credential', async () => {
    upstream = await startFaultUpstream({ apiKey: PROVIDER_KEY });
    upstream.script('echo', [{ kind: 'status', status: 500, json: { error: { message: `bad key Bearer ${PROVIDER_KEY}`, type: 'server_error' } } }]);
    work = mkdtempSync(join(tmpdir(), 'signalbox-logs-cli-'));
    const dataDir = join(work, 'data');
    const configPath = join(work, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        providers: { f: { type: 'openai-compatible', baseUrl: upstream.baseUrl, apiKey: 'env:CANARY_PROVIDER' } },
        clientKeys: [{ name: 'cli', key: 'env:CANARY_CLIENT' }],
        routing: { retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 } },
        logging: { file: { level: 'debug' } },
      }),
    );
    child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--config', configPath, '--data-dir', dataDir, '--port', '0', '--log-file', '--log-level', 'warn'], {
      env: { ...process.env, SIGNALBOX_ADMIN_TOKEN: '', SIGNALBOX_LOG_LEVEL: '', CANARY_PROVIDER: PROVIDER_KEY, CANARY_CLIENT: CLIENT_KEY },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const until = Date.now() + 20_000;
    while (!/Log file: .+\n/.test(stdout)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`serve did not start:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    const logFile = /Log file: (.+)\n/.exec(stdout)![1]!;
    expect(logFile).toBe(join(dataDir, 'logs', 'signalbox.log'));

    const ids: string[] = [];
    const send = async (model: string, key: string, stream = false): Promise<number> => {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hello' }] }),
      });
      await response.text();
      if (key === CLIENT_KEY) ids.push(response.headers.get('x-signalbox-request-id')!);
      return response.status;
    };
    expect(await send('f/ok', CLIENT_KEY)).toBe(200);
    expect(await send('f/ok', CLIENT_KEY, true)).toBe(200);
    expect(await send('f/echo', CLIENT_KEY)).toBe(502);
    expect(await send('f/ok', WRONG_KEY)).toBe(401);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const text = readFileSync(logFile, 'utf8');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The file: debug and up, one `request` line per request, complete after exit.
    for (const id of ids) expect(lines.filter((line) => line.msg === 'request' && line.id === id)).toHaveLength(1);
    expect(lines.find((line) => line.id === ids[2] && line.msg === 'request')).toMatchObject({ status: 'error', httpStatus: 502, errorKind: 'upstream_server_error', attempts: 2 });
    expect(lines.filter((line) => line.msg === 'attempt' && line.id === ids[2])).toHaveLength(2);
    expect(lines.some((line) => line.msg === 'shutting down' && line.signal === 'SIGTERM')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ msg: 'gateway stopped' });
    if (process.platform !== 'win32') {
      expect(statSync(logFile).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(logFile)).mode & 0o777).toBe(0o700);
    }
    // The terminal: warn and up only.
    expect(stderr).not.toContain('"msg":"request"');
    expect(stderr).not.toContain('"level":"info"');
    for (const canary of [PROVIDER_KEY, CLIENT_KEY, WRONG_KEY]) {
      expect(text).not.toContain(canary);
      expect(stderr).not.toContain(canary);
      expect(stdout).not.toContain(canary);
    }
  });
});
