/**
 * Shapes usage for the spend chart: cost per local hour or day, stacked by provider, model, client key or
 * route (the biggest few, the rest as "Other"). The gateway sums the ledger (`/admin/usage?groupBy=hour&
 * splitBy=<dimension>`, UTC hours); its hours are put into local hours or days here, so the chart follows
 * local time whatever the range. Amounts are USD.
 */
import type { UsageRow } from '../../api/types';
import { bucketOf, bucketStarts, type Bucket } from '../../lib/ranges';

export type Dimension = 'provider' | 'model' | 'client' | 'route';

export const DIMENSIONS: Array<{ value: Dimension; label: string }> = [
  { value: 'provider', label: 'Provider' },
  { value: 'model', label: 'Model' },
  { value: 'client', label: 'Client key' },
  { value: 'route', label: 'Route' },
];

export const OTHER = 'Other';

export function parseDimension(value: string | null | undefined): Dimension {
  return DIMENSIONS.some((dimension) => dimension.value === value) ? (value as Dimension) : 'provider';
}

/** A usage row's key as a series name (the usage endpoint uses '' for none). */
export function seriesOfUsageKey(key: string, dimension: Dimension): string {
  if (key) return key;
  return dimension === 'client' ? '(no key)' : dimension === 'route' ? '(direct)' : '(no provider)';
}

export interface ChartPoint {
  start: number;
  [series: string]: number;
}

export interface StackedSpend {
  points: ChartPoint[];
  /** Ordered by total spend, biggest first; OTHER last when present. */
  series: string[];
  totalUsd: number;
}

/** One amount to stack: when, which series, how much (micro-USD). */
interface CostEntry {
  at: number;
  name: string;
  micros: number;
}

/** Stacks entries into local buckets over [from, to): the biggest `maxSeries - 1` series, the rest as Other. */
function stackEntries(entries: readonly CostEntry[], range: { from: number; to: number; bucket: Bucket }, maxSeries: number): StackedSpend {
  const totals = new Map<string, number>();
  for (const entry of entries) if (entry.micros) totals.set(entry.name, (totals.get(entry.name) ?? 0) + entry.micros);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  const kept = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const keptSet = new Set(kept);
  const series = ranked.length > kept.length ? [...kept, OTHER] : kept;

  const starts = bucketStarts(range.from, range.to, range.bucket);
  const index = new Map(starts.map((start, position) => [start, position]));
  const points: ChartPoint[] = starts.map((start) => {
    const point: ChartPoint = { start };
    for (const name of series) point[name] = 0;
    return point;
  });
  let totalMicros = 0;
  for (const entry of entries) {
    if (!entry.micros || entry.at < bucketOf(range.from, range.bucket) || entry.at >= range.to) continue;
    const position = index.get(bucketOf(entry.at, range.bucket));
    const point = position === undefined ? undefined : points[position];
    if (!point) continue;
    const target = keptSet.has(entry.name) ? entry.name : OTHER;
    point[target] = (point[target] ?? 0) + entry.micros / 1_000_000;
    totalMicros += entry.micros;
  }
  for (const point of points) for (const name of series) point[name] = round6(point[name] ?? 0);
  return { points, series, totalUsd: totalMicros / 1_000_000 };
}

/**
 * Rows of `/admin/usage?groupBy=hour&splitBy=<dimension>` (key `2026-11-23T14`, split the series) stacked
 * per local hour or day. The gateway already kept only requests in [from, to).
 */
export function stackUsage(rows: readonly UsageRow[], range: { from: number; to: number; bucket: Bucket }, dimension: Dimension, maxSeries = 6): StackedSpend {
  const entries = rows.map((row) => ({ at: utcKeyToEpoch(row.key), name: seriesOfUsageKey(row.split ?? '', dimension), micros: row.costMicros })).filter((entry) => Number.isFinite(entry.at));
  return stackEntries(entries, range, maxSeries);
}

/** A UTC bucket key of the usage endpoint (`2026-11-23` or `2026-11-23T14`) → its start, epoch ms. */
export function utcKeyToEpoch(key: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}))?$/.exec(key);
  if (!match) return Number.NaN;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), match[4] ? Number(match[4]) : 0);
}

const round6 = (value: number): number => Math.round(value * 1_000_000) / 1_000_000;

/** Sums of usage rows (any grouping), for the headline numbers. */
export function usageTotals(rows: readonly UsageRow[]) {
  const sum = (pick: (row: UsageRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const requests = sum((row) => row.requests);
  const costMicros = sum((row) => row.costMicros);
  const priced = requests - sum((row) => row.unpriced) - sum((row) => row.errors);
  return {
    requests,
    errors: sum((row) => row.errors),
    costUsd: costMicros / 1_000_000,
    inputTokens: sum((row) => row.inputUncached + row.inputCacheRead + row.inputCacheWrite),
    outputTokens: sum((row) => row.outputText + row.outputReasoning),
    cacheReadTokens: sum((row) => row.inputCacheRead),
    unpriced: sum((row) => row.unpriced),
    estimated: sum((row) => row.estimated),
    avgCostUsd: priced > 0 ? costMicros / 1_000_000 / priced : null,
  };
}
