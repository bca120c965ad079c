/** Request rates from request start times: the count in the last minute and per-minute bins for a sparkline. */

const MINUTE = 60_000;

export function countSince(timestamps: Iterable<number>, since: number): number {
  let count = 0;
  for (const at of timestamps) if (at >= since) count++;
  return count;
}

/** Requests per minute for the last `minutes` whole minutes up to `now`, oldest first (the last bin is the current minute so far). */
export function perMinuteBins(timestamps: Iterable<number>, now: number, minutes: number): number[] {
  const bins = new Array<number>(minutes).fill(0);
  const currentMinute = Math.floor(now / MINUTE);
  for (const at of timestamps) {
    const age = currentMinute - Math.floor(at / MINUTE);
    if (age >= 0 && age < minutes) bins[minutes - 1 - age] = (bins[minutes - 1 - age] ?? 0) + 1;
  }
  return bins;
}

/** The value at quantile q (0..1) of unsorted numbers (nearest rank), or null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}
