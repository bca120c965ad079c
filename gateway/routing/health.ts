/**
 * Live health of every target the gateway has called: its circuit breaker and its latency averages. The
 * state transitions are the pure functions of breaker.ts and latency.ts; this registry only holds the
 * current values and reads the clock.
 */
import type { BreakerConfig } from '../config/routing-schema.js';
import { availability, CLOSED, reduceBreaker, reopensAt, windowCounts, type Availability, type BreakerEvent, type BreakerState } from './breaker.js';
import { NO_LATENCY, observeLatency, type LatencyStats } from './latency.js';

export interface TargetHealth {
  availability: Availability;
  breaker: BreakerState;
  latency: LatencyStats;
}

export interface TargetHealthReport {
  target: string;
  state: Availability;
  consecutiveFailures: number;
  window: { attempts: number; failures: number };
  openReason: string | null;
  reopensAt: string | null;
  lastFailureAt: string | null;
  lastFailureKind: string | null;
  latency: { ttftMs: number | null; totalMs: number | null; samples: number };
}

export interface HealthRegistry {
  get(target: string): TargetHealth;
  /** Claims the half-open probe; false when another request holds it (or the circuit is not half-open). */
  claimProbe(target: string): boolean;
  success(target: string, latency: { ttftMs?: number; totalMs?: number }): void;
  failure(target: string, kind: string): void;
  abandon(target: string): void;
  report(): TargetHealthReport[];
}

interface Entry {
  breaker: BreakerState;
  latency: LatencyStats;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function createHealthRegistry(config: BreakerConfig, clock: () => number, onChange?: (target: string, from: Availability, to: Availability) => void): HealthRegistry {
  const entries = new Map<string, Entry>();
  const entry = (target: string): Entry => {
    let found = entries.get(target);
    if (!found) {
      found = { breaker: CLOSED, latency: NO_LATENCY };
      entries.set(target, found);
    }
    return found;
  };
  const apply = (target: string, event: BreakerEvent): void => {
    const current = entry(target);
    const before = availability(current.breaker, event.at, config);
    current.breaker = reduceBreaker(current.breaker, event, config);
    const after = availability(current.breaker, event.at, config);
    if (before !== after) onChange?.(target, before, after);
  };

  return {
    get(target) {
      const found = entries.get(target);
      if (!found) return { availability: 'closed', breaker: CLOSED, latency: NO_LATENCY };
      return { availability: availability(found.breaker, clock(), config), breaker: found.breaker, latency: found.latency };
    },
    claimProbe(target) {
      const now = clock();
      if (availability(entry(target).breaker, now, config) !== 'half-open') return false;
      apply(target, { type: 'probe', at: now });
      return true;
    },
    success(target, latency) {
      const now = clock();
      apply(target, { type: 'success', at: now });
      const current = entry(target);
      current.latency = observeLatency(current.latency, { ...latency, at: now });
    },
    failure(target, kind) {
      apply(target, { type: 'failure', at: clock(), kind });
    },
    abandon(target) {
      if (entries.has(target)) apply(target, { type: 'abandon', at: clock() });
    },
    report() {
      const now = clock();
      return [...entries].map(([target, { breaker, latency }]) => ({
        target,
        state: availability(breaker, now, config),
        consecutiveFailures: breaker.consecutiveFailures,
        window: windowCounts(breaker, now, config),
        openReason: breaker.phase === 'closed' ? null : (breaker.openReason ?? null),
        reopensAt: iso(reopensAt(breaker, config)),
        lastFailureAt: iso(breaker.lastFailureAt),
        lastFailureKind: breaker.lastFailureKind ?? null,
        latency: {
          ttftMs: latency.ttftMs === undefined ? null : Math.round(latency.ttftMs),
          totalMs: latency.totalMs === undefined ? null : Math.round(latency.totalMs),
          samples: latency.samples,
        },
      }));
    },
  };
}
