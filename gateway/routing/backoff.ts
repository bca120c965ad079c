/**
 * Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): the n-th
 * retry waits a uniformly random time in [0, min(cap, base · 2ⁿ)). Pure: `random` is a sample in [0, 1).
 */
export function fullJitterDelay(retry: number, baseMs: number, capMs: number, random: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random * ceiling);
}

/** A provider's Retry-After plus up to 10 % jitter, so clients told the same time do not return together. */
export function retryAfterDelay(retryAfterMs: number, random: number): number {
  return Math.ceil(retryAfterMs * (1 + random / 10));
}
