/**
 * The attempt waterfall of one request, laid out on a shared time axis: each attempt from its start to
 * its first byte (or failure), the wait before the next attempt, and — for the attempt that answered —
 * the rest of the answer until the request ended. Times are ms from the request's start.
 */
import type { AttemptLogEntry } from '../../api/types';

export interface WaterfallBar {
  n: number;
  provider: string;
  model: string;
  upstreamModel: string;
  outcome: AttemptLogEntry['outcome'] | 'running';
  start: number;
  /** First byte (ok) or failure, ms from the request's start. */
  firstByte: number;
  /** End of the answer for the attempt that answered (streams keep going after the first byte). */
  end: number;
  wait: { start: number; end: number } | null;
  entry: AttemptLogEntry | null;
}

export interface Waterfall {
  scaleMs: number;
  bars: WaterfallBar[];
}

export function layoutWaterfall(
  requestStart: number,
  totalMs: number | null,
  attempts: readonly AttemptLogEntry[],
  running?: { n: number; provider: string; upstreamModel: string; startedAt: number; now: number } | null,
): Waterfall {
  const bars: WaterfallBar[] = attempts.map((entry) => {
    const start = Math.max(0, entry.startedAt - requestStart);
    const firstByte = start + Math.max(0, entry.latencyMs);
    const end = entry.outcome === 'ok' && totalMs !== null ? Math.max(firstByte, totalMs) : firstByte;
    return {
      n: entry.n,
      provider: entry.provider,
      model: entry.model,
      upstreamModel: entry.upstreamModel,
      outcome: entry.outcome,
      start,
      firstByte,
      end,
      wait: entry.waitMs ? { start: firstByte, end: firstByte + entry.waitMs } : null,
      entry,
    };
  });
  if (running && !attempts.some((entry) => entry.n === running.n)) {
    const start = Math.max(0, running.startedAt - requestStart);
    const now = Math.max(start, running.now - requestStart);
    bars.push({ n: running.n, provider: running.provider, model: running.upstreamModel, upstreamModel: running.upstreamModel, outcome: 'running', start, firstByte: now, end: now, wait: null, entry: null });
  }
  const furthest = bars.reduce((max, bar) => Math.max(max, bar.end, bar.wait?.end ?? 0), 0);
  return { scaleMs: Math.max(1, totalMs ?? 0, furthest), bars };
}

/** A share of the axis as a CSS percentage, kept visible (a 0 ms failure still gets a sliver). */
export function percent(ms: number, scaleMs: number, min = 0): string {
  return `${Math.max(min, Math.min(100, (ms / scaleMs) * 100)).toFixed(2)}%`;
}

/** A tick label precise enough for its axis: 0.25 ms on a 1 ms axis, 250 ms on a 1 s axis, 1.5 s beyond. */
export function formatTick(ms: number, scaleMs: number): string {
  if (ms === 0) return '0';
  if (scaleMs >= 2000) return `${Number((ms / 1000).toFixed(2))} s`;
  const decimals = scaleMs < 4 ? 2 : scaleMs < 40 ? 1 : 0;
  return `${Number(ms.toFixed(decimals))} ms`;
}
