import { describe, expect, it } from 'vitest';
import type { AttemptLogEntry } from '../routing/run-plan.js';
import type { RequestRecord } from '../store/types.js';
import { createTraceBus } from './trace-bus.js';
import { matchesFilter, summarizeRecord, summarizeTrace, traceDetail } from './trace-view.js';

const entry = (n: number, outcome: AttemptLogEntry['outcome'], extra: Partial<AttemptLogEntry> = {}): AttemptLogEntry => ({
  n,
  model: 'p/m',
  provider: 'p',
  upstreamModel: 'm',
  startedAt: 1_000 + n * 100,
  latencyMs: 50,
  outcome,
  errorKind: null,
  upstreamStatus: null,
  message: null,
  decision: null,
  why: null,
  waitMs: null,
  ...extra,
});

const record = (overrides: Partial<RequestRecord> = {}): RequestRecord => ({
  id: 'r1',
  startedAt: 1_000,
  clientKey: 'test',
  endpoint: 'openai-chat',
  model: 'fast',
  route: 'fast',
  provider: 'p',
  upstreamModel: 'm',
  stream: true,
  status: 'ok',
  httpStatus: 200,
  errorKind: null,
  attempts: 2,
  latencyMs: 400,
  firstByteMs: 250,
  upstreamMs: 300,
  usage: { inputUncached: 3, inputCacheRead: 0, inputCacheWrite: 0, outputText: 5, outputReasoning: 0 },
  usageEstimated: false,
  cost: { inputMicros: 1, cacheReadMicros: 0, cacheWriteMicros: 0, outputMicros: 2, totalMicros: 3 },
  finishReasons: ['stop'],
  attemptLog: [entry(1, 'error', { errorKind: 'rate_limited', upstreamStatus: 429, decision: 'retry', waitMs: 20 }), entry(2, 'ok')],
  ...overrides,
});

function publishStart(bus: ReturnType<typeof createTraceBus>): void {
  bus.publish({ type: 'received', id: 'r1', at: 1_000, endpoint: 'openai-chat', clientKey: 'test', traceparent: null, tracestate: null, userAgent: 'ua' });
  bus.publish({
    type: 'planned',
    id: 'r1',
    at: 1_010,
    requested: 'fast',
    route: 'fast',
    strategy: 'ordered',
    stream: true,
    attempts: [{ model: 'p/m', provider: 'p', upstreamModel: 'm', score: null, why: 'first', timeoutMs: 5_000 }],
    skipped: [{ model: 'q/x', provider: 'q', code: 'circuit_open', reason: 'circuit open' }],
  });
  bus.publish({ type: 'attempt-started', id: 'r1', at: 1_110, n: 1, model: 'p/m', provider: 'p', upstreamModel: 'm', timeoutMs: 5_000 });
}

describe('trace summaries', () => {
  it('shows an in-flight request with its running attempt', () => {
    const bus = createTraceBus();
    publishStart(bus);
    const summary = summarizeTrace(bus.get('r1')!, 1_500);
    expect(summary).toMatchObject({ status: 'in_flight', httpStatus: null, latencyMs: null, elapsedMs: 500, model: 'fast', route: 'fast', provider: 'p', userAgent: 'ua', stream: true });
    expect(summary.attempts).toEqual([expect.objectContaining({ n: 1, outcome: 'in_flight', timeoutMs: 5_000, latencyMs: null })]);
  });

  it('summarises a finished request from its record, with latency phases per attempt', () => {
    const bus = createTraceBus();
    publishStart(bus);
    const done = record();
    bus.publish({ type: 'attempt-ended', id: 'r1', at: 1_160, attempt: done.attemptLog[0]! });
    bus.publish({ type: 'attempt-started', id: 'r1', at: 1_230, n: 2, model: 'p/m', provider: 'p', upstreamModel: 'm', timeoutMs: 5_000 });
    bus.publish({ type: 'attempt-ended', id: 'r1', at: 1_250, attempt: done.attemptLog[1]! });
    bus.publish({ type: 'first-byte', id: 'r1', at: 1_250, ms: 250, provider: 'p', upstreamModel: 'm' });
    bus.publish({ type: 'warnings', id: 'r1', at: 1_250, warnings: ['dropped top_k'] });
    bus.publish({ type: 'finished', id: 'r1', at: 1_400, record: done, overheadMs: 100, warnings: ['dropped top_k'], error: null });
    const detail = traceDetail(bus.get('r1')!, 9_999);
    expect(detail.summary).toMatchObject({ status: 'ok', latencyMs: 400, elapsedMs: 400, overheadMs: 100, costUsd: '0.000003', warnings: ['dropped top_k'] });
    // attempt 1 logged at 1100, sent at 1110 (10 ms waiting for a slot), failed 50 ms after it was logged; attempt 2 logged at 1200, sent at 1230
    expect(detail.summary.attempts.map((attempt) => attempt.phases)).toEqual([
      { queueMs: 10, upstreamMs: 40, backoffMs: 20 },
      { queueMs: 30, upstreamMs: 20, backoffMs: null },
    ]);
    expect(detail.plan?.skipped).toEqual([{ model: 'q/x', provider: 'q', code: 'circuit_open', reason: 'circuit open' }]);
    expect(detail.timings).toEqual({ beforeUpstreamMs: 110, firstByteMs: 250, streamMs: 150, upstreamMs: 300, overheadMs: 100, latencyMs: 400 });
    expect(detail.events.map((event) => event.offsetMs)).toEqual([0, 10, 110, 160, 230, 250, 250, 250, 400]);
  });

  it('summarises a ledger row, without events or warnings', () => {
    const summary = summarizeRecord(record({ status: 'error', errorKind: 'upstream_timeout', usage: null, cost: null }));
    expect(summary).toMatchObject({ source: 'ledger', status: 'error', errorKind: 'upstream_timeout', overheadMs: 100, costUsd: null, warnings: [] });
    expect(summary.attempts.map((attempt) => attempt.outcome)).toEqual(['error', 'ok']);
  });

  it('filters on status, provider, route, client, time and either model name', () => {
    const summary = summarizeRecord(record());
    expect(matchesFilter(summary, {})).toBe(true);
    expect(matchesFilter(summary, { status: 'ok', provider: 'p', route: 'fast', client: 'test', since: 1_000 })).toBe(true);
    for (const model of ['fast', 'm', 'p/m']) expect(matchesFilter(summary, { model })).toBe(true);
    expect(matchesFilter(summary, { model: 'other' })).toBe(false);
    expect(matchesFilter(summary, { status: 'in_flight' })).toBe(false);
    expect(matchesFilter(summary, { since: 1_001 })).toBe(false);
    expect(matchesFilter(summary, { client: 'someone' })).toBe(false);
  });
});
