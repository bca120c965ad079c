/**
 * A retry budget (Envoy / Finagle style): retries may be at most `ratio` of the requests seen over the last
 * 10 seconds, plus a floor of `minPerSecond`. When a provider falls over, every request would otherwise
 * retry it 2–3×; the budget keeps the total bounded so a struggling provider is not hammered (no retry
 * storm). Counts live in one-second buckets; the clock is passed in.
 */
const WINDOW_S = 10;

export interface RetryBudget {
  noteRequest(now: number): void;
  /** Takes one retry from the budget if it allows one. */
  tryRetry(now: number): boolean;
}

export function createRetryBudget(ratio: number, minPerSecond: number): RetryBudget {
  const requests = new Array<number>(WINDOW_S).fill(0);
  const retries = new Array<number>(WINDOW_S).fill(0);
  let second = 0;
  const advance = (now: number): number => {
    const current = Math.floor(now / 1000);
    if (current - second >= WINDOW_S) {
      requests.fill(0);
      retries.fill(0);
    } else {
      for (let s = second + 1; s <= current; s++) {
        requests[s % WINDOW_S] = 0;
        retries[s % WINDOW_S] = 0;
      }
    }
    if (current > second) second = current;
    return second % WINDOW_S;
  };
  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
  return {
    noteRequest(now) {
      const slot = advance(now);
      requests[slot] = (requests[slot] ?? 0) + 1;
    },
    tryRetry(now) {
      const slot = advance(now);
      const allowed = minPerSecond * WINDOW_S + ratio * sum(requests);
      if (sum(retries) + 1 > allowed) return false;
      retries[slot] = (retries[slot] ?? 0) + 1;
      return true;
    },
  };
}
