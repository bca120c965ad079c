import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from './auth-failure-limiter.js';

describe('AuthFailureLimiter', () => {
  it('allows a burst, then throttles with the time until the next token', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter({ burst: 3, perMinute: 60 }, () => now);
    expect([1, 2, 3].map(() => limiter.fail('127.0.0.1').retryAfterMs)).toEqual([0, 0, 0]);
    const blocked = limiter.fail('127.0.0.1');
    expect(blocked).toEqual({ retryAfterMs: 1000, firstBlocked: true });
    now = 400;
    expect(limiter.fail('127.0.0.1')).toEqual({ retryAfterMs: 600, firstBlocked: false });
    now = 1000;
    expect(limiter.fail('127.0.0.1').retryAfterMs).toBe(0);
    // One token came back, not the whole burst: still the same spell, no second warning.
    expect(limiter.fail('127.0.0.1')).toEqual({ retryAfterMs: 1000, firstBlocked: false });
    now = 10_000;
    expect(limiter.fail('127.0.0.1').retryAfterMs).toBe(0);
  });

  it('reports a steady flood once, and a new spell only after the bucket refilled', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter({ burst: 10, perMinute: 600 }, () => now);
    let warnings = 0;
    // 1,000 failures a second for a minute.
    for (; now < 60_000; now += 1) if (limiter.fail('127.0.0.1').firstBlocked) warnings++;
    expect(warnings).toBe(1);
    now += 60_000;
    for (let i = 0; i < 11; i++) if (limiter.fail('127.0.0.1').firstBlocked) warnings++;
    expect(warnings).toBe(2);
  });

  it('keeps addresses apart', () => {
    const limiter = new AuthFailureLimiter({ burst: 1, perMinute: 1 }, () => 0);
    limiter.fail('10.0.0.1');
    expect(limiter.fail('10.0.0.1').retryAfterMs).toBeGreaterThan(0);
    expect(limiter.fail('10.0.0.2').retryAfterMs).toBe(0);
  });

  it('refills to the burst, never beyond', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter({ burst: 2, perMinute: 600 }, () => now);
    limiter.fail('a');
    limiter.fail('a');
    now = 3_600_000;
    expect([1, 2, 3].map(() => limiter.fail('a').retryAfterMs > 0)).toEqual([false, false, true]);
  });

  it('tracks a bounded number of addresses', () => {
    const limiter = new AuthFailureLimiter({ burst: 5, perMinute: 5 }, () => 0);
    for (let i = 0; i < 5000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size()).toBe(4096);
  });
});
