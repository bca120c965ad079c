import { describe, expect, it } from 'vitest';
import { BreakerConfig } from '../config/routing-schema.js';
import type { Availability } from './breaker.js';
import { createHealthRegistry } from './health.js';

const config = BreakerConfig.parse({ consecutiveFailures: 2, minAttempts: 100, windowMs: 10_000, cooldownMs: 5_000 });
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function setup() {
  const clock = { now: T0 };
  const changes: Array<[string, Availability, Availability]> = [];
  const registry = createHealthRegistry(config, () => clock.now, (target, from, to) => changes.push([target, from, to]));
  /** Opens `target`'s circuit at the current time. */
  const open = (target: string): void => {
    registry.failure(target, 'upstream_server_error');
    registry.failure(target, 'upstream_server_error');
  };
  return { clock, changes, registry, open };
}

describe('health registry', () => {
  it('an unknown target is closed, with no latency, and is not reported', () => {
    const { registry } = setup();
    expect(registry.get('oai/gpt-4o')).toMatchObject({ availability: 'closed', breaker: { phase: 'closed' }, latency: { samples: 0, ttftMs: undefined } });
    expect(registry.report()).toEqual([]);
    // Reading or abandoning does not create entries.
    registry.abandon('oai/gpt-4o');
    expect(registry.report()).toEqual([]);
  });

  it('opens after consecutive failures and reads the injected clock for the cooldown', () => {
    const { clock, registry, open } = setup();
    open('oai/gpt-4o');
    expect(registry.get('oai/gpt-4o').availability).toBe('open');
    clock.now = T0 + 4_999;
    expect(registry.get('oai/gpt-4o').availability).toBe('open');
    clock.now = T0 + 5_000;
    expect(registry.get('oai/gpt-4o').availability).toBe('half-open');
  });

  it('claimProbe succeeds exactly once in half-open', () => {
    const { clock, registry, open } = setup();
    expect(registry.claimProbe('oai/gpt-4o')).toBe(false); // closed
    open('oai/gpt-4o');
    expect(registry.claimProbe('oai/gpt-4o')).toBe(false); // open, cooling down
    clock.now = T0 + 5_000;
    expect(registry.claimProbe('oai/gpt-4o')).toBe(true);
    expect(registry.get('oai/gpt-4o').availability).toBe('probing');
    expect(registry.claimProbe('oai/gpt-4o')).toBe(false);
    clock.now = T0 + 60_000;
    expect(registry.claimProbe('oai/gpt-4o')).toBe(false); // still probing, however long
  });

  it('abandon gives the probe back; the next claim succeeds', () => {
    const { clock, registry, open } = setup();
    open('t');
    clock.now = T0 + 5_000;
    expect(registry.claimProbe('t')).toBe(true);
    registry.abandon('t');
    expect(registry.get('t').availability).toBe('half-open');
    expect(registry.claimProbe('t')).toBe(true);
    expect(registry.claimProbe('t')).toBe(false);
  });

  it('a probe success closes; a probe failure opens for another cooldown', () => {
    const { clock, registry, open } = setup();
    open('a');
    open('b');
    clock.now = T0 + 5_000;
    expect(registry.claimProbe('a')).toBe(true);
    expect(registry.claimProbe('b')).toBe(true);
    clock.now = T0 + 5_200;
    registry.success('a', { ttftMs: 100, totalMs: 300 });
    registry.failure('b', 'upstream_timeout');
    expect(registry.get('a').availability).toBe('closed');
    expect(registry.get('b').availability).toBe('open');
    expect(registry.get('b').breaker.openedAt).toBe(T0 + 5_200);
    clock.now = T0 + 10_200;
    expect(registry.get('b').availability).toBe('half-open');
  });

  it('targets are independent', () => {
    const { registry, open } = setup();
    open('a');
    registry.failure('b', 'overloaded');
    expect(registry.get('a').availability).toBe('open');
    expect(registry.get('b').availability).toBe('closed');
    expect(registry.get('b').breaker.consecutiveFailures).toBe(1);
  });

  it('keeps an EWMA of the latency of successes (failures add no sample)', () => {
    const { clock, registry } = setup();
    registry.success('t', { ttftMs: 100, totalMs: 1_000 });
    clock.now += 1_000;
    registry.success('t', { ttftMs: 200, totalMs: 2_000 });
    registry.failure('t', 'overloaded');
    clock.now += 1_000;
    registry.success('t', { totalMs: 500 });
    const { latency } = registry.get('t');
    // ttft: 100 → 100 + 0.3·(200 − 100) = 130 (the third sample had none).
    expect(latency.ttftMs).toBeCloseTo(130, 10);
    // total: 1000 → 1300 → 1300 + 0.3·(500 − 1300) = 1060.
    expect(latency.totalMs).toBeCloseTo(1_060, 10);
    expect(latency.samples).toBe(3);
    expect(latency.updatedAt).toBe(T0 + 2_000);
  });

  it('report() lists every target with its state, window, reason, times and rounded latency', () => {
    const { clock, registry, open } = setup();
    registry.success('fast', { ttftMs: 100.4, totalMs: 250.6 });
    registry.failure('flaky', 'rate_limited');
    clock.now = T0 + 1_000;
    open('down');
    clock.now = T0 + 2_000;
    const report = registry.report();
    expect(report).toEqual([
      {
        target: 'fast',
        state: 'closed',
        consecutiveFailures: 0,
        window: { attempts: 1, failures: 0 },
        openReason: null,
        reopensAt: null,
        lastFailureAt: null,
        lastFailureKind: null,
        latency: { ttftMs: 100, totalMs: 251, samples: 1 },
      },
      {
        target: 'flaky',
        state: 'closed',
        consecutiveFailures: 1,
        window: { attempts: 1, failures: 1 },
        openReason: null,
        reopensAt: null,
        lastFailureAt: new Date(T0).toISOString(),
        lastFailureKind: 'rate_limited',
        latency: { ttftMs: null, totalMs: null, samples: 0 },
      },
      {
        target: 'down',
        state: 'open',
        consecutiveFailures: 2,
        window: { attempts: 2, failures: 2 },
        openReason: '2 consecutive failures (last: upstream_server_error)',
        reopensAt: new Date(T0 + 6_000).toISOString(),
        lastFailureAt: new Date(T0 + 1_000).toISOString(),
        lastFailureKind: 'upstream_server_error',
        latency: { ttftMs: null, totalMs: null, samples: 0 },
      },
    ]);
    // The window moves with the clock.
    clock.now = T0 + 10_000;
    expect(registry.report().find((row) => row.target === 'fast')?.window).toEqual({ attempts: 0, failures: 0 });
    expect(registry.report().find((row) => row.target === 'down')?.state).toBe('half-open');
  });

  it('onChange fires for closed → open, half-open → probing and → closed, and not for unchanged availability', () => {
    const { clock, changes, registry, open } = setup();
    registry.success('t', {});
    registry.failure('t', 'overloaded');
    expect(changes).toEqual([]);
    registry.failure('t', 'overloaded');
    expect(changes).toEqual([['t', 'closed', 'open']]);
    clock.now = T0 + 5_000;
    registry.claimProbe('t');
    registry.success('t', { totalMs: 10 });
    expect(changes).toEqual([
      ['t', 'closed', 'open'],
      ['t', 'half-open', 'probing'],
      ['t', 'probing', 'closed'],
    ]);

    changes.length = 0;
    open('u');
    clock.now = T0 + 10_000;
    registry.claimProbe('u');
    registry.failure('u', 'upstream_timeout');
    registry.claimProbe('u'); // refused: no change
    expect(changes).toEqual([
      ['u', 'closed', 'open'],
      ['u', 'half-open', 'probing'],
      ['u', 'probing', 'open'],
    ]);
  });
});
