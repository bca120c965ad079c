/**
 * Budgets and rate limits, checked before any upstream call, globally and per client key. Requests and
 * tokens per minute are sliding 60-second windows kept in one-second buckets (a bucket leaves the window
 * 60 s after the start of its second); spend is integer micro-USD per UTC day and UTC calendar month,
 * seeded from the ledger at startup so budgets survive restarts. The clock is passed in on every call.
 */
import type { LimitSet, LimitsConfig } from '../config/ledger-schema.js';
import { GatewayError } from '../core/errors.js';

export interface LimitsSeed {
  /** Known cost (micro-USD) recorded in the ledger since `since`, for one client key or all. */
  spend(since: number, clientKey?: string): number;
}

export type LimitName = 'usdPerDay' | 'usdPerMonth' | 'tokensPerMinute' | 'requestsPerMinute';
export type LimitScope = 'global' | `client:${string}`;

export interface LimitWarning {
  scope: LimitScope;
  limit: LimitName;
  /** In the limit's unit: USD for budgets, tokens or requests for per-minute limits. */
  used: number;
  max: number;
  /** When the warning was raised (ms since the epoch). */
  at: number;
}

export interface LimitState {
  limit: LimitName;
  used: number;
  max: number;
  /** When `used` is back to 0: the next period for budgets, the newest usage leaving the window otherwise (null when empty). */
  resetsAt: string | null;
  /** used / max (above 1 when a request that was admitted overshot). */
  share: number;
}

export interface LimitsStatus {
  warnAt: number;
  scopes: Array<{ scope: LimitScope; limits: LimitState[] }>;
}

export interface Limits {
  /** Called before the upstream call. Counts the request against requests/minute when admitted; returns the error to answer with when a limit is reached (checks global then client). */
  admit(clientKey: string | null, now: number): GatewayError | undefined;
  /** Called when a request ends: tokens (input+output) and known cost (micro-USD, 0 if unknown) count towards tokens/minute and spend. */
  record(clientKey: string | null, tokens: number, costMicros: number, at: number): void;
  /** For the admin API: per scope, each configured limit with used / max / resetsAt (ISO) / share. */
  status(now: number): LimitsStatus;
  /** Warnings raised so far (newest last, bounded to 100). */
  warnings(): LimitWarning[];
  /** Sets (or with null or an empty set, removes) a client key's limits at runtime; its current windows are kept. */
  setClient(name: string, set: LimitSet | null, now: number): void;
}

const WINDOW_SECONDS = 60;
const DAY_MS = 86_400_000;
const MAX_WARNINGS = 100;

const dayStart = (at: number): number => Math.floor(at / DAY_MS) * DAY_MS;
const monthStart = (at: number, offset = 0): number => {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1);
};

// ---- sliding windows ------------------------------------------------------------------------------------

interface Bucket {
  second: number;
  amount: number;
}

/** Buckets in ascending order of second; those older than the window are dropped lazily. */
type Window = Bucket[];

function prune(window: Window, now: number): void {
  const oldest = Math.floor(now / 1000) - WINDOW_SECONDS + 1;
  let drop = 0;
  while (drop < window.length && (window[drop] as Bucket).second < oldest) drop++;
  if (drop) window.splice(0, drop);
}

function windowAdd(window: Window, at: number, amount: number): void {
  const second = Math.floor(at / 1000);
  let index = window.length;
  while (index > 0 && (window[index - 1] as Bucket).second > second) index--;
  const before = window[index - 1];
  if (before?.second === second) before.amount += amount;
  else window.splice(index, 0, { second, amount });
}

function windowSum(window: Window, now: number): number {
  prune(window, now);
  const current = Math.floor(now / 1000);
  let sum = 0;
  for (const bucket of window) if (bucket.second <= current) sum += bucket.amount;
  return sum;
}

const expiresAt = (bucket: Bucket): number => (bucket.second + WINDOW_SECONDS) * 1000;

/** Milliseconds until at least `amount` of the window's usage has left it. */
function windowWait(window: Window, now: number, amount: number): number {
  let expired = 0;
  for (const bucket of window) {
    expired += bucket.amount;
    if (expired >= amount) return Math.max(1, expiresAt(bucket) - now);
  }
  return WINDOW_SECONDS * 1000;
}

// ---- scopes ---------------------------------------------------------------------------------------------

interface Period {
  start: number;
  micros: number;
  /** Period start in which the warning was raised. */
  warned: number | undefined;
}

interface WindowWarning {
  at: number;
  /** Usage was seen below the threshold since the warning. */
  sawBelow: boolean;
}

interface Scope {
  scope: LimitScope;
  set: LimitSet;
  /** `Client key "ci"` / `The gateway`, and how its limit is named. */
  subject: string;
  itsLimit: string;
  budgetLabel: string;
  requests: Window;
  tokens: Window;
  day: Period;
  month: Period;
  windowWarnings: Partial<Record<'requestsPerMinute' | 'tokensPerMinute', WindowWarning>>;
}

const toMicros = (usd: number): number => Math.round(usd * 1_000_000);

export function formatUsd(micros: number): string {
  const usd = micros / 1_000_000;
  if (usd === 0 || Math.abs(usd) >= 0.1) return `$${usd.toFixed(2)}`;
  // Small amounts keep their significant digits ($0.0005), never a misleading $0.00.
  const text = usd.toFixed(6).replace(/0+$/, '');
  return `$${text.endsWith('.') ? `${text}00` : text}`;
}

/** Moves a period forward when `at` lies in a later one; false when `at` lies in an earlier one. */
function roll(period: Period, start: number): boolean {
  if (start > period.start) {
    period.start = start;
    period.micros = 0;
  }
  return start === period.start;
}

export function createLimits(config: LimitsConfig, seed: LimitsSeed, now: number, onWarning?: (warning: LimitWarning) => void): Limits {
  const raised: LimitWarning[] = [];
  const warn = (scope: Scope, limit: LimitName, used: number, max: number, at: number): void => {
    const warning: LimitWarning = { scope: scope.scope, limit, used, max, at };
    raised.push(warning);
    if (raised.length > MAX_WARNINGS) raised.splice(0, raised.length - MAX_WARNINGS);
    onWarning?.(warning);
  };

  const seedPeriod = (max: number | undefined, start: number, clientKey: string | undefined): Period => {
    const micros = max === undefined ? 0 : seed.spend(start, clientKey);
    // Crossed before a restart: that warning was raised then, not again in the same period.
    return { start, micros, warned: max !== undefined && micros >= config.warnAt * toMicros(max) ? start : undefined };
  };
  const makeScope = (name: string | null, set: LimitSet, at = now): Scope => ({
    scope: name === null ? 'global' : `client:${name}`,
    set,
    subject: name === null ? 'The gateway' : `Client key "${name}"`,
    itsLimit: name === null ? 'its global limit' : 'its limit',
    budgetLabel: name === null ? 'global' : `client key "${name}"`,
    requests: [],
    tokens: [],
    day: seedPeriod(set.usdPerDay, dayStart(at), name ?? undefined),
    month: seedPeriod(set.usdPerMonth, monthStart(at), name ?? undefined),
    windowWarnings: {},
  });
  const global = makeScope(null, config.global);
  const clients = new Map(Object.entries(config.clients).map(([name, set]) => [name, makeScope(name, set)]));
  const scopesFor = (clientKey: string | null): Scope[] => {
    const client = clientKey === null ? undefined : clients.get(clientKey);
    return client ? [global, client] : [global];
  };

  const rollAll = (scope: Scope, at: number): void => {
    roll(scope.day, dayStart(at));
    roll(scope.month, monthStart(at));
  };

  /** `before` and `used`: the window's usage before and after adding this request or its tokens. */
  const checkWindowWarning = (scope: Scope, limit: 'requestsPerMinute' | 'tokensPerMinute', before: number, used: number, max: number, at: number): void => {
    const previous = scope.windowWarnings[limit];
    const threshold = config.warnAt * max;
    if (previous && before < threshold) previous.sawBelow = true;
    if (used < threshold) return;
    // A window's "period" is its minute: again only after usage fell below the threshold and a minute passed.
    if (previous && !(previous.sawBelow && at - previous.at >= WINDOW_SECONDS * 1000)) return;
    scope.windowWarnings[limit] = { at, sawBelow: false };
    warn(scope, limit, used, max, at);
  };

  const checkSpendWarning = (scope: Scope, limit: 'usdPerDay' | 'usdPerMonth', period: Period, max: number | undefined, at: number): void => {
    if (max === undefined || period.warned === period.start || period.micros < config.warnAt * toMicros(max)) return;
    period.warned = period.start;
    warn(scope, limit, period.micros / 1_000_000, max, at);
  };

  /** Why `scope` refuses a request at `at`, as the limit that keeps it refused longest. */
  const refusal = (scope: Scope, at: number): GatewayError | undefined => {
    rollAll(scope, at);
    const { set } = scope;
    const found: GatewayError[] = [];
    const budget = (period: Period, max: number | undefined, word: string, resetsAt: number, when: string): void => {
      if (max === undefined || period.micros < toMicros(max)) return;
      const message = `The ${word} budget of ${formatUsd(toMicros(max))} (${scope.budgetLabel}) is spent (${formatUsd(period.micros)} used); it resets ${when}.`;
      found.push(new GatewayError('rate_limited', message, { code: 'budget_exceeded', retryAfterMs: resetsAt - at }));
    };
    const nextMonth = monthStart(at, 1);
    budget(scope.month, set.usdPerMonth, 'monthly', nextMonth, `on ${new Date(nextMonth).toISOString().slice(0, 10)} at 00:00 UTC`);
    budget(scope.day, set.usdPerDay, 'daily', dayStart(at) + DAY_MS, 'at 00:00 UTC');
    const perMinute = (retryAfterMs: number, text: string): void => {
      const message = `${scope.subject} reached ${scope.itsLimit} of ${text}; try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
      found.push(new GatewayError('rate_limited', message, { code: 'rate_limit_exceeded', retryAfterMs }));
    };
    if (set.tokensPerMinute !== undefined) {
      const used = windowSum(scope.tokens, at);
      if (used >= set.tokensPerMinute) perMinute(windowWait(scope.tokens, at, used - set.tokensPerMinute + 1), `${set.tokensPerMinute} tokens per minute (${used} used)`);
    }
    if (set.requestsPerMinute !== undefined) {
      const used = windowSum(scope.requests, at);
      if (used + 1 > set.requestsPerMinute) {
        perMinute(windowWait(scope.requests, at, used + 1 - set.requestsPerMinute), `${set.requestsPerMinute} request${set.requestsPerMinute === 1 ? '' : 's'} per minute`);
      }
    }
    return found.reduce<GatewayError | undefined>((longest, error) => (!longest || (error.retryAfterMs ?? 0) > (longest.retryAfterMs ?? 0) ? error : longest), undefined);
  };

  const limitStates = (scope: Scope, at: number): LimitState[] => {
    rollAll(scope, at);
    const { set } = scope;
    const states: LimitState[] = [];
    const iso = (time: number | null): string | null => (time === null ? null : new Date(time).toISOString());
    const add = (limit: LimitName, used: number, max: number | undefined, resetsAt: number | null): void => {
      if (max !== undefined) states.push({ limit, used, max, resetsAt: iso(resetsAt), share: used / max });
    };
    const newest = (window: Window): number | null => {
      const last = window[window.length - 1];
      return last ? expiresAt(last) : null;
    };
    add('requestsPerMinute', windowSum(scope.requests, at), set.requestsPerMinute, newest(scope.requests));
    add('tokensPerMinute', windowSum(scope.tokens, at), set.tokensPerMinute, newest(scope.tokens));
    add('usdPerDay', scope.day.micros / 1_000_000, set.usdPerDay, dayStart(at) + DAY_MS);
    add('usdPerMonth', scope.month.micros / 1_000_000, set.usdPerMonth, monthStart(at, 1));
    return states;
  };

  return {
    admit(clientKey, at) {
      const scopes = scopesFor(clientKey);
      for (const scope of scopes) {
        const error = refusal(scope, at);
        if (error) return error;
      }
      for (const scope of scopes) {
        const before = windowSum(scope.requests, at);
        windowAdd(scope.requests, at, 1);
        const max = scope.set.requestsPerMinute;
        if (max !== undefined) checkWindowWarning(scope, 'requestsPerMinute', before, windowSum(scope.requests, at), max, at);
      }
      return undefined;
    },
    record(clientKey, tokens, costMicros, at) {
      for (const scope of scopesFor(clientKey)) {
        if (Number.isFinite(tokens) && tokens > 0) {
          const before = windowSum(scope.tokens, at);
          windowAdd(scope.tokens, at, tokens);
          const max = scope.set.tokensPerMinute;
          if (max !== undefined) checkWindowWarning(scope, 'tokensPerMinute', before, windowSum(scope.tokens, at), max, at);
        }
        if (!Number.isFinite(costMicros) || costMicros <= 0) continue;
        // A request that ends in a later period than the last one seen opens it; one from an earlier period (a
        // late record after a rollover) no longer counts against the current budget.
        if (roll(scope.day, dayStart(at))) {
          scope.day.micros += costMicros;
          checkSpendWarning(scope, 'usdPerDay', scope.day, scope.set.usdPerDay, at);
        }
        if (roll(scope.month, monthStart(at))) {
          scope.month.micros += costMicros;
          checkSpendWarning(scope, 'usdPerMonth', scope.month, scope.set.usdPerMonth, at);
        }
      }
    },
    status(at) {
      return { warnAt: config.warnAt, scopes: [global, ...clients.values()].map((scope) => ({ scope: scope.scope, limits: limitStates(scope, at) })) };
    },
    warnings: () => raised.slice(),
    setClient(name, set, at) {
      const previous = clients.get(name);
      if (!set || !Object.values(set).some((value) => value !== undefined)) {
        clients.delete(name);
        return;
      }
      // Budgets are re-seeded from the ledger (a budget added now counts today's spend); windows carry over.
      const scope = makeScope(name, set, at);
      if (previous) {
        scope.requests = previous.requests;
        scope.tokens = previous.tokens;
        scope.windowWarnings = previous.windowWarnings;
      }
      clients.set(name, scope);
    },
  };
}
