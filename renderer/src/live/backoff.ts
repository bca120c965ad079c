/**
 * When to reconnect the live stream: exponential backoff with jitter (so a gateway restart is not met by
 * every window at the same instant), capped, and never sooner than the server's `retry:` hint.
 */

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/** Delay before reconnect number `attempt` (0 = the first after a drop). `random` is in [0, 1). */
export function reconnectDelay(attempt: number, random: number, serverRetryMs: number | undefined, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 16));
  // Half fixed, half jitter: never a burst of instant retries, never all clients in lockstep.
  const delay = Math.round(ceiling / 2 + (ceiling / 2) * random);
  return Math.max(delay, serverRetryMs ?? 0);
}

export type FailureAction = 'signed-out' | 'unavailable' | 'retry';

/** What an HTTP answer to the stream request means for the connection. */
export function classifyStatus(status: number): FailureAction {
  if (status === 401 || status === 403) return 'signed-out';
  // No such endpoint on this gateway (an older build): the UI falls back to reading the ledger.
  if (status === 404 || status === 405 || status === 501) return 'unavailable';
  return 'retry';
}
