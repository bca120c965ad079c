import { describe, expect, it } from 'vitest';
import type { AttemptLogEntry } from '../api/types';
import { record } from '../testing/fixtures';
import { reduceTrace } from './live-trace';
import { createTraceStore } from './trace-store';
import type { TraceEvent } from './trace-events';

const attempt = (n: number, outcome: AttemptLogEntry['outcome']): AttemptLogEntry => ({
  n,
  model: 'fast',
  provider: n === 1 ? 'mock' : 'oai',
  upstreamModel: 'gpt',
  startedAt: 100 + n,
  latencyMs: 5,
  outcome,
  errorKind: outcome === 'error' ? 'rate_limited' : null,
  upstreamStatus: outcome === 'error' ? 429 : null,
  message: null,
  decision: outcome === 'error' ? 'fallback' : null,
  why: null,
  waitMs: null,
});

const events: TraceEvent[] = [
  { type: 'received', id: 'r', at: 100, endpoint: 'openai-chat', clientKey: 'cursor', userAgent: null },
  { type: 'planned', id: 'r', at: 101, requested: 'fast', route: 'fast', strategy: 'fallback', stream: true, attempts: [{ model: 'fast', provider: 'mock', upstreamModel: 'gpt', score: null, why: 'first', timeoutMs: 1000 }], skipped: [] },
  { type: 'attempt-started', id: 'r', at: 101, n: 1, model: 'fast', provider: 'mock', upstreamModel: 'gpt', timeoutMs: 1000 },
  { type: 'attempt-ended', id: 'r', at: 106, attempt: attempt(1, 'error') },
  { type: 'attempt-started', id: 'r', at: 107, n: 2, model: 'fast', provider: 'oai', upstreamModel: 'gpt', timeoutMs: 1000 },
  { type: 'warnings', id: 'r', at: 108, warnings: ['dropped n'] },
  { type: 'first-byte', id: 'r', at: 110, ms: 10, provider: 'oai', upstreamModel: 'gpt' },
];

describe('live trace reducer', () => {
  it('folds a request’s events: routing, the attempt in flight, first byte, warnings', () => {
    const trace = events.reduce<ReturnType<typeof reduceTrace> | undefined>((state, event) => reduceTrace(state, event), undefined);
    expect(trace).toMatchObject({ id: 'r', startedAt: 100, endpoint: 'openai-chat', clientKey: 'cursor', model: 'fast', route: 'fast', stream: true, firstByteMs: 10, warnings: ['dropped n'] });
    expect(trace?.attempts.map((entry) => entry.n)).toEqual([1]);
    expect(trace?.current).toMatchObject({ n: 2, provider: 'oai' });
  });

  it('settles on the finished event’s record, keeping warnings from before', () => {
    const before = events.reduce<ReturnType<typeof reduceTrace> | undefined>((state, event) => reduceTrace(state, event), undefined);
    const finished = reduceTrace(before, { type: 'finished', id: 'r', at: 120, record: record({ id: 'r', startedAt: 100, attemptLog: [attempt(1, 'error'), attempt(2, 'ok')] }), overheadMs: 2, warnings: ['dropped n', 'cache_control'], error: null });
    expect(finished.current).toBeNull();
    expect(finished.attempts).toHaveLength(2);
    expect(finished.warnings).toEqual(['dropped n', 'cache_control']);
    expect(finished.overheadMs).toBe(2);
    expect(before?.record).toBeNull();
  });

  it('a store keeps the newest traces first, bounded, and tells listeners once per batch', () => {
    const scheduled: Array<() => void> = [];
    const store = createTraceStore(2, (callback) => scheduled.push(callback));
    let told = 0;
    store.subscribe(() => told++);
    store.apply({ type: 'received', id: 'a', at: 1, endpoint: 'x', clientKey: null, userAgent: null });
    store.apply({ type: 'received', id: 'b', at: 2, endpoint: 'x', clientKey: null, userAgent: null });
    store.apply({ type: 'received', id: 'c', at: 3, endpoint: 'x', clientKey: null, userAgent: null });
    expect(scheduled).toHaveLength(1);
    scheduled[0]?.();
    expect(told).toBe(1);
    expect(store.snapshot().map((trace) => trace.id)).toEqual(['c', 'b']);
    expect(store.snapshot()).toBe(store.snapshot());
  });
});
