/**
 * Body retention on (`traces.bodies`): the inbound request as received, the body sent upstream by each
 * attempt and the response (a stream's accumulated content) are kept in SQLite and shown in the trace
 * detail — capped at `maxBodyBytes` with a `truncated` flag, and with every known secret redacted: the
 * provider key (which the upstream echoes back here) and the client's own key never reach the database.
 * The files are inspected from a child process while the gateway runs, and directly after it closed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { CLIENT_KEY, PROVIDER_KEY } from '../helpers/harness.js';
import { probeSqlite, waitForTrace } from '../helpers/trace-client.js';

const MAX = 2048;
const MARKER = `MARKER-${Math.random().toString(36).slice(2)}`;
let h: FaultHarness;
let dataDir: string;
let closed = false;
const get = (path: string) => h.admin('GET', path);
const ids: Record<string, string> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'signalbox-bodies-'));
  h = await startFaultHarness({ config: () => ({ traces: { bodies: true, maxBodyBytes: MAX } }), gateway: { dataDir } });
  // The upstream quotes the provider key back (a misbehaving provider, or a prompt that contained it).
  h.fault.script('echo', [{ kind: 'status', status: 429 }, { kind: 'ok', text: `${MARKER} echoed ${PROVIDER_KEY} and ${CLIENT_KEY}` }]);
  const echo = await h.post('/v1/chat/completions', chat('f1/echo', { messages: [{ role: 'user', content: `${MARKER} my keys: ${PROVIDER_KEY} ${CLIENT_KEY}` }] }));
  expect(echo.status).toBe(200);
  expect(echo.text).toContain(PROVIDER_KEY); // the client's own answer is not ours to rewrite
  ids.echo = echo.headers.get('x-signalbox-request-id') as string;
  const big = await h.post('/v1/chat/completions', chat('f1/big', { messages: [{ role: 'user', content: `${MARKER} ${'é'.repeat(3000)}` }] }));
  ids.big = big.headers.get('x-signalbox-request-id') as string;
  h.fault.script('streamed', [{ kind: 'stream', deltas: ['Once', ' upon', ' a', ' time'], then: 'done' }]);
  const streamed = await h.post('/v1/chat/completions', chat('f1/streamed', { stream: true }));
  expect(streamed.status).toBe(200);
  ids.streamed = streamed.headers.get('x-signalbox-request-id') as string;
  for (const id of Object.values(ids)) await waitForTrace(get, id);
});
afterAll(async () => {
  if (!closed) await h.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the trace detail with bodies', () => {
  it('shows the request as received, each attempt sent upstream, and the response, redacted', async () => {
    const { json } = await get(`/admin/traces/${ids.echo}`);
    const bodies = json.bodies;
    expect(bodies).toMatchObject({ retained: true, note: null, maxBodyBytes: MAX });
    const request = JSON.parse(bodies.request.body);
    expect(request.model).toBe('f1/echo');
    expect(request.messages[0].content).toBe(`${MARKER} my keys: [redacted] [redacted]`);
    // Two attempts (429, then ok): both bodies as sent, with the upstream model name.
    expect(bodies.upstream.map((body: any) => body.attempt)).toEqual([1, 2]);
    for (const upstream of bodies.upstream) {
      const sent = JSON.parse(upstream.body);
      expect(sent.model).toBe('echo');
      expect(sent.messages[0].content).toBe(`${MARKER} my keys: [redacted] [redacted]`);
      expect(upstream).toMatchObject({ contentType: 'application/json', truncated: false });
    }
    const response = JSON.parse(bodies.response.body);
    expect(response.choices[0].message.content).toBe(`${MARKER} echoed [redacted] and [redacted]`);
    const text = JSON.stringify(json);
    expect(text).not.toContain(PROVIDER_KEY);
    expect(text).not.toContain(CLIENT_KEY);
    expect(text).not.toMatch(/authorization|bearer/i);
  });

  it('caps each body at maxBodyBytes, without splitting a character, and flags it', async () => {
    const { json } = await get(`/admin/traces/${ids.big}`);
    const request = json.bodies.request;
    expect(request.truncated).toBe(true);
    expect(request.bytes).toBeGreaterThan(6000);
    expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(MAX);
    expect(Buffer.byteLength(request.body)).toBeGreaterThan(MAX - 4);
    expect(request.body).not.toContain('\uFFFD');
    expect(json.bodies.upstream[0].truncated).toBe(true);
    expect(json.bodies.response.truncated).toBe(false);
  });

  it('keeps a stream response as its accumulated content', async () => {
    const { json } = await get(`/admin/traces/${ids.streamed}`);
    const response = JSON.parse(json.bodies.response.body);
    expect(response).toMatchObject({ stream: true, error: null, truncated: false });
    expect(response.choices).toEqual([{ index: 0, text: 'Once upon a time', reasoning: '', refusal: '', toolCalls: [], finishReason: 'stop' }]);
    expect(JSON.parse(json.bodies.upstream[0].body).stream).toBe(true);
  });

  it('lists whether bodies are retained', async () => {
    expect((await get('/admin/traces')).json.bodiesRetained).toBe(true);
  });
});

describe('the database', () => {
  it('holds the bodies, and no key, while the gateway runs', async () => {
    // Reading a trace writes its queued bodies first.
    for (const id of Object.values(ids)) expect((await get(`/admin/traces/${id}`)).status).toBe(200);
    const probe = probeSqlite(dataDir, Object.values(ids), [MARKER, PROVIDER_KEY, CLIENT_KEY]);
    const echo = probe.bodies.filter((row) => row.request_id === ids.echo);
    expect(echo.map((row) => `${row.kind}:${row.attempt}`).sort()).toEqual(['request:0', 'response:0', 'upstream:1', 'upstream:2']);
    expect(probe.bodies.filter((row) => row.request_id === ids.big && row.kind === 'request')).toEqual([expect.objectContaining({ truncated: 1 })]);
    expect(probe.found[MARKER]?.length).toBeGreaterThan(0);
    expect(probe.found[PROVIDER_KEY]).toEqual([]);
    expect(probe.found[CLIENT_KEY]).toEqual([]);
  });

  it('holds no key after the gateway closed either', async () => {
    await h.close();
    closed = true;
    const files = readdirSync(dataDir).filter((name) => name.startsWith('signalbox.db'));
    expect(files).toContain('signalbox.db');
    const all = Buffer.concat(files.map((name) => readFileSync(join(dataDir, name))));
    expect(all.includes(Buffer.from(MARKER))).toBe(true);
    expect(all.includes(Buffer.from(PROVIDER_KEY))).toBe(false);
    expect(all.includes(Buffer.from(CLIENT_KEY))).toBe(false);
  });
});
