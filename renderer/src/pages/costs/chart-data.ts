/**
 * Shapes the ledger for the spend chart: cost per local hour or day, stacked by provider, model, client key
 * or route (the biggest few, the rest as "Other"), and the fallback from the usage endpoint's UTC buckets
 * when there are too many requests to stack in the browser. Amounts are USD.
 */
import type { RequestRecord, UsageRow } from '../../api/types';
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

/** The series a request belongs to, with readable names for "none". */
export function seriesOf(record: RequestRecord, dimension: Dimension): string {
  switch (dimension) {
    case 'provider':
      return record.provider ?? '(no provider)';
    case 'model':
      return record.model;
    case 'client':
      return record.clientKey ?? '(no key)';
    case 'route':
      return record.route ?? '(direct)';
  }
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

export function stackSpend(records: readonly RequestRecord[], range: { from: number; to: number; bucket: Bucket }, dimension: Dimension, maxSeries = 6): StackedSpend {
  const totals = new Map<string, number>();
  for (const record of records) {
    const cost = record.cost?.totalMicros ?? 0;
    if (!cost) continue;
    const name = seriesOf(record, dimension);
    totals.set(name, (totals.get(name) ?? 0) + cost);
  }
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
  for (const record of records) {
    const cost = record.cost?.totalMicros ?? 0;
    if (!cost || record.startedAt < range.from || record.startedAt >= range.to) continue;
    const position = index.get(bucketOf(record.startedAt, range.bucket));
    const point = position === undefined ? undefined : points[position];
    if (!point) continue;
    const name = seriesOf(record, dimension);
    const target = keptSet.has(name) ? name : OTHER;
    point[target] = (point[target] ?? 0) + cost / 1_000_000;
    totalMicros += cost;
  }
  for (const point of points) for (const name of series) point[name] = round6(point[name] ?? 0);
  return { points, series, totalUsd: totalMicros / 1_000_000 };
}

/** Totals per UTC bucket from `/admin/usage?groupBy=day|hour` (keys `2026-11-23` or `2026-11-23T14`). */
export function totalsFromUsage(rows: readonly UsageRow[]): StackedSpend {
  const points = rows
    .map((row) => ({ start: utcKeyToEpoch(row.key), Total: round6(row.costMicros / 1_000_000) }))
    .filter((point) => Number.isFinite(point.start))
    .sort((a, b) => a.start - b.start);
  return { points, series: ['Total'], totalUsd: rows.reduce((sum, row) => sum + row.costMicros, 0) / 1_000_000 };
}

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
