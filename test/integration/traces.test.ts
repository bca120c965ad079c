/**
 * Trace summaries and detail through the real server (GET /admin/traces, GET /admin/traces/:id): the
 * events and attempts of a success, a retry (429 then ok), a fallback, a client cancelling mid-stream, an
 * upstream failing mid-stream and a translation warning; in-flight requests; filters; the ledger fallback
 * once a request has left the ring; and, with body retention off (the default), no body anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { CLIENT_KEY, PROVIDER_KEY } from '../helpers/harness.js';
import { probeSqlite, waitForTrace } from '../helpers/trace-client.js';

let h: FaultHarness;
let dataDir: string;
const get = (path: string) => h.admin('GET', path);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'signalbox-traces-'));
  h = await startFaultHarness({
    config: () => ({
      routes: { fb: { targets: [{ model: 'dead/x' }, { model: 'f2/after-dead' }] } },
      traces: { ringSize: 10 },
    }),
    gateway: { dataDir },
  });
});
afterAll(async () => {
  await h.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const types = (detail: any): string[] => detail.events.map((event: any) => event.type);

describe('a successful request', () => {
  let id: string;
  let detail: any;
  beforeAll(async () => {
    const result = await h.post('/v1/chat/completions', chat('f1/plain'));
    expect(result.status).toBe(200);
    id = result.headers.get('x-signalbox-request-id') as string;
    detail = await waitForTrace(get, id);
  });

  it('has every event in order', () => {
    expect(types(detail)).toEqual(['received', 'planned', 'attempt-started', 'attempt-ended', 'first-byte', 'finished']);
    expect(detail.events.every((event: any) => event.id === id)).toBe(true);
    const offsets = detail.events.map((event: any) => event.offsetMs);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });

  it('summarises where it went, status, timings, usage and one attempt', () => {
    const summary = detail.summary;
    expect(summary).toMatchObject({
      id,
      source: 'ring',
      endpoint: 'openai-chat',
      client: 'test',
      model: 'f1/plain',
      route: null,
      stream: false,
      provider: 'f1',
      upstreamModel: 'plain',
      status: 'ok',
      httpStatus: 200,
      errorKind: null,
      warnings: [],
    });
    expect(summary.usage.outputText).toBeGreaterThan(0);
    expect(summary.latencyMs).toBeGreaterThanOrEqual(summary.upstreamMs);
    expect(summary.overheadMs).toBe(summary.latencyMs - summary.upstreamMs);
    expect(summary.attempts).toHaveLength(1);
    expect(summary.attempts[0]).toMatchObject({ n: 1, provider: 'f1', upstreamModel: 'plain', outcome: 'ok', errorKind: null, decision: null });
    expect(summary.attempts[0].timeoutMs).toBeGreaterThan(0);
  });

  it('shows the plan, the first byte, the phases, and says bodies are not kept', () => {
    expect(detail.plan).toMatchObject({ requested: 'f1/plain', route: null, stream: false, skipped: [] });
    expect(detail.plan.attempts.map((attempt: any) => `${attempt.provider}/${attempt.upstreamModel}`)).toEqual(['f1/plain']);
    expect(detail.firstByte).toMatchObject({ provider: 'f1', upstreamModel: 'plain' });
    expect(detail.timings.beforeUpstreamMs).toBeGreaterThanOrEqual(0);
    expect(detail.bodies).toEqual({ retained: false, note: expect.stringContaining('off'), request: null, upstream: [], response: null });
  });

  it('is listed newest first', async () => {
    const again = await h.post('/v1/chat/completions', chat('f1/plain-2'));
    const second = again.headers.get('x-signalbox-request-id') as string;
    await waitForTrace(get, second);
    const { json } = await get('/admin/traces?limit=2');
    expect(json.data.map((trace: any) => trace.id)).toEqual([second, id]);
    expect(json.bodiesRetained).toBe(false);
  });
});

describe('retries, fallbacks and failures', () => {
  it('records a 429 retried on the same target, then the success', async () => {
    h.fault.script('retry-me', [{ kind: 'status', status: 429 }, { kind: 'ok' }]);
    const result = await h.post('/v1/chat/completions', chat('f1/retry-me'));
    expect(result.status).toBe(200);
    const detail = await waitForTrace(get, result.headers.get('x-signalbox-request-id') as string);
    expect(types(detail)).toEqual(['received', 'planned', 'attempt-started', 'attempt-ended', 'attempt-started', 'attempt-ended', 'first-byte', 'finished']);
    const [first, second] = detail.summary.attempts;
    expect(first).toMatchObject({ n: 1, provider: 'f1', outcome: 'error', errorKind: 'rate_limited', upstreamStatus: 429, decision: 'retry' });
    expect(first.phases.backoffMs).toBeGreaterThanOrEqual(0);
    expect(first.message).toContain('Rate limit');
    expect(second).toMatchObject({ n: 2, provider: 'f1', outcome: 'ok' });
    expect(detail.summary).toMatchObject({ status: 'ok', provider: 'f1' });
  });

  it('records a fallback from a dead first target to the next one of the route', async () => {
    const result = await h.post('/v1/chat/completions', chat('fb'));
    expect(result.status).toBe(200);
    const detail = await waitForTrace(get, result.headers.get('x-signalbox-request-id') as string);
    expect(detail.plan.attempts.map((attempt: any) => attempt.provider)).toEqual(['dead', 'f2']);
    expect(detail.summary).toMatchObject({ route: 'fb', model: 'fb', provider: 'f2', upstreamModel: 'after-dead', status: 'ok' });
    const attempts = detail.summary.attempts;
    expect(attempts[0]).toMatchObject({ provider: 'dead', outcome: 'error', errorKind: 'upstream_unreachable' });
    expect(attempts.filter((attempt: any) => attempt.provider === 'dead').at(-1).decision).toBe('fallback');
    expect(attempts.at(-1)).toMatchObject({ provider: 'f2', outcome: 'ok' });
  });

  it('records a client that goes away mid-stream as cancelled', async () => {
    h.fault.script('slow-stream', [{ kind: 'stream', deltas: Array.from({ length: 200 }, (_, i) => ` w${i}`), intervalMs: 20, then: 'done' }]);
    const abort = new AbortController();
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat('f1/slow-stream', { stream: true })),
      signal: abort.signal,
    });
    const id = response.headers.get('x-signalbox-request-id') as string;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const during = await waitForTrace(get, id, (detail) => detail.summary.status === 'in_flight');
    expect(during.summary.attempts[0].outcome).toBe('ok');
    const { json: inFlight } = await get('/admin/traces?status=in_flight');
    expect(inFlight.data.map((trace: any) => trace.id)).toContain(id);
    abort.abort();
    const detail = await waitForTrace(get, id);
    expect(detail.summary).toMatchObject({ status: 'cancelled', errorKind: 'client_cancelled', httpStatus: 200, stream: true });
    expect(types(detail)).toContain('first-byte');
    expect(types(detail).at(-1)).toBe('finished');
    expect(detail.timings.streamMs).toBeGreaterThanOrEqual(0);
  });

  it('shows an attempt still waiting for its provider as in flight', async () => {
    h.fault.script('hangs', [{ kind: 'hang' }]);
    const abort = new AbortController();
    const pending = fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat('f1/hangs')),
      signal: abort.signal,
    }).catch(() => undefined);
    let trace: any;
    for (let i = 0; i < 500 && !trace; i++) {
      const { json } = await get('/admin/traces?status=in_flight&model=f1/hangs');
      trace = json.data.find((entry: any) => entry.attempts.some((attempt: any) => attempt.outcome === 'in_flight'));
      if (!trace) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(trace).toMatchObject({ status: 'in_flight', httpStatus: null, latencyMs: null, provider: 'f1', upstreamModel: 'hangs' });
    expect(trace.attempts).toEqual([expect.objectContaining({ n: 1, outcome: 'in_flight', latencyMs: null })]);
    abort.abort();
    await pending;
    await waitForTrace(get, trace.id);
  });

  it('records an upstream failing mid-stream as an error after a 200', async () => {
    h.fault.script('breaks', [{ kind: 'stream', deltas: ['a', 'b'], then: 'reset' }]);
    const result = await h.post('/v1/chat/completions', chat('f1/breaks', { stream: true }));
    expect(result.status).toBe(200);
    const detail = await waitForTrace(get, result.headers.get('x-signalbox-request-id') as string);
    expect(detail.summary).toMatchObject({ status: 'error', httpStatus: 200, provider: 'f1' });
    expect(detail.summary.errorKind).toBeTruthy();
    expect(detail.summary.error).toContain('f1');
    const finished = detail.events.at(-1);
    expect(finished.type).toBe('finished');
    expect(finished.error.kind).toBe(detail.summary.errorKind);
  });

  it('records translation warnings', async () => {
    const result = await h.post('/v1/messages', { model: 'f1/warned', max_tokens: 16, top_k: 5, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    expect(result.status).toBe(200);
    const detail = await waitForTrace(get, result.headers.get('x-signalbox-request-id') as string);
    expect(detail.summary.endpoint).toBe('anthropic-messages');
    expect(detail.summary.warnings).toContain('top_k is not an OpenAI Chat parameter; dropped');
    const event = detail.events.find((entry: any) => entry.type === 'warnings');
    expect(event.warnings).toContain('top_k is not an OpenAI Chat parameter; dropped');
  });
});

describe('listing, filters and the ledger fallback', () => {
  it('filters by status, provider, route, model, client and time', async () => {
    h.fault.script('fails', [{ kind: 'status', status: 400 }]);
    const failed = await h.post('/v1/chat/completions', chat('f2/fails'));
    expect(failed.status).toBe(400);
    const failedId = failed.headers.get('x-signalbox-request-id') as string;
    await waitForTrace(get, failedId);
    const ids = async (query: string): Promise<string[]> => (await get(`/admin/traces?${query}`)).json.data.map((trace: any) => trace.id);
    expect(await ids('status=error')).toContain(failedId);
    expect(await ids('status=ok')).not.toContain(failedId);
    expect(await ids('provider=f2&model=f2/fails')).toEqual([failedId]);
    expect(await ids('model=fails&status=error')).toEqual([failedId]);
    expect(await ids('client=test')).toContain(failedId);
    expect(await ids('client=nobody')).toEqual([]);
    expect(await ids('route=fb')).not.toContain(failedId);
    expect(await ids(`since=${Date.now() + 60_000}`)).toEqual([]);
    expect(await ids(`since=${new Date(Date.now() - 60_000).toISOString()}`)).toContain(failedId);
    expect((await get('/admin/traces?status=bogus')).status).toBe(400);
    expect((await get('/admin/traces?limit=0')).status).toBe(400);
  });

  it('answers from the ledger once a request has left the ring, and 404 for unknown ids', async () => {
    const first = await h.post('/v1/chat/completions', chat('f1/old-one'));
    const id = first.headers.get('x-signalbox-request-id') as string;
    await waitForTrace(get, id);
    // ringSize is 10: push it out.
    for (let i = 0; i < 10; i++) expect((await h.post('/v1/chat/completions', chat(`f1/filler-${i}`))).status).toBe(200);
    const { status, json } = await get(`/admin/traces/${id}`);
    expect(status).toBe(200);
    expect(json.summary).toMatchObject({ id, source: 'ledger', status: 'ok', provider: 'f1', upstreamModel: 'old-one', model: 'f1/old-one' });
    expect(json.summary.attempts).toEqual([expect.objectContaining({ n: 1, outcome: 'ok' })]);
    expect(json.events).toEqual([]);
    expect((await get('/admin/traces?limit=1000')).json.data.length).toBeLessThanOrEqual(10);
    const missing = await get('/admin/traces/sbr_nope');
    expect(missing.status).toBe(404);
  });

  it('needs the admin token', async () => {
    const response = await fetch(`${h.url}/admin/traces`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });
    expect(response.status).toBe(401);
  });
});

describe('body retention off (the default)', () => {
  it('keeps no body anywhere: not in the detail, not in the database files', async () => {
    const marker = `MARKER-${Math.random().toString(36).slice(2)}-body-off`;
    const result = await h.post('/v1/chat/completions', chat('f1/no-bodies', { messages: [{ role: 'user', content: `${marker} ${PROVIDER_KEY}` }] }));
    expect(result.status).toBe(200);
    const id = result.headers.get('x-signalbox-request-id') as string;
    const detail = await waitForTrace(get, id);
    expect(detail.bodies.retained).toBe(false);
    expect(JSON.stringify(detail)).not.toContain(marker);
    // The ledger row is written (reading it flushes pending writes), so the probe is looking at the right files.
    expect((await get(`/admin/requests/${id}`)).status).toBe(200);
    const probe = probeSqlite(dataDir, [id], [marker, PROVIDER_KEY]);
    expect(probe.requests).toEqual([id]);
    expect(probe.bodies).toEqual([]);
    expect(probe.found).toEqual({ [marker]: [], [PROVIDER_KEY]: [] });
  });
});
