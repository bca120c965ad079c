/**
 * Logs of a real gateway: the log file in the data dir (JSON lines with request ids, complete after
 * close), no credential in any line even when upstreams echo them back and at debug level, rotation
 * under a real request load, and the `logging.requests` switch.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { CLIENT_KEY, PROVIDER_KEY } from '../helpers/harness.js';

/** Credentials a client might send that are not valid here: they must not be logged either. */
const WRONG_CLIENT_KEY = 'sk-sb-wrong-canary-0123456789abcdef';
const QUERY_KEY = 'query-canary-0123456789abcdef';
const CANARIES = [PROVIDER_KEY, CLIENT_KEY, WRONG_CLIENT_KEY, QUERY_KEY];
/** A prompt: bodies are never logged. */
const BODY_CANARY = 'body-canary-the-prompt-text-4711';
const user = [{ role: 'user', content: BODY_CANARY }];

type Line = Record<string, unknown>;

/** Every file in the log directory, oldest first (signalbox.N.log … signalbox.1.log, signalbox.log). */
function logFiles(dir: string): string[] {
  const rotated = readdirSync(dir)
    .map((name) => /^signalbox\.(\d+)\.log$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((match) => join(dir, match[0]));
  return [...rotated, join(dir, 'signalbox.log')];
}

function parseLines(text: string, where: string): Line[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line, index) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw new Error(`${where} line ${index + 1} is not JSON: ${line}`);
      }
    });
}

describe('the log file of a real gateway, at debug level, with upstreams that echo credentials', () => {
  let h: FaultHarness;
  let dir: string;
  const ids: Array<{ id: string; status: number; what: string }> = [];
  let text = '';
  let lines: Line[] = [];

  beforeAll(async () => {
    h = await startFaultHarness({
      // `log: undefined`: the gateway builds its own logger from config and `logging`, as the CLI and the app do.
      gateway: { log: undefined, logging: { file: true, level: 'debug', stderr: false } },
      config: () => ({ routing: { retry: { maxRetries: 1 } } }),
    });
    dir = dirname(h.gateway.logFile!);
    const echo = { message: `Incorrect API key provided: Bearer ${PROVIDER_KEY} (headers: authorization=Bearer ${PROVIDER_KEY}; x-client=${CLIENT_KEY})` };
    h.fault.script('echo-500', [{ kind: 'status', status: 500, json: { error: echo }, headers: { 'x-echo-authorization': `Bearer ${PROVIDER_KEY}` } }]);
    h.fault.script('echo-400', [{ kind: 'status', status: 400, json: { error: { ...echo, type: 'invalid_request_error' } } }]);
    h.fault.script('echo-401', [{ kind: 'status', status: 401, json: { error: { ...echo, code: 'invalid_api_key' } } }]);
    h.fault.script('mid-error', [{ kind: 'stream', deltas: ['a', 'b'], then: 'error-event' }]);
    h.fault.script('garbage', [{ kind: 'html', status: 502 }]);

    const drive = async (what: string, path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${CLIENT_KEY}` }): Promise<void> => {
      const response = await fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      await response.text();
      const id = response.headers.get('x-signalbox-request-id');
      if (id) ids.push({ id, status: response.status, what });
    };
    await drive('ok', '/v1/chat/completions', chat('f1/ok', { messages: user }));
    await drive('ok stream', '/v1/chat/completions', chat('f1/ok', { messages: user, stream: true, stream_options: { include_usage: true } }));
    for (const model of ['echo-500', 'echo-400', 'echo-401', 'mid-error', 'garbage']) {
      await drive(model, '/v1/chat/completions', chat(`f1/${model}`, { messages: user }));
      await drive(`${model} stream`, '/v1/chat/completions', chat(`f1/${model}`, { messages: user, stream: true }));
    }
    await drive('dead provider', '/v1/chat/completions', chat('dead/anything', { messages: user }));
    await drive('messages', '/v1/messages', { model: 'f1/echo-500', max_tokens: 5, messages: user }, { 'x-api-key': CLIENT_KEY });
    await drive('messages stream', '/v1/messages', { model: 'f1/mid-error', max_tokens: 5, messages: user, stream: true }, { 'x-api-key': CLIENT_KEY });
    await drive('wrong client key', '/v1/chat/completions', chat('f1/ok', { messages: user }), { authorization: `Bearer ${WRONG_CLIENT_KEY}` });
    await drive('wrong x-goog-api-key', '/v1/chat/completions', chat('f1/ok', { messages: user }), { 'x-goog-api-key': WRONG_CLIENT_KEY });
    await drive('key in the query', `/v1/chat/completions?key=${QUERY_KEY}`, chat('f1/ok', { messages: user }));
    // Model discovery of the dead provider fails and is logged.
    await fetch(`${h.url}/v1/models`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });

    await h.gateway.close();
    text = logFiles(dir)
      .filter(existsSync)
      .map((file) => readFileSync(file, 'utf8'))
      .join('');
    lines = parseLines(text, 'signalbox.log');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is <dataDir>/logs/signalbox.log, private, and every line is JSON with level, time and msg', () => {
    expect(h.gateway.logFile).toMatch(/[\\/]logs[\\/]signalbox\.log$/);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(h.gateway.logFile!).mode & 0o777).toBe(0o600);
    }
    expect(lines.length).toBeGreaterThan(ids.length);
    for (const line of lines) {
      expect(['debug', 'info', 'warn', 'error']).toContain(line.level);
      expect(typeof line.time).toBe('string');
      expect(typeof line.msg).toBe('string');
    }
  });

  it('has one `request` line per model request, with its id, and `attempt` lines at debug', () => {
    // Requests refused before a model call (bad client key, key in the query) have no `request` line.
    expect(ids.filter((entry) => entry.status !== 401 || !entry.what.startsWith('wrong')).length).toBeGreaterThanOrEqual(14);
    const requestLines = lines.filter((line) => line.msg === 'request');
    for (const { id, status, what } of ids.filter((entry) => !entry.what.startsWith('wrong') && entry.what !== 'key in the query')) {
      const mine = requestLines.filter((line) => line.id === id);
      expect(mine, `${what} (${id})`).toHaveLength(1);
      expect(mine[0]!.httpStatus, what).toBe(status);
      expect(typeof mine[0]!.latencyMs).toBe('number');
      expect(typeof mine[0]!.overheadMs).toBe('number');
    }
    const ok = requestLines.find((line) => line.id === ids[0]!.id)!;
    expect(ok).toMatchObject({ level: 'info', endpoint: 'openai-chat', model: 'f1/ok', provider: 'f1', status: 'ok', httpStatus: 200, client: 'test' });
    expect(ok.inputTokens).toBeGreaterThan(0);
    const failed = ids.find((entry) => entry.what === 'echo-400')!;
    expect(lines.some((line) => line.msg === 'attempt' && line.level === 'debug' && line.id === failed.id && line.upstreamStatus === 400)).toBe(true);
    expect(lines.some((line) => line.msg === 'model discovery failed' && line.provider === 'dead')).toBe(true);
  });

  it('contains no credential anywhere, nor any body text', () => {
    for (const canary of CANARIES) expect(text).not.toContain(canary);
    // Provider messages (which can quote a prompt, or echo a key) are not logged at all.
    expect(text).not.toContain('Incorrect API key provided');
    expect(text).not.toContain(BODY_CANARY);
  });

  it('is complete after close: the last line is the gateway stopping', () => {
    expect(lines[0]).toMatchObject({ msg: 'listening' });
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'gateway stopped' });
  });
});

describe('the gateway log under load and switches', () => {
  it('rotates by size while serving: the current file plus `keep` old ones, each under the limit, oldest deleted', async () => {
    const h = await startFaultHarness({
      gateway: { log: undefined, logging: { file: true, stderr: false } },
      config: () => ({ logging: { file: { maxSizeMb: 0.01, keep: 2 } } }),
    });
    try {
      const maxBytes = Math.floor(0.01 * 1024 * 1024);
      const ids: string[] = [];
      for (let i = 0; i < 100; i++) {
        const response = await h.post('/v1/chat/completions', chat('f1/ok', { messages: user }));
        expect(response.status).toBe(200);
        ids.push(response.headers.get('x-signalbox-request-id')!);
      }
      await h.gateway.close();
      const dir = dirname(h.gateway.logFile!);
      expect(readdirSync(dir).sort()).toEqual(['signalbox.1.log', 'signalbox.2.log', 'signalbox.log']);
      const kept = logFiles(dir).flatMap((file) => {
        expect(statSync(file).size).toBeLessThanOrEqual(maxBytes);
        return parseLines(readFileSync(file, 'utf8'), file);
      });
      const logged = kept.filter((line) => line.msg === 'request').map((line) => line.id);
      // 100 request lines of ~500 bytes are more than three 10 KB files hold: the oldest were deleted, and
      // what is kept is the most recent requests, in order, with no gap.
      expect(logged.length).toBeGreaterThan(20);
      expect(logged.length).toBeLessThan(ids.length);
      expect(logged).toEqual(ids.slice(ids.length - logged.length));
      expect(kept.at(-1)).toMatchObject({ msg: 'gateway stopped' });
    } finally {
      await h.close();
    }
  });

  it('logging.requests: false leaves the request lines out; logging.level warn leaves info out', async () => {
    const h = await startFaultHarness({
      gateway: { log: undefined, logging: { file: true, stderr: false } },
      config: () => ({ logging: { requests: false, file: { level: 'debug' } } }),
    });
    const quiet = await startFaultHarness({
      gateway: { log: undefined, logging: { file: true, stderr: false } },
      config: () => ({ logging: { level: 'warn' } }),
    });
    try {
      for (const gateway of [h, quiet]) expect((await gateway.post('/v1/chat/completions', chat('f1/ok'))).status).toBe(200);
      await h.gateway.close();
      await quiet.gateway.close();
      const messages = parseLines(readFileSync(h.gateway.logFile!, 'utf8'), 'requests off').map((line) => line.msg);
      expect(messages).toContain('listening');
      expect(messages).not.toContain('request');
      expect(messages).not.toContain('attempt');
      expect(readFileSync(quiet.gateway.logFile!, 'utf8')).toBe('');
    } finally {
      await h.close();
      await quiet.close();
    }
  });

  it('scrubs provider key values from any line of the gateway logger, should a caller slip', async () => {
    const h = await startFaultHarness({ gateway: { log: undefined, logging: { file: true, stderr: false } } });
    try {
      h.gateway.context.log.warn(`upstream said Bearer ${PROVIDER_KEY}`, { error: `key ${PROVIDER_KEY} rejected` });
      await h.gateway.close();
      const text = readFileSync(h.gateway.logFile!, 'utf8');
      expect(text).not.toContain(PROVIDER_KEY);
      expect(parseLines(text, 'slip').find((line) => line.level === 'warn')).toMatchObject({ msg: 'upstream said Bearer [redacted]', error: 'key [redacted] rejected' });
    } finally {
      await h.close();
    }
  });
});
