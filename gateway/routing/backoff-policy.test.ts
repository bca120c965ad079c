import { describe, expect, it } from 'vitest';
import { RetryConfig } from '../config/routing-schema.js';
import { GatewayError, type ErrorKind, type GatewayErrorInit } from '../core/errors.js';
import { kindForStatus } from '../upstream/error-details.js';
import { fullJitterDelay, retryAfterDelay } from './backoff.js';
import { countsAgainstTarget, decide, dispositionOf, type RetryContext } from './retry-policy.js';

const defaults = RetryConfig.parse({});

describe('retry config defaults', () => {
  it('are the documented ones', () => {
    expect(defaults).toEqual({
      maxRetries: 2,
      baseDelayMs: 250,
      maxDelayMs: 4_000,
      maxRetryAfterMs: 20_000,
      maxTotalWaitMs: 60_000,
      budgetRatio: 0.2,
      budgetMinPerSecond: 5,
      retryAfterReset: false,
    });
  });
});

describe('fullJitterDelay', () => {
  it.each([
    // retry, ceiling = min(cap 4000, 250 · 2^retry)
    { retry: 0, ceiling: 250 },
    { retry: 1, ceiling: 500 },
    { retry: 2, ceiling: 1_000 },
    { retry: 3, ceiling: 2_000 },
    { retry: 4, ceiling: 4_000 },
    { retry: 5, ceiling: 4_000 },
    { retry: 31, ceiling: 4_000 },
    { retry: 1_000, ceiling: 4_000 },
  ])('retry $retry: uniform in [0, $ceiling)', ({ retry, ceiling }) => {
    expect(fullJitterDelay(retry, 250, 4_000, 0)).toBe(0);
    expect(fullJitterDelay(retry, 250, 4_000, 0.999)).toBe(Math.floor(0.999 * ceiling));
    expect(fullJitterDelay(retry, 250, 4_000, 0.999)).toBeLessThan(ceiling);
    expect(fullJitterDelay(retry, 250, 4_000, 0.5)).toBe(ceiling / 2);
  });

  it('is an integer within [0, cap) for any sample', () => {
    for (let retry = 0; retry < 12; retry++) {
      for (const random of [0, 0.1, 0.333, 0.5, 0.75, 0.999, 0.999999]) {
        const delay = fullJitterDelay(retry, 250, 4_000, random);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(4_000);
      }
    }
  });

  it('a zero base or cap never waits', () => {
    expect(fullJitterDelay(3, 0, 4_000, 0.9)).toBe(0);
    expect(fullJitterDelay(3, 250, 0, 0.9)).toBe(0);
  });
});

describe('retryAfterDelay', () => {
  it.each([
    { retryAfterMs: 1_000, random: 0, expected: 1_000 },
    { retryAfterMs: 1_000, random: 0.5, expected: 1_050 },
    { retryAfterMs: 1_000, random: 0.999, expected: 1_100 },
    { retryAfterMs: 3_000, random: 0.999, expected: 3_300 },
    { retryAfterMs: 0, random: 0.999, expected: 0 },
  ])('$retryAfterMs ms with sample $random → $expected ms', ({ retryAfterMs, random, expected }) => {
    expect(retryAfterDelay(retryAfterMs, random)).toBe(expected);
  });

  it('never waits less than asked nor more than 10% over', () => {
    for (const retryAfterMs of [1, 7, 999, 1_000, 12_345, 20_000]) {
      for (const random of [0, 0.25, 0.5, 0.999999]) {
        const delay = retryAfterDelay(retryAfterMs, random);
        expect(delay).toBeGreaterThanOrEqual(retryAfterMs);
        expect(delay).toBeLessThanOrEqual(Math.ceil(retryAfterMs * 1.1));
      }
    }
  });
});

const error = (kind: ErrorKind, init: GatewayErrorInit = {}): GatewayError => new GatewayError(kind, `test ${kind}`, init);

function context(overrides: Partial<RetryContext> & { error: GatewayError }): RetryContext {
  return {
    retries: 0,
    maxRetries: defaults.maxRetries,
    waitedMs: 0,
    remainingMs: 600_000,
    hasNextTarget: true,
    budget: () => true,
    random: 0.5,
    config: defaults,
    ...overrides,
  };
}

describe('decide: by error kind', () => {
  // With the defaults, retry 0 and random 0.5, a backoff is floor(0.5 · 250) = 125 ms.
  it.each([
    { name: '429 rate_limited', kind: 'rate_limited', status: 429, withNext: 'retry', alone: 'retry' },
    { name: '500 upstream_server_error', kind: 'upstream_server_error', status: 500, withNext: 'retry', alone: 'retry' },
    { name: '502 upstream_server_error', kind: 'upstream_server_error', status: 502, withNext: 'retry', alone: 'retry' },
    { name: '503 overloaded', kind: 'overloaded', status: 503, withNext: 'retry', alone: 'retry' },
    { name: '529 overloaded', kind: 'overloaded', status: 529, withNext: 'retry', alone: 'retry' },
    { name: '504 answer: upstream_timeout with upstreamStatus', kind: 'upstream_timeout', status: 504, withNext: 'retry', alone: 'retry' },
    { name: '408 answer: upstream_timeout with upstreamStatus', kind: 'upstream_timeout', status: 408, withNext: 'retry', alone: 'retry' },
    { name: 'our own timeout (no upstreamStatus)', kind: 'upstream_timeout', status: undefined, withNext: 'fallback', alone: 'stop' },
    { name: 'upstream_unreachable (nothing sent)', kind: 'upstream_unreachable', status: undefined, withNext: 'retry', alone: 'retry' },
    { name: 'upstream_reset (may have been processed)', kind: 'upstream_reset', status: undefined, withNext: 'fallback', alone: 'stop' },
    { name: '400 upstream_invalid_request', kind: 'upstream_invalid_request', status: 400, withNext: 'stop', alone: 'stop' },
    { name: '422 upstream_invalid_request', kind: 'upstream_invalid_request', status: 422, withNext: 'stop', alone: 'stop' },
    { name: '401 upstream_auth', kind: 'upstream_auth', status: 401, withNext: 'fallback', alone: 'stop' },
    { name: '403 upstream_permission', kind: 'upstream_permission', status: 403, withNext: 'fallback', alone: 'stop' },
    { name: '404 upstream_not_found', kind: 'upstream_not_found', status: 404, withNext: 'fallback', alone: 'stop' },
    { name: '429 quota_exceeded', kind: 'quota_exceeded', status: 429, withNext: 'fallback', alone: 'stop' },
    { name: 'upstream_bad_response', kind: 'upstream_bad_response', status: 200, withNext: 'fallback', alone: 'stop' },
    { name: 'upstream_truncated', kind: 'upstream_truncated', status: undefined, withNext: 'fallback', alone: 'stop' },
    { name: 'upstream_too_large', kind: 'upstream_too_large', status: undefined, withNext: 'stop', alone: 'stop' },
    { name: 'provider_unavailable', kind: 'provider_unavailable', status: undefined, withNext: 'fallback', alone: 'stop' },
    { name: 'client invalid_request', kind: 'invalid_request', status: undefined, withNext: 'stop', alone: 'stop' },
    { name: 'client_cancelled', kind: 'client_cancelled', status: undefined, withNext: 'stop', alone: 'stop' },
    { name: 'internal', kind: 'internal', status: undefined, withNext: 'stop', alone: 'stop' },
  ] as const)('$name: with a next target → $withNext, alone → $alone', ({ kind, status, withNext, alone }) => {
    const failure = error(kind, { upstreamStatus: status });
    let asked = 0;
    const budget = (): boolean => {
      asked++;
      return true;
    };
    const next = decide(context({ error: failure, hasNextTarget: true, budget }));
    const last = decide(context({ error: failure, hasNextTarget: false, budget }));
    expect(next.action).toBe(withNext);
    expect(last.action).toBe(alone);
    if (next.action === 'retry') expect(next.delayMs).toBe(125);
    // The budget is only spent by retries.
    expect(asked).toBe((withNext === 'retry' ? 1 : 0) + (alone === 'retry' ? 1 : 0));
    for (const decision of [next, last]) expect(decision.why.length).toBeGreaterThan(0);
  });

  it('retries a reset request only when routing.retry.retryAfterReset opts in', () => {
    const reset = error('upstream_reset');
    expect(decide(context({ error: reset, hasNextTarget: false })).action).toBe('stop');
    const optedIn = decide(context({ error: reset, hasNextTarget: false, config: RetryConfig.parse({ retryAfterReset: true }) }));
    expect(optedIn).toMatchObject({ action: 'retry', delayMs: 125 });
  });

  it('the statuses map to the kinds used above', () => {
    expect(
      [429, 500, 502, 503, 529, 504, 408, 400, 422, 401, 403, 404].map((status) => [status, kindForStatus(status, {})]),
    ).toEqual([
      [429, 'rate_limited'],
      [500, 'upstream_server_error'],
      [502, 'upstream_server_error'],
      [503, 'overloaded'],
      [529, 'overloaded'],
      [504, 'upstream_timeout'],
      [408, 'upstream_timeout'],
      [400, 'upstream_invalid_request'],
      [422, 'upstream_invalid_request'],
      [401, 'upstream_auth'],
      [403, 'upstream_permission'],
      [404, 'upstream_not_found'],
    ]);
    expect(kindForStatus(429, { code: 'insufficient_quota' })).toBe('quota_exceeded');
  });

  it('a full gateway queue (overloaded, code queue_full) falls back instead of retrying, and does not count against the target', () => {
    const full = error('overloaded', { code: 'queue_full', provider: 'oai' });
    expect(full.status).toBe(503);
    expect(dispositionOf(full)).toBe('fallback');
    expect(decide(context({ error: full, hasNextTarget: true })).action).toBe('fallback');
    expect(decide(context({ error: full, hasNextTarget: false })).action).toBe('stop');
    expect(countsAgainstTarget(full)).toBe(false);
    expect(countsAgainstTarget(error('overloaded', { upstreamStatus: 503 }))).toBe(true);
  });

  it.each([
    { kind: 'rate_limited', counts: true },
    { kind: 'quota_exceeded', counts: true },
    { kind: 'upstream_timeout', counts: true },
    { kind: 'upstream_reset', counts: true },
    { kind: 'upstream_auth', counts: true },
    { kind: 'upstream_not_found', counts: true },
    { kind: 'upstream_invalid_request', counts: false },
    { kind: 'invalid_request', counts: false },
    { kind: 'client_cancelled', counts: false },
    { kind: 'upstream_too_large', counts: false },
  ] as const)('countsAgainstTarget($kind) = $counts', ({ kind, counts }) => {
    expect(countsAgainstTarget(error(kind))).toBe(counts);
  });
});

describe('decide: retries, Retry-After, caps, deadline, budget', () => {
  const rateLimited = (retryAfterMs?: number): GatewayError => error('rate_limited', { upstreamStatus: 429, retryAfterMs });

  it.each([
    { retries: 0, maxRetries: 2, hasNextTarget: true, action: 'retry', delayMs: 125 },
    { retries: 1, maxRetries: 2, hasNextTarget: true, action: 'retry', delayMs: 250 },
    { retries: 2, maxRetries: 2, hasNextTarget: true, action: 'fallback', why: '2 retries used' },
    { retries: 2, maxRetries: 2, hasNextTarget: false, action: 'stop', why: '2 retries used' },
    { retries: 1, maxRetries: 1, hasNextTarget: false, action: 'stop', why: '1 retry used' },
    { retries: 0, maxRetries: 0, hasNextTarget: true, action: 'fallback', why: '0 retries used' },
    { retries: 5, maxRetries: 2, hasNextTarget: false, action: 'stop', why: '2 retries used' },
  ] as const)('retries $retries of $maxRetries (next target: $hasNextTarget) → $action', (row) => {
    const decision = decide(context({ error: rateLimited(), retries: row.retries, maxRetries: row.maxRetries, hasNextTarget: row.hasNextTarget }));
    expect(decision.action).toBe(row.action);
    if ('delayMs' in row && decision.action === 'retry') expect(decision.delayMs).toBe(row.delayMs);
    if ('why' in row) expect(decision.why).toBe(row.why);
  });

  it('backs off exponentially with full jitter', () => {
    const delays = [0, 1, 2, 3, 4].map((retries) => decide(context({ error: rateLimited(), retries, maxRetries: 10, random: 0.999 })));
    expect(delays.map((decision) => (decision.action === 'retry' ? decision.delayMs : null))).toEqual([249, 499, 999, 1_998, 3_996]);
    expect(delays[0]?.why).toBe('backoff 249 ms');
  });

  it.each([
    // Retry-After within the caps: waits that long (+ up to 10 % jitter), even with another target ready.
    { retryAfterMs: 3_000, hasNextTarget: true, random: 0, action: 'retry', delayMs: 3_000 },
    { retryAfterMs: 3_000, hasNextTarget: false, random: 0.999, action: 'retry', delayMs: 3_300 },
    { retryAfterMs: 4_000, hasNextTarget: true, random: 0, action: 'retry', delayMs: 4_000 },
    // Longer than one ordinary backoff (maxDelayMs 4 s) with another target ready: fall over instead.
    { retryAfterMs: 4_001, hasNextTarget: true, random: 0, action: 'fallback' },
    { retryAfterMs: 10_000, hasNextTarget: true, random: 0, action: 'fallback' },
    // …but alone, wait it out up to maxRetryAfterMs (20 s).
    { retryAfterMs: 10_000, hasNextTarget: false, random: 0.5, action: 'retry', delayMs: 10_500 },
    { retryAfterMs: 20_000, hasNextTarget: false, random: 0, action: 'retry', delayMs: 20_000 },
    // Over maxRetryAfterMs: never wait.
    { retryAfterMs: 20_001, hasNextTarget: false, random: 0, action: 'stop' },
    { retryAfterMs: 30_000, hasNextTarget: false, random: 0, action: 'stop' },
    { retryAfterMs: 30_000, hasNextTarget: true, random: 0, action: 'fallback' },
  ] as const)('Retry-After $retryAfterMs ms (next target: $hasNextTarget) → $action', (row) => {
    const failure = rateLimited(row.retryAfterMs);
    const decision = decide(context({ error: failure, hasNextTarget: row.hasNextTarget, random: row.random }));
    expect(decision.action).toBe(row.action);
    if ('delayMs' in row && decision.action === 'retry') {
      expect(decision.delayMs).toBe(row.delayMs);
      expect(decision.delayMs).toBeGreaterThanOrEqual(row.retryAfterMs);
      expect(decision.delayMs).toBeLessThanOrEqual(row.retryAfterMs * 1.1);
      expect(decision.why).toMatch(/^the provider asked to wait /);
    }
    // The error is left as it is: the client still gets a Retry-After.
    expect(failure.retryAfterMs).toBe(row.retryAfterMs);
    expect(failure.retryAfter).toBe(Math.ceil(row.retryAfterMs / 1000));
  });

  it('explains a Retry-After over the cap', () => {
    const decision = decide(context({ error: rateLimited(30_000), hasNextTarget: false }));
    expect(decision).toEqual({ action: 'stop', why: 'the provider asked to wait 30 s, more than the 20 s cap' });
    expect(decide(context({ error: rateLimited(10_000), hasNextTarget: true }))).toEqual({
      action: 'fallback',
      why: 'the provider asked to wait 10 s; another target is ready',
    });
    expect(decide(context({ error: rateLimited(2_500), hasNextTarget: false, random: 0 }))).toEqual({
      action: 'retry',
      delayMs: 2_500,
      why: 'the provider asked to wait 2.5 s',
    });
  });

  it('a Retry-After on an error that is not retried changes nothing', () => {
    expect(decide(context({ error: error('quota_exceeded', { upstreamStatus: 429, retryAfterMs: 1_000 }), hasNextTarget: true })).action).toBe('fallback');
    expect(decide(context({ error: error('upstream_invalid_request', { upstreamStatus: 400, retryAfterMs: 1_000 }) })).action).toBe('stop');
  });

  it.each([
    // backoff 125 ms (random 0.5, retry 0); cap 60 000 ms
    { waitedMs: 0, hasNextTarget: false, action: 'retry' },
    { waitedMs: 59_875, hasNextTarget: false, action: 'retry' },
    { waitedMs: 59_876, hasNextTarget: false, action: 'stop' },
    { waitedMs: 59_876, hasNextTarget: true, action: 'fallback' },
    { waitedMs: 120_000, hasNextTarget: false, action: 'stop' },
  ] as const)('cumulative wait cap: waited $waitedMs ms (next target: $hasNextTarget) → $action', ({ waitedMs, hasNextTarget, action }) => {
    const decision = decide(context({ error: rateLimited(), waitedMs, hasNextTarget }));
    expect(decision.action).toBe(action);
    if (action !== 'retry') expect(decision.why).toBe('waiting would exceed the 60 s total wait cap');
  });

  it('the total wait cap applies to Retry-After waits too', () => {
    const decision = decide(context({ error: rateLimited(15_000), waitedMs: 50_000, hasNextTarget: false, random: 0 }));
    expect(decision.action).toBe('stop');
    expect(decision.why).toMatch(/total wait cap/);
  });

  it.each([
    { remainingMs: 126, hasNextTarget: false, action: 'retry' },
    { remainingMs: 125, hasNextTarget: false, action: 'stop' },
    { remainingMs: 0, hasNextTarget: true, action: 'fallback' },
    { remainingMs: -5, hasNextTarget: false, action: 'stop' },
  ] as const)('deadline: $remainingMs ms left for a 125 ms wait (next target: $hasNextTarget) → $action', ({ remainingMs, hasNextTarget, action }) => {
    const decision = decide(context({ error: rateLimited(), remainingMs, hasNextTarget }));
    expect(decision.action).toBe(action);
    if (action !== 'retry') expect(decision.why).toBe('the request deadline would pass while waiting');
  });

  it('a Retry-After that outlives the deadline is not waited for', () => {
    expect(decide(context({ error: rateLimited(5_000), remainingMs: 4_000, hasNextTarget: false, random: 0 })).action).toBe('stop');
  });

  it.each([
    { hasNextTarget: true, action: 'fallback' },
    { hasNextTarget: false, action: 'stop' },
  ] as const)('a spent retry budget gives up (next target: $hasNextTarget → $action)', ({ hasNextTarget, action }) => {
    let asked = 0;
    const decision = decide(
      context({
        error: rateLimited(),
        hasNextTarget,
        budget: () => {
          asked++;
          return false;
        },
      }),
    );
    expect(decision).toEqual({ action, why: 'the retry budget is spent (too many retries across requests)' });
    expect(asked).toBe(1);
  });

  it('the budget is not consulted when the wait caps already say no', () => {
    let asked = 0;
    const budget = (): boolean => {
      asked++;
      return true;
    };
    decide(context({ error: rateLimited(), retries: 2, budget }));
    decide(context({ error: rateLimited(30_000), budget }));
    decide(context({ error: rateLimited(), waitedMs: 60_000, budget }));
    decide(context({ error: rateLimited(), remainingMs: 1, budget }));
    expect(asked).toBe(0);
  });
});
