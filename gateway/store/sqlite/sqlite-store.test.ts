import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { AttemptLogEntry } from '../../routing/run-plan.js';
import { createMemoryStore } from '../memory/memory-store.js';
import type { RequestQuery, RequestRecord, Store, UsageGroup } from '../types.js';
import { MIGRATIONS } from './migrations.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 14, 30);

const row = (id: string, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  id, startedAt: T0, clientKey: null, endpoint: 'openai-chat', model: 'm', route: null, provider: null, upstreamModel: null, stream: false,
  status: 'ok', httpStatus: 200, errorKind: null, attempts: 1, latencyMs: 1, firstByteMs: null, upstreamMs: null, usage: null,
  usageEstimated: false, cost: null, attemptLog: [], finishReasons: [], ...extra,
});
const usage = (input: number, output: number) => ({ inputUncached: input, inputCacheRead: 1, inputCacheWrite: 0, outputText: output, outputReasoning: 2 });
const cost = (total: number) => ({ inputMicros: total - 1, cacheReadMicros: 0, cacheWriteMicros: 0, outputMicros: 1, totalMicros: total });
const attempt = (n: number, extra: Partial<AttemptLogEntry> = {}): AttemptLogEntry => ({
  n, model: 'fast', provider: 'openai', upstreamModel: 'gpt-4o', startedAt: T0 + n, latencyMs: 10 * n, outcome: 'ok', errorKind: null,
  upstreamStatus: null, message: null, decision: null, why: null, waitMs: null, ...extra,
});

let dir: string;
let file: string;
const stores: Store[] = [];
const open = (options: Partial<SqliteStoreOptions> = {}): Store => {
  const store = openSqliteStore({ file, ...options });
  stores.push(store);
  return store;
};
const raw = (path = file): Database.Database => new Database(path);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'signalbox-store-'));
  file = join(dir, 'signalbox.db');
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every page of a query, following nextCursor. */
function walk(store: Store, query: Omit<RequestQuery, 'cursor'>): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = store.listRequests({ ...query, ...(cursor ? { cursor } : {}) });
    expect(page.data.length).toBeLessThanOrEqual(query.limit);
    ids.push(...page.data.map((entry) => entry.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('migrations', () => {
  it('create the schema in a new file and in an empty file, owner-only', () => {
    const store = open();
    store.record(row('a'));
    expect(store.request('a')?.id).toBe('a');
    store.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const db = raw();
    expect(db.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: MIGRATIONS.length }]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();

    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const fromEmpty = openSqliteStore({ file: empty });
    fromEmpty.record(row('b'));
    expect(fromEmpty.recentRequests(5).map((entry) => entry.id)).toEqual(['b']);
    fromEmpty.close();
  });

  it('upgrade a version-2 database in place, keeping its rows', () => {
    const db = raw();
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2);');
    db.exec(MIGRATIONS[0] as string);
    db.exec(MIGRATIONS[1] as string);
    db.prepare(
      `INSERT INTO requests (id, started_at, client_key, endpoint, model, route, provider, upstream_model, stream, status, http_status,
         error_kind, attempts, latency_ms, first_byte_ms, input_uncached, input_cache_read, input_cache_write, output_text, output_reasoning)
       VALUES ('old', ?, 'ci', 'openai-chat', 'fast', 'fast', 'openai', 'gpt-4o', 1, 'ok', 200, NULL, 2, 120, 40, 10, 2, 0, 5, 1)`,
    ).run(T0);
    db.prepare(
      `INSERT INTO attempts (request_id, seq, model, provider, upstream_model, started_at, latency_ms, outcome, error_kind, upstream_status,
         decision, why, wait_ms) VALUES ('old', 1, 'fast', 'openai', 'gpt-4o', ?, 30, 'error', 'overloaded', 503, 'retry', 'overloaded', 100)`,
    ).run(T0);
    db.close();

    const store = open();
    expect(store.request('old')).toEqual({
      id: 'old', startedAt: T0, clientKey: 'ci', endpoint: 'openai-chat', model: 'fast', route: 'fast', provider: 'openai',
      upstreamModel: 'gpt-4o', stream: true, status: 'ok', httpStatus: 200, errorKind: null, attempts: 2, latencyMs: 120, firstByteMs: 40,
      upstreamMs: null, usage: { inputUncached: 10, inputCacheRead: 2, inputCacheWrite: 0, outputText: 5, outputReasoning: 1 },
      usageEstimated: false, cost: null,
      attemptLog: [attempt(1, { startedAt: T0, latencyMs: 30, outcome: 'error', errorKind: 'overloaded', upstreamStatus: 503, decision: 'retry', why: 'overloaded', waitMs: 100 })],
      finishReasons: [],
    });
    // Unpriced, not free.
    expect(store.usage({ from: 0, to: T0 + 1, groupBy: 'day' })[0]).toMatchObject({ requests: 1, costMicros: 0, unpriced: 1 });
    store.close();
    const after = raw();
    expect(after.prepare('SELECT version FROM schema_version').get()).toEqual({ version: MIGRATIONS.length });
    expect(after.prepare('SELECT usage_estimated, upstream_ms, cost_total FROM requests').get()).toEqual({ usage_estimated: 0, upstream_ms: null, cost_total: null });
    after.close();
  });

  it('refuse a schema newer than this build (not treated as corruption)', () => {
    const db = raw();
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99);');
    db.close();
    const onWarning = vi.fn();
    expect(() => openSqliteStore({ file, onWarning })).toThrow(/newer than this Signalbox/);
    expect(onWarning).not.toHaveBeenCalled();
    expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });
});

describe('corrupt database at startup', () => {
  it('moves a file that is not a database aside (with its WAL) and starts fresh', () => {
    writeFileSync(file, 'this is not a sqlite database '.repeat(200));
    writeFileSync(`${file}-wal`, 'stray wal');
    const warnings: string[] = [];
    const store = open({ onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/file is not a database.*moved it to .*signalbox\.db\.corrupt-/);
    const aside = readdirSync(dir).filter((name) => /^signalbox\.db\.corrupt-[0-9TZ-]+$/.test(name));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toMatch(/^this is not a sqlite database/);
    expect(readFileSync(join(dir, `${aside[0]}-wal`), 'utf8')).toBe('stray wal');
    store.record(row('fresh'));
    expect(store.request('fresh')?.id).toBe('fresh');
    expect(store.health()).toEqual({ open: true, pending: 0, dropped: 0, problem: null });
  });

  it('moves a database with a malformed schema aside', () => {
    open().close();
    const bytes = readFileSync(file);
    bytes.fill(0x41, 100, 4096); // page 1 after the header: sqlite_schema
    writeFileSync(file, bytes);
    const onWarning = vi.fn();
    const store = open({ onWarning });
    expect(onWarning).toHaveBeenCalledTimes(1);
    expect(onWarning.mock.calls[0]?.[0]).toMatch(/malformed/);
    store.record(row('fresh'));
    expect(store.recentRequests(5).map((entry) => entry.id)).toEqual(['fresh']);
  });

  it('moves a database with an unreadable schema version aside', () => {
    const db = raw();
    db.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES ('two');`);
    db.close();
    const onWarning = vi.fn();
    open({ onWarning });
    expect(onWarning.mock.calls[0]?.[0]).toMatch(/unreadable schema version/);
  });
});

describe('round trip', () => {
  it('stores and reads back every field, cost known and unknown, with attempt logs', () => {
    const store = open();
    const full = row('full', {
      clientKey: 'ci', endpoint: 'anthropic-messages', model: 'fast', route: 'fast', provider: 'anthropic', upstreamModel: 'claude-x',
      stream: true, status: 'error', httpStatus: 502, errorKind: 'upstream_server_error', attempts: 2, latencyMs: 1234, firstByteMs: 56,
      upstreamMs: 1100, usage: { inputUncached: 11, inputCacheRead: 22, inputCacheWrite: 33, outputText: 44, outputReasoning: 55 },
      usageEstimated: true, cost: { inputMicros: 1, cacheReadMicros: 2, cacheWriteMicros: 3, outputMicros: 4, totalMicros: 10 },
      attemptLog: [
        attempt(1, { outcome: 'error', errorKind: 'overloaded', upstreamStatus: 529, message: 'Overloaded (may quote the prompt)', decision: 'fallback', why: 'overloaded', waitMs: 250 }),
        attempt(2, { provider: 'anthropic', upstreamModel: 'claude-x', outcome: 'error', errorKind: 'upstream_server_error', upstreamStatus: 500, decision: 'stop' }),
        attempt(3, { outcome: 'skipped', message: 'circuit open', why: 'circuit open' }),
      ],
    });
    const unpriced = row('unpriced', { startedAt: T0 + 1, usage: usage(1, 2), cost: null, upstreamMs: 0 });
    const free = row('free', { startedAt: T0 + 2, usage: usage(0, 0), cost: { inputMicros: 0, cacheReadMicros: 0, cacheWriteMicros: 0, outputMicros: 0, totalMicros: 0 } });
    for (const entry of [full, unpriced, free]) store.record(entry);

    // Provider messages are not stored.
    const expected = { ...full, attemptLog: full.attemptLog.map((entry) => ({ ...entry, message: null })) };
    expect(store.request('full')).toEqual(expected);
    expect(store.request('unpriced')).toEqual(unpriced);
    expect(store.request('free')).toEqual(free);
    expect(store.request('missing')).toBeUndefined();
    expect(store.listRequests({ limit: 10 }).data).toEqual([free, unpriced, expected]);
    // recentRequests stays light: no attempt logs.
    expect(store.recentRequests(10).map((entry) => [entry.id, entry.attemptLog])).toEqual([['free', []], ['unpriced', []], ['full', []]]);

    // Re-recording an id replaces the row and its attempts.
    store.record({ ...full, attempts: 1, attemptLog: [attempt(1)] });
    expect(store.request('full')?.attemptLog).toEqual([attempt(1)]);
    store.close();

    const reopened = open();
    expect(reopened.request('unpriced')).toEqual(unpriced);
  });

  it('sets aside a row that cannot be written without blocking the others', () => {
    const onError = vi.fn();
    const store = open({ onError });
    store.record(row('good-1'));
    store.record({ ...row('bad'), endpoint: null as unknown as string });
    store.record(row('good-2', { startedAt: T0 + 1 }));
    expect(store.recentRequests(10).map((entry) => entry.id)).toEqual(['good-2', 'good-1']);
    expect(store.health()).toEqual({ open: true, pending: 0, dropped: 1, problem: null });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatch(/dropped.*NOT NULL/);
  });
});

describe('listRequests', () => {
  const seed = (store: Store): RequestRecord[] => {
    const rows: RequestRecord[] = [];
    for (let i = 0; i < 57; i++) {
      const k = (i * 17) % 57; // recorded out of order
      rows.push(row(`r${String(k).padStart(2, '0')}`, {
        startedAt: T0 + Math.floor(k / 6) * 1000, // runs of six equal timestamps
        clientKey: k % 3 === 0 ? 'ci' : 'dev',
        provider: k % 2 ? 'openai' : 'anthropic',
        upstreamModel: k % 2 ? 'gpt-4o' : 'claude',
        model: k % 4 === 1 ? 'fast' : 'smart',
        route: k % 4 === 1 ? 'fast' : null,
        status: k % 5 === 0 ? 'error' : 'ok',
        attemptLog: [attempt(1, { startedAt: T0 + k })],
      }));
    }
    rows.forEach((entry) => store.record(entry));
    return rows.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
  };

  it('walks every page newest first with no duplicates or omissions across equal timestamps', () => {
    const store = open({ batchSize: 7 });
    const expected = seed(store).map((entry) => entry.id);
    for (const limit of [1, 4, 6, 10, 57, 100]) {
      const { ids, pages } = walk(store, { limit });
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(57 / limit)));
    }
    const page = store.listRequests({ limit: 3 });
    expect(page.data.every((entry) => entry.attemptLog.length === 1)).toBe(true);
  });

  it('filters by time, client, provider, model (named or provider/upstream), route and status, across pages', () => {
    const store = open();
    const rows = seed(store);
    const filters: Array<[Omit<RequestQuery, 'limit' | 'cursor'>, (entry: RequestRecord) => boolean]> = [
      [{ from: T0 + 3000, to: T0 + 6000 }, (e) => e.startedAt >= T0 + 3000 && e.startedAt < T0 + 6000],
      [{ clientKey: 'ci' }, (e) => e.clientKey === 'ci'],
      [{ provider: 'openai' }, (e) => e.provider === 'openai'],
      [{ model: 'fast' }, (e) => e.model === 'fast'],
      [{ model: 'anthropic/claude' }, (e) => e.provider === 'anthropic'],
      [{ route: 'fast' }, (e) => e.route === 'fast'],
      [{ status: 'error' }, (e) => e.status === 'error'],
      [{ clientKey: 'dev', provider: 'openai', status: 'ok', from: T0 + 1000 }, (e) => e.clientKey === 'dev' && e.provider === 'openai' && e.status === 'ok' && e.startedAt >= T0 + 1000],
      [{ clientKey: 'nobody' }, () => false],
    ];
    for (const [filter, predicate] of filters) {
      const expected = rows.filter(predicate).map((entry) => entry.id);
      expect(walk(store, { limit: 4, ...filter }).ids).toEqual(expected);
    }
    expect(store.listRequests({ limit: 5, clientKey: 'nobody' })).toEqual({ data: [], nextCursor: null });
  });

  it('rejects a malformed cursor with an invalid_request error', () => {
    const store = open();
    seed(store);
    const bad = ['', '!!', 'a b', Buffer.from('no-colon').toString('base64url'), Buffer.from('1e3:x').toString('base64url'), Buffer.from('abc:x').toString('base64url'), `${Buffer.from(`${T0}:r01`).toString('base64url')}=`];
    for (const cursor of bad) {
      let caught: unknown;
      try {
        store.listRequests({ limit: 5, cursor });
      } catch (error) {
        caught = error;
      }
      expect(caught, cursor).toBeInstanceOf(GatewayError);
      expect(caught).toMatchObject({ kind: 'invalid_request', message: 'Invalid cursor.', param: 'cursor', code: 'invalid_cursor' });
    }
    // A well-formed cursor for a row that no longer exists still pages from its position.
    const cursor = Buffer.from(`${T0 + 1000}:r07`).toString('base64url');
    expect(store.listRequests({ limit: 100, cursor }).data.map((entry) => entry.id)).toEqual(['r06', 'r05', 'r04', 'r03', 'r02', 'r01', 'r00']);
  });
});

describe('usage', () => {
  const seed = (store: Store): void => {
    // 20 requests on day 0 (latencies 1..20), 2 on day 1, one outside the range.
    for (let i = 1; i <= 20; i++) {
      store.record(row(`d0-${i}`, {
        startedAt: T0 + i * 60_000, latencyMs: 21 - i, provider: 'openai', upstreamModel: 'gpt-4o', clientKey: 'ci', route: 'fast',
        usage: usage(10, 5), cost: i <= 15 ? cost(100) : null, usageEstimated: i === 1, status: i % 10 === 0 ? 'error' : i === 5 ? 'cancelled' : 'ok',
      }));
    }
    store.record(row('d1-a', { startedAt: T0 + DAY + 3_600_000, latencyMs: 7, provider: 'anthropic', upstreamModel: 'claude', usage: usage(1, 1), cost: cost(50) }));
    store.record(row('d1-b', { startedAt: T0 + DAY, latencyMs: 3 }));
    store.record(row('late', { startedAt: T0 + 5 * DAY, usage: usage(1000, 1000), cost: cost(1_000_000) }));
    store.record(row('early', { startedAt: T0 - 1, usage: usage(1000, 1000), cost: cost(1_000_000) }));
  };
  const range = { from: T0, to: T0 + 2 * DAY };
  const day0 = {
    requests: 20, errors: 3, inputUncached: 200, inputCacheRead: 20, inputCacheWrite: 0, outputText: 100, outputReasoning: 40,
    costMicros: 1500, unpriced: 5, estimated: 1, p50LatencyMs: 10, p95LatencyMs: 19,
  };

  it('groups by UTC day and hour with sums and nearest-rank p50/p95', () => {
    const store = open();
    seed(store);
    expect(store.usage({ ...range, groupBy: 'day' })).toEqual([
      { key: '2026-11-23', ...day0 },
      {
        key: '2026-11-24', requests: 2, errors: 0, inputUncached: 1, inputCacheRead: 1, inputCacheWrite: 0, outputText: 1, outputReasoning: 2,
        costMicros: 50, unpriced: 0, estimated: 0, p50LatencyMs: 3, p95LatencyMs: 7,
      },
    ]);
    expect(store.usage({ ...range, groupBy: 'hour' }).map((r) => [r.key, r.requests, r.p50LatencyMs, r.p95LatencyMs])).toEqual([
      ['2026-11-23T14', 20, 10, 19],
      ['2026-11-24T14', 1, 3, 3],
      ['2026-11-24T15', 1, 7, 7],
    ]);
    expect(store.usage({ from: T0, to: T0, groupBy: 'day' })).toEqual([]);
  });

  it('groups by provider, model (provider/upstream), client and route, sorted by key', () => {
    const store = open();
    seed(store);
    const rest = (key: string, latency: number, extra: object = {}) => ({
      key, requests: 1, errors: 0, inputUncached: 0, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0, costMicros: 0,
      unpriced: 0, estimated: 0, p50LatencyMs: latency, p95LatencyMs: latency, ...extra,
    });
    const anthropic = { inputUncached: 1, inputCacheRead: 1, outputText: 1, outputReasoning: 2, costMicros: 50 };
    expect(store.usage({ ...range, groupBy: 'provider' })).toEqual([rest('', 3), rest('anthropic', 7, anthropic), { key: 'openai', ...day0 }]);
    expect(store.usage({ ...range, groupBy: 'model' })).toEqual([rest('', 3), rest('anthropic/claude', 7, anthropic), { key: 'openai/gpt-4o', ...day0 }]);
    const both = { ...rest('', 3, anthropic), requests: 2, p95LatencyMs: 7 };
    expect(store.usage({ ...range, groupBy: 'client' })).toEqual([both, { key: 'ci', ...day0 }]);
    expect(store.usage({ ...range, groupBy: 'route' })).toEqual([both, { key: 'fast', ...day0 }]);
  });

  it('splits a grouping by a second dimension (stacked charts)', () => {
    const store = open();
    seed(store);
    expect(store.usage({ ...range, groupBy: 'day', splitBy: 'provider' }).map((r) => [r.key, r.split, r.requests, r.costMicros, r.p95LatencyMs])).toEqual([
      ['2026-11-23', 'openai', 20, 1500, 19],
      ['2026-11-24', '', 1, 0, 3],
      ['2026-11-24', 'anthropic', 1, 50, 7],
    ]);
    // Without splitBy the rows carry no split at all.
    expect(store.usage({ ...range, groupBy: 'day' })[0]).not.toHaveProperty('split');
  });

  it('agrees with the memory store on random data (every grouping, percentiles, pagination)', () => {
    const store = open({ batchSize: 100 });
    const memory = createMemoryStore(5000);
    let seedValue = 42;
    const random = (n: number) => {
      seedValue = (seedValue * 1_103_515_245 + 12_345) % 2 ** 31;
      return seedValue % n;
    };
    for (let i = 0; i < 1500; i++) {
      const priced = random(3) > 0;
      const hasUsage = random(5) > 0;
      const entry = row(`x${i}`, {
        startedAt: T0 + random(3 * DAY),
        latencyMs: random(5000),
        provider: ['openai', 'anthropic', null][random(3)] ?? null,
        upstreamModel: ['a', 'b', null][random(3)] ?? null,
        clientKey: ['ci', 'dev', null][random(3)] ?? null,
        route: ['fast', null][random(2)] ?? null,
        status: (['ok', 'ok', 'error', 'cancelled'] as const)[random(4)] ?? 'ok',
        usage: hasUsage ? usage(random(1000), random(1000)) : null,
        cost: hasUsage && priced ? cost(1 + random(10_000)) : null,
        usageEstimated: random(7) === 0,
      });
      store.record(entry);
      memory.record(entry);
    }
    const window = { from: T0 + DAY / 3, to: T0 + 2 * DAY };
    for (const groupBy of ['day', 'hour', 'provider', 'model', 'client', 'route'] as UsageGroup[]) {
      expect(store.usage({ ...window, groupBy }), groupBy).toEqual(memory.usage({ ...window, groupBy }));
    }
    const sqliteWalk = walk(store, { limit: 37, clientKey: 'ci' }).ids;
    expect(sqliteWalk).toEqual(walk(memory, { limit: 37, clientKey: 'ci' }).ids);
    expect(store.spend(T0 + DAY)).toBe(memory.spend(T0 + DAY));
    expect(store.spend(T0 + DAY, 'dev')).toBe(memory.spend(T0 + DAY, 'dev'));
  });
});

describe('spend and prune', () => {
  it('sums known cost since a time, for all clients or one', () => {
    const store = open();
    store.record(row('old', { startedAt: T0 - 1, clientKey: 'ci', cost: cost(7) }));
    store.record(row('a', { startedAt: T0, clientKey: 'ci', cost: cost(100) }));
    store.record(row('b', { startedAt: T0 + 1, clientKey: 'dev', cost: cost(30) }));
    store.record(row('c', { startedAt: T0 + 2, clientKey: 'dev', usage: usage(1, 1) }));
    // Pending (not yet flushed) rows count too.
    expect(store.health().pending).toBe(4);
    expect(store.spend(T0)).toBe(130);
    expect(store.recentRequests(1)).toHaveLength(1);
    expect(store.health().pending).toBe(0);
    expect(store.spend(T0)).toBe(130);
    expect(store.spend(T0, 'dev')).toBe(30);
    expect(store.spend(T0, 'nobody')).toBe(0);
    expect(store.spend(0)).toBe(137);
    expect(store.spend(T0 + 10)).toBe(0);
  });

  it('deletes old requests and their attempts in one go', () => {
    const store = open();
    for (let i = 0; i < 10; i++) store.record(row(`r${i}`, { startedAt: T0 + i, attemptLog: [attempt(1), attempt(2)] }));
    expect(store.prune(T0 + 4)).toBe(4);
    expect(store.prune(T0 + 4)).toBe(0);
    expect(store.recentRequests(20).map((entry) => entry.id)).toEqual(['r9', 'r8', 'r7', 'r6', 'r5', 'r4']);
    const db = raw();
    expect(db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 12 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE request_id IN (\'r0\', \'r3\')').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('storage failures', () => {
  it('busy: keeps rows, reports once, and writes them after the lock is released', async () => {
    const errors: string[] = [];
    const store = open({ flushMs: 5, busyTimeoutMs: 20, retryMs: 20, onError: (message) => errors.push(message) });
    store.record(row('before'));
    expect(store.request('before')?.id).toBe('before');

    const lock = raw();
    lock.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < 10; i++) expect(() => store.record(row(`busy-${i}`, { startedAt: T0 + 1 + i, cost: cost(10) }))).not.toThrow();
      await vi.waitFor(() => expect(store.health().problem).toBe('database is busy'), { timeout: 5000, interval: 10 });
      expect(store.health()).toMatchObject({ open: true, pending: 10, dropped: 0 });
      // Reads still work (WAL) and see pending rows where it matters.
      expect(store.spend(T0)).toBe(100);
      expect(store.request('busy-3')?.id).toBe('busy-3');
      expect(store.recentRequests(5).map((entry) => entry.id)).toEqual(['before']);
      await new Promise((resolve) => setTimeout(resolve, 200)); // several retries
      for (let i = 10; i < 15; i++) store.record(row(`busy-${i}`, { startedAt: T0 + 1 + i }));
      expect(store.health()).toMatchObject({ pending: 15, problem: 'database is busy' });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^usage store write failed \(database is busy\); \d+ row\(s\) kept, retrying$/);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    await vi.waitFor(() => expect(store.health()).toEqual({ open: true, pending: 0, dropped: 0, problem: null }), { timeout: 10_000, interval: 20 });
    expect(walk(store, { limit: 4 }).ids).toHaveLength(16);
    expect(errors).toHaveLength(1);
  });

  it('disk full: no throw, problem reported, bounded buffer with dropped rows counted, database intact', () => {
    const errors: string[] = [];
    const store = open({ batchSize: 10, flushMs: 5, maxPending: 25, retryMs: 50, pragmas: ['max_page_count = 30'], onError: (message) => errors.push(message) });
    const total = 400;
    for (let i = 0; i < total; i++) {
      expect(() => store.record(row(`full-${String(i).padStart(4, '0')}-${'x'.repeat(200)}`, { startedAt: T0 + i, usage: usage(1, 1) }))).not.toThrow();
    }
    const health = store.health();
    expect(health.problem).toBe('disk full');
    expect(health.pending).toBe(25);
    const written = walk(store, { limit: 50 }).ids.length;
    expect(written).toBeGreaterThan(10);
    expect(written).toBeLessThan(total - 25);
    expect(health.dropped).toBe(total - written - 25);
    expect(errors).toEqual([
      expect.stringMatching(/^usage store write failed \(disk full\)/),
      expect.stringMatching(/buffer is full \(25 rows\)/),
    ]);
    const db = raw();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    // close() makes a final attempt; what still cannot be written is counted as dropped.
    store.close();
    expect(store.health()).toEqual({ open: false, pending: 0, dropped: total - written, problem: 'disk full' });
    expect(errors).toHaveLength(3);
    expect(errors[2]).toMatch(/closed with 25 unwritten row\(s\) \(disk full\)/);
    expect(existsSync(file)).toBe(true);
  });

  it('close() flushes what is pending', () => {
    const store = open({ flushMs: 60_000 });
    for (let i = 0; i < 5; i++) store.record(row(`c${i}`, { startedAt: T0 + i }));
    expect(store.health().pending).toBe(5);
    store.close();
    expect(store.isOpen()).toBe(false);
    store.record(row('after-close')); // ignored, no throw
    const db = raw();
    expect(db.prepare('SELECT COUNT(*) AS n FROM requests').get()).toEqual({ n: 5 });
    db.close();
  });
});
