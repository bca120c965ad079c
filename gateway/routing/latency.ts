/**
 * Measured latency of one target from live traffic: exponentially weighted moving averages of the time to
 * the first token and of the total time. Pure. The `fastest` strategy ranks targets by them; measurements
 * older than STALE_AFTER_MS count as absent, so a target that was slow once is measured again.
 */

export interface LatencyStats {
  /** EWMA of the time until the first content (streams) or the answer (non-streams), ms. */
  ttftMs: number | undefined;
  /** EWMA of the total time, ms. */
  totalMs: number | undefined;
  samples: number;
  updatedAt: number | undefined;
}

export const NO_LATENCY: LatencyStats = { ttftMs: undefined, totalMs: undefined, samples: 0, updatedAt: undefined };

/** Weight of the newest sample. */
export const EWMA_ALPHA = 0.3;
export const STALE_AFTER_MS = 10 * 60_000;

const ewma = (previous: number | undefined, sample: number): number =>
  previous === undefined ? sample : previous + EWMA_ALPHA * (sample - previous);

export function observeLatency(stats: LatencyStats, sample: { ttftMs?: number; totalMs?: number; at: number }): LatencyStats {
  return {
    ttftMs: sample.ttftMs === undefined ? stats.ttftMs : ewma(stats.ttftMs, sample.ttftMs),
    totalMs: sample.totalMs === undefined ? stats.totalMs : ewma(stats.totalMs, sample.totalMs),
    samples: stats.samples + 1,
    updatedAt: sample.at,
  };
}

/** The figure `fastest` compares: time to first token for streams, total time otherwise. */
export function latencyScore(stats: LatencyStats, stream: boolean, now: number): number | undefined {
  if (stats.updatedAt === undefined || now - stats.updatedAt > STALE_AFTER_MS) return undefined;
  return stream ? (stats.ttftMs ?? stats.totalMs) : (stats.totalMs ?? stats.ttftMs);
}
