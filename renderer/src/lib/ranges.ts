/** Time ranges for the Costs page and the Overview's "today", in local time. */

export type RangeId = '24h' | '7d' | '30d' | '90d';
export type Bucket = 'hour' | 'day';

export const RANGES: Array<{ id: RangeId; label: string; bucket: Bucket }> = [
  { id: '24h', label: 'Last 24 hours', bucket: 'hour' },
  { id: '7d', label: 'Last 7 days', bucket: 'day' },
  { id: '30d', label: 'Last 30 days', bucket: 'day' },
  { id: '90d', label: 'Last 90 days', bucket: 'day' },
];

const HOUR = 3_600_000;

export function parseRange(value: string | null | undefined): RangeId {
  return RANGES.some((range) => range.id === value) ? (value as RangeId) : '7d';
}

/** Local midnight of the day `now` falls in. */
export function startOfLocalDay(now: number): number {
  const date = new Date(now);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

export function startOfLocalHour(now: number): number {
  const date = new Date(now);
  date.setMinutes(0, 0, 0);
  return date.getTime();
}

/**
 * [from, to) of a range, aligned to whole local buckets so the first bar is not a sliver: the last 24
 * hours are 24 whole hours (the current one included), the last 7 days are 7 whole local days.
 */
export function rangeBounds(range: RangeId, now: number): { from: number; to: number; bucket: Bucket } {
  const spec = RANGES.find((candidate) => candidate.id === range) ?? (RANGES[1] as (typeof RANGES)[number]);
  if (spec.bucket === 'hour') {
    const hour = startOfLocalHour(now);
    return { from: hour - 23 * HOUR, to: now + 1, bucket: 'hour' };
  }
  const days = Number.parseInt(range, 10);
  const today = new Date(startOfLocalDay(now));
  today.setDate(today.getDate() - (days - 1));
  return { from: today.getTime(), to: now + 1, bucket: 'day' };
}

/** The start of every bucket in [from, to), in local time (days follow DST changes). */
export function bucketStarts(from: number, to: number, bucket: Bucket): number[] {
  const starts: number[] = [];
  const cursor = new Date(bucket === 'hour' ? startOfLocalHour(from) : startOfLocalDay(from));
  while (cursor.getTime() < to) {
    starts.push(cursor.getTime());
    if (bucket === 'hour') cursor.setHours(cursor.getHours() + 1);
    else cursor.setDate(cursor.getDate() + 1);
  }
  return starts;
}

/** The bucket a moment falls in. */
export function bucketOf(at: number, bucket: Bucket): number {
  return bucket === 'hour' ? startOfLocalHour(at) : startOfLocalDay(at);
}
