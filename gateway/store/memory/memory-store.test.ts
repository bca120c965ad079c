import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { RequestRecord } from '../types.js';
import { createMemoryStore } from './memory-store.js';

const row = (id: string, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  id, startedAt: 0, clientKey: null, endpoint: 'openai-chat', model: 'm', route: null, provider: null, upstreamModel: null, stream: false,
  status: 'ok', httpStatus: 200, errorKind: null, attempts: 1, latencyMs: 1, firstByteMs: null, upstreamMs: null, usage: null,
  usageEstimated: false, cost: null, attemptLog: [], finishReasons: [], ...extra,
});

const usage = (input: number, output: number) => ({ inputUncached: input, inputCacheRead: 1, inputCacheWrite: 0, outputText: output, outputReasoning: 2 });
const cost = (total: number) => ({ inputMicros: total - 1, cacheReadMicros: 0, cacheWriteMicros: 0, outputMicros: 1, totalMicros: total });

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 14, 30);

describe('memory store', () => {
  it('keeps the newest records, newest first', () => {
    const store = createMemoryStore(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) store.record(row(id));
    expect(store.recentRequests(10).map((entry) => entry.id)).toEqual(['e', 'd', 'c']);
    expect(store.recentRequests(2).map((entry) => entry.id)).toEqual(['e', 'd']);
    expect(store.health()).toEqual({ open: true, pending: 0, dropped: 0, problem: null });
    store.close();
    expect(store.isOpen()).toBe(false);
    expect(store.health().open).toBe(false);
  });

  it('lists newest first by (startedAt, id) and walks every page once, across equal timestamps', () => {
    const store = createMemoryStore();
    const ids: string[] = [];
    // Recorded out of order, many sharing a timestamp.
    for (let i = 0; i < 23; i++) {
      const id = `r${String((i * 7) % 23).padStart(2, '0')}`;
      ids.push(id);
      store.record(row(id, { startedAt: T0 + Math.floor(((i * 7) % 23) / 5) }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = store.listRequests({ limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.data.map((entry) => entry.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it('filters requests and rejects a malformed cursor', () => {
    const store = createMemoryStore();
    store.record(row('a', { startedAt: T0, clientKey: 'ci', provider: 'openai', upstreamModel: 'gpt-4o', model: 'fast', route: 'fast' }));
    store.record(row('b', { startedAt: T0 + 1, clientKey: 'dev', provider: 'anthropic', upstreamModel: 'claude', model: 'claude', status: 'error' }));
    store.record(row('c', { startedAt: T0 + 2, clientKey: 'ci', provider: 'openai', upstreamModel: 'gpt-4o', model: 'gpt-4o' }));
    const ids = (query: Omit<Parameters<typeof store.listRequests>[0], 'limit'>) => store.listRequests({ limit: 10, ...query }).data.map((e) => e.id);
    expect(ids({ clientKey: 'ci' })).toEqual(['c', 'a']);
    expect(ids({ provider: 'anthropic' })).toEqual(['b']);
    expect(ids({ model: 'fast' })).toEqual(['a']);
    expect(ids({ model: 'openai/gpt-4o' })).toEqual(['c', 'a']);
    expect(ids({ route: 'fast' })).toEqual(['a']);
    expect(ids({ status: 'error' })).toEqual(['b']);
    expect(ids({ from: T0 + 1, to: T0 + 2 })).toEqual(['b']);
    for (const cursor of ['', 'not a cursor!', Buffer.from('abc').toString('base64url'), Buffer.from('12x:id').toString('base64url')]) {
      expect(() => store.listRequests({ limit: 1, cursor })).toThrow(GatewayError);
    }
    try {
      store.listRequests({ limit: 1, cursor: 'zz' });
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid_request', param: 'cursor', code: 'invalid_cursor' });
    }
  });

  it('sums usage by each grouping with nearest-rank percentiles', () => {
    const store = createMemoryStore();
    // 20 requests on day 0 (latencies 1..20), 2 on day 1, one outside the range.
    for (let i = 1; i <= 20; i++) {
      store.record(row(`d0-${i}`, {
        startedAt: T0 + i * 60_000, latencyMs: 21 - i, provider: 'openai', upstreamModel: 'gpt-4o', clientKey: 'ci', route: 'fast',
        usage: usage(10, 5), cost: i <= 15 ? cost(100) : null, usageEstimated: i === 1, status: i % 10 === 0 ? 'error' : 'ok',
      }));
    }
    store.record(row('d1-a', { startedAt: T0 + DAY, latencyMs: 7, provider: 'anthropic', upstreamModel: 'claude', usage: usage(1, 1), cost: cost(50) }));
    store.record(row('d1-b', { startedAt: T0 + DAY + 1, latencyMs: 3 }));
    store.record(row('late', { startedAt: T0 + 5 * DAY, usage: usage(1000, 1000), cost: cost(1_000_000) }));
    const range = { from: T0, to: T0 + 2 * DAY };

    const days = store.usage({ ...range, groupBy: 'day' });
    expect(days.map((r) => r.key)).toEqual(['2026-11-23', '2026-11-24']);
    expect(days[0]).toEqual({
      key: '2026-11-23', requests: 20, errors: 2, inputUncached: 200, inputCacheRead: 20, inputCacheWrite: 0, outputText: 100,
      outputReasoning: 40, costMicros: 1500, unpriced: 5, estimated: 1, p50LatencyMs: 10, p95LatencyMs: 19,
    });
    expect(days[1]).toMatchObject({ requests: 2, costMicros: 50, unpriced: 0, p50LatencyMs: 3, p95LatencyMs: 7 });
    expect(store.usage({ ...range, groupBy: 'hour' }).map((r) => [r.key, r.requests])).toEqual([
      ['2026-11-23T14', 20],
      ['2026-11-24T14', 2],
    ]);
    expect(store.usage({ ...range, groupBy: 'provider' }).map((r) => [r.key, r.requests])).toEqual([['', 1], ['anthropic', 1], ['openai', 20]]);
    expect(store.usage({ ...range, groupBy: 'model' }).map((r) => r.key)).toEqual(['', 'anthropic/claude', 'openai/gpt-4o']);
    expect(store.usage({ ...range, groupBy: 'client' }).map((r) => [r.key, r.requests])).toEqual([['', 2], ['ci', 20]]);
    expect(store.usage({ ...range, groupBy: 'route' }).map((r) => [r.key, r.requests])).toEqual([['', 2], ['fast', 20]]);
    expect(store.usage({ ...range, groupBy: 'day', splitBy: 'client' }).map((r) => [r.key, r.split, r.requests])).toEqual([
      ['2026-11-23', 'ci', 20],
      ['2026-11-24', '', 2],
    ]);
    expect(days[0]).not.toHaveProperty('split');
  });

  it('reports spend and prunes old requests', () => {
    const store = createMemoryStore();
    store.record(row('old', { startedAt: T0 - DAY, clientKey: 'ci', cost: cost(7) }));
    store.record(row('a', { startedAt: T0, clientKey: 'ci', cost: cost(100) }));
    store.record(row('b', { startedAt: T0 + 1, clientKey: 'dev', cost: cost(30) }));
    store.record(row('c', { startedAt: T0 + 2, clientKey: 'dev', usage: usage(1, 1) }));
    expect(store.spend(T0)).toBe(130);
    expect(store.spend(T0, 'dev')).toBe(30);
    expect(store.spend(T0, 'nobody')).toBe(0);
    expect(store.spend(0)).toBe(137);
    expect(store.prune(T0)).toBe(1);
    expect(store.request('old')).toBeUndefined();
    expect(store.recentRequests(10).map((e) => e.id)).toEqual(['c', 'b', 'a']);
    store.record(row('d', { startedAt: T0 + 3 }));
    expect(store.recentRequests(10).map((e) => e.id)).toEqual(['d', 'c', 'b', 'a']);
  });
});
