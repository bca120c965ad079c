import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../../api/types';
import { axisUsd, bucketLabel } from './axis-labels';
import { budgetLines } from './budget-lines';
import { OTHER, parseDimension, seriesOfUsageKey, stackUsage, usageTotals, utcKeyToEpoch } from './chart-data';

const day = (d: number, h = 12) => new Date(2026, 10, d, h).getTime();
const range = { from: new Date(2026, 10, 21).getTime(), to: new Date(2026, 10, 24).getTime(), bucket: 'day' as const };
/** The usage endpoint's UTC hour key of a moment (`2026-11-23T14`). */
const hourKey = (at: number) => new Date(at).toISOString().slice(0, 13);

describe('spend chart data', () => {
  // Rows as `/admin/usage?groupBy=hour&splitBy=…` answers: one per (UTC hour, series).
  const row = (at: number, split: string, costMicros: number): UsageRow => ({ ...usage(hourKey(at), { costMicros }), split });

  it('stacks cost per local day by the chosen dimension, biggest series first, in USD', () => {
    const rows = [row(day(21), 'oai', 1_000_000), row(day(23), 'ant', 3_000_000), row(day(23, 1), 'oai', 500_000), row(day(22), 'gem', 0)];
    const stacked = stackUsage(rows, range, 'provider');
    expect(stacked.series).toEqual(['ant', 'oai']);
    expect(stacked.points).toEqual([
      { start: day(21, 0), ant: 0, oai: 1 },
      { start: day(22, 0), ant: 0, oai: 0 },
      { start: day(23, 0), ant: 3, oai: 0.5 },
    ]);
    expect(stacked.totalUsd).toBe(4.5);
  });

  it('stacks per local hour over the last 24 hours, and ignores hours outside the range', () => {
    const hours = { from: day(23, 10), to: day(23, 13), bucket: 'hour' as const };
    const stacked = stackUsage([row(day(23, 10), 'oai', 250_000), row(day(23, 12), 'oai', 750_000), row(day(23, 9), 'oai', 9_000_000), row(day(23, 13), 'oai', 9_000_000)], hours, 'provider');
    expect(stacked.points).toEqual([
      { start: day(23, 10), oai: 0.25 },
      { start: day(23, 11), oai: 0 },
      { start: day(23, 12), oai: 0.75 },
    ]);
    expect(stacked.totalUsd).toBe(1);
  });

  it('folds the long tail into Other', () => {
    const rows = ['a', 'b', 'c', 'd'].map((model, index) => row(day(22), model, (4 - index) * 1_000_000));
    const stacked = stackUsage(rows, range, 'model', 3);
    expect(stacked.series).toEqual(['a', 'b', OTHER]);
    expect(stacked.points[1]).toEqual({ start: day(22, 0), a: 4, b: 3, [OTHER]: 3 });
  });

  it('names the empty values of each dimension', () => {
    expect(seriesOfUsageKey('', 'client')).toBe('(no key)');
    expect(seriesOfUsageKey('', 'route')).toBe('(direct)');
    expect(seriesOfUsageKey('fast', 'route')).toBe('fast');
    expect(stackUsage([{ ...row(day(22), '', 1_000_000) }], range, 'client').series).toEqual(['(no key)']);
    expect(parseDimension('route')).toBe('route');
    expect(parseDimension('size')).toBe('provider');
  });

  function usage(key: string, overrides: Partial<UsageRow> = {}): UsageRow {
    return {
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
    };
  }

  it('reads the usage endpoint’s UTC bucket keys', () => {
    expect(utcKeyToEpoch('2026-11-23')).toBe(Date.UTC(2026, 10, 23));
    expect(utcKeyToEpoch('2026-11-23T14')).toBe(Date.UTC(2026, 10, 23, 14));
    expect(utcKeyToEpoch('cursor')).toBeNaN();
    expect(stackUsage([usage('cursor')], range, 'provider').totalUsd).toBe(0);
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
