import { describe, expect, it } from 'vitest';
import { LimitsConfig } from '../config/ledger-schema.js';
import type { GatewayError } from '../core/errors.js';
import { createLimits, formatUsd, type LimitsSeed, type LimitWarning } from './limits.js';

/** 2026-11-23T12:00:00Z, a whole second. */
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const at = (iso: string): number => Date.parse(iso);
const USD = 1_000_000;

const noSpend: LimitsSeed = { spend: () => 0 };

function setup(config: Record<string, unknown>, options: { seed?: LimitsSeed; now?: number } = {}) {
  const raised: LimitWarning[] = [];
  const limits = createLimits(LimitsConfig.parse(config), options.seed ?? noSpend, options.now ?? T0, (warning) => raised.push(warning));
  return { limits, raised };
}

function refused(error: GatewayError | undefined): GatewayError {
  expect(error).toBeDefined();
  return error as GatewayError;
}

describe('requests per minute (sliding window, one-second buckets)', () => {
  // Admitted at T0, T0+1 s and T0+2.5 s against a limit of 3; each bucket leaves the window 60 s after the
  // start of its second, so the first one frees a slot at T0+60 s.
  it.each([
    { now: T0 + 10_000, retryAfterMs: 50_000, seconds: 50 },
    { now: T0 + 30_250, retryAfterMs: 29_750, seconds: 30 },
    { now: T0 + 59_001, retryAfterMs: 999, seconds: 1 },
    { now: T0 + 59_999, retryAfterMs: 1, seconds: 1 },
  ])('the 4th request at +$retryAfterMs ms to go is refused with Retry-After $seconds s', ({ now, retryAfterMs, seconds }) => {
    const { limits } = setup({ clients: { ci: { requestsPerMinute: 3 } } });
    for (const time of [T0, T0 + 1_000, T0 + 2_500]) expect(limits.admit('ci', time)).toBeUndefined();
    const error = refused(limits.admit('ci', now));
    expect(error.kind).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.retryAfter).toBe(seconds);
    expect(error.message).toBe(`Client key "ci" reached its limit of 3 requests per minute; try again in ${seconds} s.`);
  });

  it('slides: the oldest second leaving the window frees exactly its share', () => {
    const { limits } = setup({ clients: { ci: { requestsPerMinute: 3 } } });
    for (const time of [T0, T0 + 1_000, T0 + 2_500]) expect(limits.admit('ci', time)).toBeUndefined();
    expect(limits.admit('ci', T0 + 60_000)).toBeUndefined();
    // Now T0+1 s, T0+2 s and T0+60 s are in the window: the next slot frees at T0+61 s.
    expect(refused(limits.admit('ci', T0 + 60_001)).retryAfterMs).toBe(999);
    expect(limits.admit('ci', T0 + 61_000)).toBeUndefined();
    expect(refused(limits.admit('ci', T0 + 61_500)).retryAfterMs).toBe(500);
  });

  it('waits for as many seconds as needed when several requests share the oldest buckets', () => {
    // Limit 4, two requests in second 0 and two in second 5: one more needs one request gone → second 0.
    const { limits } = setup({ global: { requestsPerMinute: 4 } });
    for (const time of [T0, T0 + 400, T0 + 5_000, T0 + 5_900]) expect(limits.admit(null, time)).toBeUndefined();
    const error = refused(limits.admit(null, T0 + 20_000));
    expect(error.retryAfterMs).toBe(40_000);
    expect(error.message).toBe('The gateway reached its global limit of 4 requests per minute; try again in 40 s.');
  });

  it('refused requests do not count', () => {
    const { limits } = setup({ global: { requestsPerMinute: 2 } });
    expect(limits.admit(null, T0)).toBeUndefined();
    expect(limits.admit(null, T0)).toBeUndefined();
    for (let i = 1; i <= 10; i++) expect(limits.admit(null, T0 + i * 5_000)).toBeDefined();
    expect(limits.admit(null, T0 + 60_000)).toBeUndefined();
    expect(limits.admit(null, T0 + 60_000)).toBeUndefined();
    expect(limits.admit(null, T0 + 60_000)).toBeDefined();
  });
});

describe('tokens per minute', () => {
  it.each([
    { recorded: [999], admitted: true },
    { recorded: [1_000], admitted: false },
    { recorded: [600, 500], admitted: false },
    { recorded: [0, 400], admitted: true },
  ])('after $recorded tokens, a request is admitted: $admitted (refused once used ≥ max)', ({ recorded, admitted }) => {
    const { limits } = setup({ global: { tokensPerMinute: 1_000 } });
    recorded.forEach((tokens, index) => limits.record(null, tokens, 0, T0 + index * 20_000));
    expect(limits.admit(null, T0 + 30_000) === undefined).toBe(admitted);
  });

  it('waits until enough tokens left the window to fall under the limit', () => {
    const { limits } = setup({ clients: { ci: { tokensPerMinute: 1_000 } } });
    limits.record('ci', 600, 0, T0 + 200);
    limits.record('ci', 500, 0, T0 + 20_000);
    const error = refused(limits.admit('ci', T0 + 30_000));
    // 1100 used: 101 must leave the window; the 600 of second T0 leave at T0+60 s.
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toBe('Client key "ci" reached its limit of 1000 tokens per minute (1100 used); try again in 30 s.');
    expect(limits.admit('ci', T0 + 60_000)).toBeUndefined();
  });

  it('a request that will overshoot is still admitted while usage is under the limit (it is unknown before)', () => {
    const { limits } = setup({ global: { tokensPerMinute: 100 } });
    expect(limits.admit(null, T0)).toBeUndefined();
    limits.record(null, 5_000, 0, T0 + 1_000);
    // 5000 used, 4901 must leave: all of second T0+1 s, leaving at T0+61 s.
    expect(refused(limits.admit(null, T0 + 2_000)).retryAfterMs).toBe(59_000);
  });
});

describe('spend per day and month (UTC)', () => {
  it.each([
    { spent: 4_999_999, admitted: true },
    { spent: 5_000_000, admitted: false },
    { spent: 5_020_000, admitted: false },
  ])('with $spent micro-USD of a $5 daily budget spent, admitted: $admitted', ({ spent, admitted }) => {
    const { limits } = setup({ global: { usdPerDay: 5 } });
    limits.record(null, 10, spent, T0);
    expect(limits.admit(null, T0 + 1) === undefined).toBe(admitted);
  });

  it('a spent daily budget is refused until the next 00:00 UTC', () => {
    const { limits } = setup({ global: { usdPerDay: 5 } });
    limits.record(null, 10, 5_020_000, T0);
    const error = refused(limits.admit(null, T0));
    expect(error.code).toBe('budget_exceeded');
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(12 * 3_600_000);
    expect(error.retryAfter).toBe(43_200);
    expect(error.message).toBe('The daily budget of $5.00 (global) is spent ($5.02 used); it resets at 00:00 UTC.');
    expect(refused(limits.admit(null, at('2026-11-23T23:59:59.500Z'))).retryAfterMs).toBe(500);
    expect(limits.admit(null, at('2026-11-24T00:00:00Z'))).toBeUndefined();
  });

  it.each([
    { now: '2026-11-30T23:59:59Z', retryAfterMs: 1_000, next: '2026-12-01', after: '2026-12-01T00:00:00Z' },
    { now: '2026-12-31T23:00:00Z', retryAfterMs: 3_600_000, next: '2027-01-01', after: '2027-01-01T00:00:00Z' },
    { now: '2026-02-14T00:00:00Z', retryAfterMs: 15 * 86_400_000, next: '2026-03-01', after: '2026-03-01T00:00:00Z' },
  ])('a spent monthly budget at $now resets on $next', ({ now, retryAfterMs, next, after }) => {
    const { limits } = setup({ clients: { ci: { usdPerMonth: 100 } } }, { now: at(now) });
    limits.record('ci', 0, 100 * USD + 100_000, at(now));
    const error = refused(limits.admit('ci', at(now)));
    expect(error.code).toBe('budget_exceeded');
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.message).toBe(`The monthly budget of $100.00 (client key "ci") is spent ($100.10 used); it resets on ${next} at 00:00 UTC.`);
    expect(limits.admit('ci', at(after))).toBeUndefined();
  });

  it('day and month roll over together at 2026-11-30T23:59:59Z → 2026-12-01', () => {
    const { limits } = setup({ global: { usdPerDay: 1, usdPerMonth: 10 } }, { now: at('2026-11-30T12:00:00Z') });
    limits.record(null, 0, 9 * USD, at('2026-11-29T12:00:00Z')); // an earlier day of the month: month only
    limits.record(null, 0, 1 * USD, at('2026-11-30T23:59:59Z'));
    // Both are spent; the month keeps it refused longer, so it is the one reported.
    const error = refused(limits.admit(null, at('2026-11-30T23:59:59Z')));
    expect(error.message).toContain('monthly budget of $10.00');
    expect(error.retryAfterMs).toBe(1_000);
    expect(limits.admit(null, at('2026-12-01T00:00:00Z'))).toBeUndefined();
    const status = limits.status(at('2026-12-01T00:00:00Z'));
    expect(status.scopes[0]?.limits.map((limit) => [limit.limit, limit.used])).toEqual([
      ['usdPerDay', 0],
      ['usdPerMonth', 0],
    ]);
  });

  it('a day rollover inside the month keeps the month spent', () => {
    const { limits } = setup({ global: { usdPerDay: 50, usdPerMonth: 10 } });
    limits.record(null, 0, 10 * USD, T0);
    expect(refused(limits.admit(null, T0 + 86_400_000)).message).toContain('monthly');
  });

  it('zero, negative or unknown cost adds nothing', () => {
    const { limits } = setup({ global: { usdPerDay: 0.000001, tokensPerMinute: 1 } });
    for (const cost of [0, -5, Number.NaN]) limits.record(null, 0, cost, T0);
    limits.record(null, Number.NaN, 0, T0);
    expect(limits.admit(null, T0)).toBeUndefined();
    limits.record(null, 0, 1, T0);
    expect(refused(limits.admit(null, T0)).message).toBe('The daily budget of $0.000001 (global) is spent ($0.000001 used); it resets at 00:00 UTC.');
  });

  it('a request recorded after the rollover but ending in the previous day does not count against the new day', () => {
    const { limits } = setup({ global: { usdPerDay: 1 } });
    expect(limits.admit(null, at('2026-11-24T00:00:00Z'))).toBeUndefined();
    limits.record(null, 0, 2 * USD, at('2026-11-23T23:59:59.999Z'));
    expect(limits.admit(null, at('2026-11-24T00:00:01Z'))).toBeUndefined();
    limits.record(null, 0, 2 * USD, at('2026-11-24T00:00:02Z'));
    expect(limits.admit(null, at('2026-11-24T00:00:03Z'))).toBeDefined();
  });
});

describe('seeded from the ledger', () => {
  const dayStart = Date.UTC(2026, 10, 23);
  const monthStart = Date.UTC(2026, 10, 1);

  function ledger(values: Record<string, number>) {
    const calls: string[] = [];
    const seed: LimitsSeed = {
      spend(since, clientKey) {
        const key = `${new Date(since).toISOString()} ${clientKey ?? '*'}`;
        calls.push(key);
        return values[key] ?? 0;
      },
    };
    return { seed, calls };
  }

  it('reads the current UTC day and month, globally and per configured client, only for configured budgets', () => {
    const { seed, calls } = ledger({});
    setup({ global: { usdPerDay: 5, usdPerMonth: 50 }, clients: { ci: { usdPerMonth: 10 }, bot: { requestsPerMinute: 5 } } }, { seed });
    expect(calls).toEqual([
      `${new Date(dayStart).toISOString()} *`,
      `${new Date(monthStart).toISOString()} *`,
      `${new Date(monthStart).toISOString()} ci`,
    ]);
  });

  it('a budget spent before a restart stays spent, until its period rolls over', () => {
    const { seed } = ledger({ [`${new Date(monthStart).toISOString()} ci`]: 10_500_000 });
    const { limits } = setup({ clients: { ci: { usdPerMonth: 10 } } }, { seed });
    const error = refused(limits.admit('ci', T0));
    expect(error.message).toBe('The monthly budget of $10.00 (client key "ci") is spent ($10.50 used); it resets on 2026-12-01 at 00:00 UTC.');
    expect(limits.admit(null, T0)).toBeUndefined();
    expect(limits.admit('ci', at('2026-12-01T00:00:00Z'))).toBeUndefined();
  });

  it('seeded spend adds up with new spend', () => {
    const { seed } = ledger({ [`${new Date(dayStart).toISOString()} *`]: 4 * USD });
    const { limits } = setup({ global: { usdPerDay: 5 } }, { seed });
    expect(limits.admit(null, T0)).toBeUndefined();
    limits.record('anyone', 100, 1 * USD, T0 + 1_000);
    expect(refused(limits.admit(null, T0 + 2_000)).message).toContain('($5.00 used)');
  });

  it('a seeded figure already past the warning share does not warn again in the same period', () => {
    const { seed } = ledger({ [`${new Date(dayStart).toISOString()} *`]: 9 * USD });
    const { limits, raised } = setup({ global: { usdPerDay: 10 } }, { seed });
    limits.record(null, 0, 500_000, T0);
    expect(raised).toEqual([]);
    limits.record(null, 0, 8 * USD, T0 + 86_400_000);
    expect(raised).toEqual([{ scope: 'global', limit: 'usdPerDay', used: 8, max: 10, at: T0 + 86_400_000 }]);
  });
});

describe('warnings', () => {
  it('a budget warns once per period when it crosses warnAt × max', () => {
    const { limits, raised } = setup({ global: { usdPerDay: 10 } });
    limits.record(null, 0, 7 * USD, T0);
    expect(raised).toEqual([]);
    limits.record(null, 0, 1 * USD, T0 + 1_000);
    limits.record(null, 0, 1 * USD, T0 + 2_000);
    limits.record(null, 0, 5 * USD, T0 + 3_000);
    expect(raised).toEqual([{ scope: 'global', limit: 'usdPerDay', used: 8, max: 10, at: T0 + 1_000 }]);
    limits.record(null, 0, 9 * USD, T0 + 86_400_000);
    expect(raised).toHaveLength(2);
    expect(raised[1]).toEqual({ scope: 'global', limit: 'usdPerDay', used: 9, max: 10, at: T0 + 86_400_000 });
    expect(limits.warnings()).toEqual(raised);
  });

  it('warnAt is configurable; day and month warn separately, per scope', () => {
    const { limits, raised } = setup({ warnAt: 0.5, global: { usdPerMonth: 100 }, clients: { ci: { usdPerDay: 2 } } });
    limits.record('ci', 0, 1 * USD, T0);
    expect(raised).toEqual([{ scope: 'client:ci', limit: 'usdPerDay', used: 1, max: 2, at: T0 }]);
    limits.record('ci', 0, 49 * USD, T0 + 1);
    expect(raised.map((warning) => `${warning.scope} ${warning.limit} ${warning.used}`)).toEqual(['client:ci usdPerDay 1', 'global usdPerMonth 50']);
  });

  it('tokens per minute warn on crossing, then again only after falling below and a minute passing', () => {
    const { limits, raised } = setup({ global: { tokensPerMinute: 1_000 } });
    limits.record(null, 700, 0, T0);
    limits.record(null, 100, 0, T0 + 1_000);
    limits.record(null, 100, 0, T0 + 2_000);
    expect(raised).toEqual([{ scope: 'global', limit: 'tokensPerMinute', used: 800, max: 1_000, at: T0 + 1_000 }]);
    // T0 left the window: 200 used (below), then back over 800 after a minute.
    limits.record(null, 600, 0, T0 + 60_500);
    expect(raised).toHaveLength(1);
    limits.record(null, 100, 0, T0 + 61_000);
    expect(raised).toHaveLength(2);
    expect(raised[1]).toMatchObject({ limit: 'tokensPerMinute', used: 800, at: T0 + 61_000 });
  });

  it('requests per minute warn when the admitted count reaches the share', () => {
    const { limits, raised } = setup({ clients: { ci: { requestsPerMinute: 5 } } });
    for (let i = 0; i < 5; i++) limits.admit('ci', T0 + i);
    expect(raised).toEqual([{ scope: 'client:ci', limit: 'requestsPerMinute', used: 4, max: 5, at: T0 + 3 }]);
  });

  it('keeps the newest 100', () => {
    const { limits, raised } = setup({ global: { usdPerDay: 1 } });
    for (let day = 0; day < 105; day++) limits.record(null, 0, 1 * USD, T0 + day * 86_400_000);
    expect(raised).toHaveLength(105);
    const kept = limits.warnings();
    expect(kept).toHaveLength(100);
    expect(kept[0]?.at).toBe(T0 + 5 * 86_400_000);
    expect(kept[99]?.at).toBe(T0 + 104 * 86_400_000);
  });
});

describe('scopes', () => {
  it('global is checked before the client; a request refused by its client does not count globally', () => {
    const { limits } = setup({ global: { requestsPerMinute: 2 }, clients: { ci: { requestsPerMinute: 1 } } });
    expect(limits.admit('ci', T0)).toBeUndefined();
    expect(refused(limits.admit('ci', T0)).message).toMatch(/^Client key "ci" reached its limit of 1 request per minute;/);
    expect(limits.admit(null, T0)).toBeUndefined();
    expect(refused(limits.admit('ci', T0)).message).toMatch(/^The gateway reached its global limit of 2 requests per minute/);
  });

  it('a global budget wins over a client per-minute limit', () => {
    const { limits } = setup({ global: { usdPerDay: 1 }, clients: { ci: { requestsPerMinute: 1 } } });
    limits.admit('ci', T0);
    limits.record('ci', 10, 1 * USD, T0);
    expect(refused(limits.admit('ci', T0)).code).toBe('budget_exceeded');
  });

  it('requests without a client key (null) and unconfigured keys count only globally', () => {
    const { limits } = setup({ global: { requestsPerMinute: 10 }, clients: { ci: { requestsPerMinute: 1, usdPerDay: 1 } } });
    for (let i = 0; i < 5; i++) expect(limits.admit(i % 2 ? null : 'other', T0)).toBeUndefined();
    limits.record(null, 100, 2 * USD, T0);
    limits.record('other', 100, 2 * USD, T0);
    expect(limits.admit('ci', T0)).toBeUndefined();
    const client = limits.status(T0).scopes.find((scope) => scope.scope === 'client:ci');
    expect(client?.limits.map((limit) => [limit.limit, limit.used])).toEqual([
      ['requestsPerMinute', 1],
      ['usdPerDay', 0],
    ]);
    expect(limits.status(T0).scopes[0]?.limits[0]).toMatchObject({ limit: 'requestsPerMinute', used: 6 });
  });
});

describe('status', () => {
  it('lists each configured limit per scope with used, max, resetsAt and share', () => {
    const { limits } = setup({ global: { requestsPerMinute: 60, tokensPerMinute: 10_000, usdPerDay: 5, usdPerMonth: 100 }, clients: { ci: {} } });
    limits.admit('ci', T0);
    limits.admit(null, T0 + 1_000);
    limits.record('ci', 2_500, 1_250_000, T0 + 1_200);
    expect(limits.status(T0 + 1_500)).toEqual({
      warnAt: 0.8,
      scopes: [
        {
          scope: 'global',
          limits: [
            { limit: 'requestsPerMinute', used: 2, max: 60, resetsAt: '2026-11-23T12:01:01.000Z', share: 2 / 60 },
            { limit: 'tokensPerMinute', used: 2_500, max: 10_000, resetsAt: '2026-11-23T12:01:01.000Z', share: 0.25 },
            { limit: 'usdPerDay', used: 1.25, max: 5, resetsAt: '2026-11-24T00:00:00.000Z', share: 0.25 },
            { limit: 'usdPerMonth', used: 1.25, max: 100, resetsAt: '2026-12-01T00:00:00.000Z', share: 0.0125 },
          ],
        },
        { scope: 'client:ci', limits: [] },
      ],
    });
    expect(limits.status(T0 + 61_000).scopes[0]?.limits[0]).toMatchObject({ used: 0, resetsAt: null });
  });
});

describe('formatUsd', () => {
  it.each([
    [0, '$0.00'],
    [5_000_000, '$5.00'],
    [5_023_456, '$5.02'],
    [100_000, '$0.10'],
    [50_000, '$0.05'],
    [500, '$0.0005'],
    [1, '$0.000001'],
  ])('%i micro-USD → %s', (micros, text) => {
    expect(formatUsd(micros)).toBe(text);
  });
});

describe('client limits set at runtime (database client keys)', () => {
  it('adds, changes and removes a client scope, keeping its window and seeding budgets from the ledger', () => {
    const seen: Array<[number, string | undefined]> = [];
    const { limits } = setup({}, { seed: { spend: (since, client) => (seen.push([since, client]), client === 'ide' ? 3 * USD : 0) } });
    // Before the key has limits, its requests count globally only.
    expect(limits.admit('ide', T0)).toBeUndefined();
    limits.setClient('ide', { requestsPerMinute: 2, usdPerDay: 5 }, T0 + 1_000);
    expect(limits.admit('ide', T0 + 1_000)).toBeUndefined();
    expect(limits.admit('ide', T0 + 1_500)).toBeUndefined();
    expect(refused(limits.admit('ide', T0 + 2_000)).code).toBe('rate_limit_exceeded');
    expect(seen).toContainEqual([Date.UTC(2026, 10, 23), 'ide']);
    expect(limits.status(T0 + 2_000).scopes.find((scope) => scope.scope === 'client:ide')?.limits).toContainEqual(
      expect.objectContaining({ limit: 'usdPerDay', used: 3, max: 5 }),
    );
    // A wider limit keeps the requests already counted in the window.
    limits.setClient('ide', { requestsPerMinute: 3 }, T0 + 2_000);
    expect(limits.admit('ide', T0 + 2_000)).toBeUndefined();
    expect(refused(limits.admit('ide', T0 + 3_000)).code).toBe('rate_limit_exceeded');
    limits.setClient('ide', null, T0 + 3_000);
    expect(limits.admit('ide', T0 + 3_000)).toBeUndefined();
    expect(limits.status(T0 + 3_000).scopes.map((scope) => scope.scope)).toEqual(['global']);
    limits.setClient('ide', {}, T0 + 3_000);
    expect(limits.status(T0 + 3_000).scopes.map((scope) => scope.scope)).toEqual(['global']);
  });
});
