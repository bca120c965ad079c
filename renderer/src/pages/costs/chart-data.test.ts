import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../../api/types';
import { record } from '../../testing/fixtures';
import { axisUsd, bucketLabel } from './axis-labels';
import { budgetLines } from './budget-lines';
import { OTHER, parseDimension, seriesOf, stackSpend, totalsFromUsage, usageTotals, utcKeyToEpoch } from './chart-data';

const cost = (micros: number) => ({ inputMicros: 0, cacheReadMicros: 0, cacheWriteMicros: 0, outputMicros: micros, totalMicros: micros });
const day = (d: number, h = 12) => new Date(2026, 10, d, h).getTime();
const range = { from: new Date(2026, 10, 21).getTime(), to: new Date(2026, 10, 24).getTime(), bucket: 'day' as const };

describe('spend chart data', () => {
  it('stacks cost per local day by the chosen dimension, biggest series first, in USD', () => {
    const records = [
      record({ id: '1', startedAt: day(21), provider: 'oai', cost: cost(1_000_000) }),
      record({ id: '2', startedAt: day(23), provider: 'ant', cost: cost(3_000_000) }),
      record({ id: '3', startedAt: day(23, 1), provider: 'oai', cost: cost(500_000) }),
      record({ id: '4', startedAt: day(22), provider: 'gem', cost: null }),
    ];
    const stacked = stackSpend(records, range, 'provider');
    expect(stacked.series).toEqual(['ant', 'oai']);
    expect(stacked.points).toEqual([
      { start: day(21, 0), ant: 0, oai: 1 },
      { start: day(22, 0), ant: 0, oai: 0 },
      { start: day(23, 0), ant: 3, oai: 0.5 },
    ]);
    expect(stacked.totalUsd).toBe(4.5);
  });

  it('folds the long tail into Other', () => {
    const records = ['a', 'b', 'c', 'd'].map((model, index) => record({ id: model, model, startedAt: day(22), cost: cost((4 - index) * 1_000_000) }));
    const stacked = stackSpend(records, range, 'model', 3);
    expect(stacked.series).toEqual(['a', 'b', OTHER]);
    expect(stacked.points[1]).toEqual({ start: day(22, 0), a: 4, b: 3, [OTHER]: 3 });
  });

  it('names the empty values of each dimension', () => {
    expect(seriesOf(record({ clientKey: null }), 'client')).toBe('(no key)');
    expect(seriesOf(record({ route: null }), 'route')).toBe('(direct)');
    expect(seriesOf(record({ route: 'fast' }), 'route')).toBe('fast');
    expect(parseDimension('route')).toBe('route');
    expect(parseDimension('size')).toBe('provider');
  });

  const usage = (key: string, overrides: Partial<UsageRow> = {}): UsageRow => ({
    key,
    requests: 10,
    errors: 1,
    inputUncached: 100,
    inputCacheRead: 50,
    inputCacheWrite: 0,
    outputText: 20,
    outputReasoning: 5,
    costMicros: 2_000_000,
    costUsd: '2.000000',
    unpriced: 1,
    estimated: 0,
    p50LatencyMs: 10,
    p95LatencyMs: 20,
    ...overrides,
  });

  it('falls back to the usage endpoint’s UTC buckets as one series', () => {
    expect(utcKeyToEpoch('2026-11-23')).toBe(Date.UTC(2026, 10, 23));
    expect(utcKeyToEpoch('2026-11-23T14')).toBe(Date.UTC(2026, 10, 23, 14));
    expect(utcKeyToEpoch('cursor')).toBeNaN();
    const totals = totalsFromUsage([usage('2026-11-24'), usage('2026-11-23', { costMicros: 500_000 })]);
    expect(totals.series).toEqual(['Total']);
    expect(totals.points.map((point) => point.Total)).toEqual([0.5, 2]);
  });

  it('sums usage rows for the headline numbers', () => {
    expect(usageTotals([usage('a'), usage('b')])).toMatchObject({ requests: 20, errors: 2, costUsd: 4, inputTokens: 300, outputTokens: 50, cacheReadTokens: 100, unpriced: 2, avgCostUsd: 4 / 16 });
    expect(usageTotals([]).avgCostUsd).toBeNull();
  });

  it('labels the axes compactly', () => {
    expect(axisUsd(0)).toBe('$0');
    expect(axisUsd(0.0007)).toBe('$0.0007');
    expect(axisUsd(1.5)).toBe('$1.5');
    expect(axisUsd(45.2)).toBe('$45');
    expect(axisUsd(1200)).toBe('$1.2k');
    expect(bucketLabel(Date.UTC(2026, 10, 23, 14), 'hour', true, false, 'en-GB')).toBe('14:00');
    expect(bucketLabel(Date.UTC(2026, 10, 23), 'day', true, true, 'en-US')).toBe('Mon, Nov 23 (UTC)');
  });
});

describe('budget lines', () => {
  it('reads limits as sentences, global first, money as money', () => {
    const now = Date.UTC(2026, 10, 23, 12);
    const lines = budgetLines(
      {
        warnAt: 0.8,
        scopes: [
          { scope: 'client:ci', limits: [{ limit: 'requestsPerMinute', used: 3, max: 60, resetsAt: null, share: 0.05 }] },
          { scope: 'global', limits: [{ limit: 'usdPerMonth', used: 1, max: 100, resetsAt: null, share: 0.01 }, { limit: 'usdPerDay', used: 4.2, max: 5, resetsAt: new Date(Date.UTC(2026, 10, 24)).toISOString(), share: 0.84 }] },
        ],
        warnings: [],
      },
      now,
    );
    expect(lines.map((line) => [line.scopeLabel, line.title, line.used, line.max, line.resets])).toEqual([
      ['All traffic', 'Spend per day', '$4.20', '$5.00', 'resets in 12 h'],
      ['All traffic', 'Spend per month', '$1.00', '$100.00', null],
      ['Key “ci”', 'Requests per minute', '3', '60', null],
    ]);
    expect(budgetLines(undefined, now)).toEqual([]);
  });
});
