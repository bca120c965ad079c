/**
 * The circuit breaker of one target (provider + model) as a pure reducer: state + event → state, with the
 * time carried by the events. Closed: traffic flows, failures are counted. Open: after `consecutiveFailures`
 * failures in a row, or an error ratio over `errorRatio` across at least `minAttempts` attempts in the last
 * `windowMs`; nothing is sent for `cooldownMs`. Half-open: after the cooldown exactly one probe is let
 * through; its success closes the circuit, its failure opens it again for another cooldown.
 */
import type { BreakerConfig } from '../config/routing-schema.js';

export type BreakerPhase = 'closed' | 'open' | 'half-open';

/** What planning sees: may a request be sent to this target now? */
export type Availability =
  | 'closed'
  /** Cooling down: skipped. */
  | 'open'
  /** Cooldown over: the next request is the probe. */
  | 'half-open'
  /** A probe is in flight: others are skipped until it settles. */
  | 'probing';

interface Bucket {
  start: number;
  attempts: number;
  failures: number;
}

export interface BreakerState {
  phase: BreakerPhase;
  consecutiveFailures: number;
  /** Outcome counts in time buckets (a tenth of the window each), oldest first. */
  buckets: readonly Bucket[];
  openedAt: number | undefined;
  probing: boolean;
  lastFailureAt: number | undefined;
  lastFailureKind: string | undefined;
  /** Why it opened, for the UI and the routing preview. */
  openReason: string | undefined;
}

export type BreakerEvent =
  | { type: 'success'; at: number }
  | { type: 'failure'; at: number; kind: string }
  /** The half-open probe was sent. */
  | { type: 'probe'; at: number }
  /** An attempt ended without a verdict (client went away): a probe slot is released. */
  | { type: 'abandon'; at: number };

export const CLOSED: BreakerState = {
  phase: 'closed',
  consecutiveFailures: 0,
  buckets: [],
  openedAt: undefined,
  probing: false,
  lastFailureAt: undefined,
  lastFailureKind: undefined,
  openReason: undefined,
};

export function availability(state: BreakerState, now: number, config: BreakerConfig): Availability {
  if (state.phase === 'closed') return 'closed';
  if (state.probing) return 'probing';
  if (state.phase === 'half-open') return 'half-open';
  return now - (state.openedAt ?? now) >= config.cooldownMs ? 'half-open' : 'open';
}

/** When an open circuit lets its probe through. */
export function reopensAt(state: BreakerState, config: BreakerConfig): number | undefined {
  return state.phase === 'open' && state.openedAt !== undefined ? state.openedAt + config.cooldownMs : undefined;
}

function record(buckets: readonly Bucket[], at: number, failed: boolean, config: BreakerConfig): Bucket[] {
  const width = Math.max(1, Math.floor(config.windowMs / 10));
  const start = at - (at % width);
  const kept = buckets.filter((bucket) => bucket.start > at - config.windowMs);
  const last = kept[kept.length - 1];
  if (last && last.start === start) {
    kept[kept.length - 1] = { start, attempts: last.attempts + 1, failures: last.failures + (failed ? 1 : 0) };
  } else {
    kept.push({ start, attempts: 1, failures: failed ? 1 : 0 });
  }
  return kept;
}

export function windowCounts(state: BreakerState, now: number, config: BreakerConfig): { attempts: number; failures: number } {
  let attempts = 0;
  let failures = 0;
  for (const bucket of state.buckets) {
    if (bucket.start <= now - config.windowMs) continue;
    attempts += bucket.attempts;
    failures += bucket.failures;
  }
  return { attempts, failures };
}

function open(state: BreakerState, at: number, reason: string): BreakerState {
  return { ...state, phase: 'open', openedAt: at, probing: false, openReason: reason };
}

export function reduceBreaker(state: BreakerState, event: BreakerEvent, config: BreakerConfig): BreakerState {
  switch (event.type) {
    case 'probe':
      return { ...state, phase: 'half-open', probing: true };
    case 'abandon':
      return state.probing ? { ...state, probing: false } : state;
    case 'success':
      if (state.phase !== 'closed') return { ...CLOSED };
      return { ...state, consecutiveFailures: 0, buckets: record(state.buckets, event.at, false, config) };
    case 'failure': {
      const failed = { ...state, lastFailureAt: event.at, lastFailureKind: event.kind };
      // Only the probe's failure reopens a circuit; a request that was already in flight when it opened
      // must not push the cooldown back.
      if (state.phase !== 'closed') return state.probing ? open(failed, event.at, `the probe failed (${event.kind})`) : failed;
      const next: BreakerState = {
        ...failed,
        consecutiveFailures: state.consecutiveFailures + 1,
        buckets: record(state.buckets, event.at, true, config),
      };
      if (next.consecutiveFailures >= config.consecutiveFailures) {
        return open(next, event.at, `${next.consecutiveFailures} consecutive failures (last: ${event.kind})`);
      }
      const { attempts, failures } = windowCounts(next, event.at, config);
      if (attempts >= config.minAttempts && failures / attempts > config.errorRatio) {
        const percent = Math.round((failures / attempts) * 100);
        return open(next, event.at, `${percent}% of ${attempts} attempts failed in the last ${Math.round(config.windowMs / 1000)} s`);
      }
      return next;
    }
  }
}
