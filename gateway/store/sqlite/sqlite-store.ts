/**
 * SQLite Store (better-sqlite3): WAL, one writer, busy_timeout, numbered migrations, and inserts batched
 * into one transaction per flush, off the request path.
 *
 * A storage failure never fails a user request and never loses rows silently: when a write fails (busy,
 * disk full, I/O error) the rows stay in the pending buffer and the write is retried with backoff;
 * only when the buffer is full are new rows dropped, and they are counted (`health()`). A row that can
 * never be written (a constraint or binding error) is set aside on its own so it cannot block the others.
 *
 * A database that is corrupt at startup is moved aside to `<file>.corrupt-<timestamp>` and a new one is
 * created (reported through `onWarning`); a schema newer than this build still refuses to open.
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { GatewayError } from '../../core/errors.js';
import type { AttemptLogEntry } from '../../routing/run-plan.js';
import type { RequestRecord, Store, UsageGroup, UsageRow } from '../types.js';
import { MIGRATIONS } from './migrations.js';

export interface SqliteStoreOptions {
  file: string;
  /** Flush delay for queued writes. */
  flushMs?: number;
  /** Queue length that triggers an immediate flush. */
  batchSize?: number;
  /** Queue bound: beyond it (storage stuck) new rows are dropped and counted. */
  maxPending?: number;
  /**
   * How long a write waits for another connection's lock before failing as busy (default 250 ms). Writes run
   * on the event loop, so this is also the longest a busy database can stall it; failed writes are retried.
   */
  busyTimeoutMs?: number;
  /** Delay before retrying a failed write; doubles on each further failure, up to 15 s (default 1000 ms). */
  retryMs?: number;
  /** A storage problem (once per distinct problem, not per retry) or rows lost. */
  onError?: (message: string) => void;
  /** A non-fatal notice, e.g. a corrupt database moved aside at startup. */
  onWarning?: (message: string) => void;
  /** Called after each write transaction commits, with the ids it wrote (durability acknowledgements). */
  onFlushed?: (ids: string[]) => void;
  /** Internal, for tests: extra `PRAGMA`s run after migrations, e.g. `max_page_count = 30` to simulate a full disk. */
  pragmas?: string[];
}

const STARTUP_BUSY_TIMEOUT_MS = 5_000;
const MAX_RETRY_MS = 15_000;

/** The schema version is missing or garbled: treated like corruption (moved aside). */
class UnreadableSchemaError extends Error {}

/** The database was corrupt and has been moved aside to `aside`. */
class MovedAsideError extends Error {
  constructor(
    readonly aside: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const rows = db.prepare('SELECT version FROM schema_version').all() as Array<{ version: unknown }>;
  const raw = rows.length ? rows[0]?.version : 0;
  if (rows.length > 1 || typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
    throw new UnreadableSchemaError('unreadable schema version');
  }
  let version = raw;
  if (!rows.length) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  if (version > MIGRATIONS.length) {
    throw new Error(`database schema version ${version} is newer than this Signalbox (${MIGRATIONS.length}); upgrade Signalbox`);
  }
  const setVersion = db.prepare('UPDATE schema_version SET version = ?');
  for (; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version] as string;
    db.transaction(() => {
      db.exec(sql);
      setVersion.run(version + 1);
    })();
  }
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

function isCorruption(error: unknown): boolean {
  if (error instanceof UnreadableSchemaError) return true;
  const code = codeOf(error);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** A short human description of a storage failure (never SQL or values). */
function describeProblem(error: unknown): string {
  const code = codeOf(error) ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'database is busy';
  if (code.startsWith('SQLITE_FULL')) return 'disk full';
  if (code.startsWith('SQLITE_IOERR')) return `disk I/O error (${code})`;
  if (code.startsWith('SQLITE_READONLY')) return 'database is read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'database is corrupt';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'database file cannot be opened';
  return error instanceof Error ? error.message : String(error);
}

/** The failure is the row's own (bad value, constraint), not the storage's: retrying will not help. */
function isRowError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return true; // TypeError / RangeError from binding a value
  return /^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG)/.test(code);
}

/** `synchronous = NORMAL` in WAL mode: a committed transaction survives a process crash (kill -9) but not
 * an OS crash or power loss (the WAL is not fsynced on every commit). Use FULL if that ever matters. */
function openDatabase(options: SqliteStoreOptions, busyTimeoutMs: number): Database.Database {
  const created = !existsSync(options.file);
  const db = new Database(options.file);
  try {
    if (created) chmodSync(options.file, 0o600);
    // Startup may wait longer for a lock than a runtime write: nothing is being served yet.
    db.pragma(`busy_timeout = ${STARTUP_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    for (const pragma of options.pragmas ?? []) db.pragma(pragma);
    return db;
  } catch (error) {
    // Closing deletes the WAL, which may hold the newest rows of a damaged database: keep a copy first.
    const aside = isCorruption(error) ? asideName(options.file) : undefined;
    if (aside && existsSync(`${options.file}-wal`)) copyFileSync(`${options.file}-wal`, `${aside}-wal`);
    try {
      db.close();
    } catch {
      // already unusable
    }
    if (!aside) throw error;
    renameSync(options.file, aside);
    if (existsSync(`${options.file}-journal`)) renameSync(`${options.file}-journal`, `${aside}-journal`);
    for (const suffix of ['-wal', '-shm']) rmSync(options.file + suffix, { force: true });
    throw new MovedAsideError(aside, error instanceof Error ? error.message : String(error));
  }
}

/** `<file>.corrupt-<timestamp>`, unique. */
function asideName(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(target) || existsSync(`${target}-wal`); n++) target = `${file}.corrupt-${stamp}-${n}`;
  return target;
}

interface Row {
  id: string;
  started_at: number;
  client_key: string | null;
  endpoint: string;
  model: string;
  route: string | null;
  provider: string | null;
  upstream_model: string | null;
  stream: number;
  status: RequestRecord['status'];
  http_status: number;
  error_kind: string | null;
  attempts: number;
  latency_ms: number;
  first_byte_ms: number | null;
  upstream_ms: number | null;
  input_uncached: number | null;
  input_cache_read: number | null;
  input_cache_write: number | null;
  output_text: number | null;
  output_reasoning: number | null;
  usage_estimated: number;
  cost_input: number | null;
  cost_cache_read: number | null;
  cost_cache_write: number | null;
  cost_output: number | null;
  cost_total: number | null;
}

interface AttemptRow {
  seq: number;
  model: string;
  provider: string;
  upstream_model: string;
  started_at: number;
  latency_ms: number;
  outcome: AttemptLogEntry['outcome'];
  error_kind: string | null;
  upstream_status: number | null;
  decision: AttemptLogEntry['decision'];
  why: string | null;
  wait_ms: number | null;
}

function fromAttemptRow(row: AttemptRow): AttemptLogEntry {
  return {
    n: row.seq,
    model: row.model,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    startedAt: row.started_at,
    latencyMs: row.latency_ms,
    outcome: row.outcome,
    errorKind: row.error_kind,
    upstreamStatus: row.upstream_status,
    message: null,
    decision: row.decision,
    why: row.why,
    waitMs: row.wait_ms,
  };
}

function fromRow(row: Row, attemptLog: AttemptLogEntry[] = []): RequestRecord {
  return {
    id: row.id,
    startedAt: row.started_at,
    clientKey: row.client_key,
    endpoint: row.endpoint,
    model: row.model,
    route: row.route,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    stream: row.stream === 1,
    status: row.status,
    httpStatus: row.http_status,
    errorKind: row.error_kind,
    attempts: row.attempts,
    latencyMs: row.latency_ms,
    firstByteMs: row.first_byte_ms,
    upstreamMs: row.upstream_ms,
    usage:
      row.input_uncached === null
        ? null
        : {
            inputUncached: row.input_uncached,
            inputCacheRead: row.input_cache_read ?? 0,
            inputCacheWrite: row.input_cache_write ?? 0,
            outputText: row.output_text ?? 0,
            outputReasoning: row.output_reasoning ?? 0,
          },
    usageEstimated: row.usage_estimated === 1,
    cost:
      row.cost_total === null
        ? null
        : {
            inputMicros: row.cost_input ?? 0,
            cacheReadMicros: row.cost_cache_read ?? 0,
            cacheWriteMicros: row.cost_cache_write ?? 0,
            outputMicros: row.cost_output ?? 0,
            totalMicros: row.cost_total,
          },
    attemptLog,
  };
}

function toParams(row: RequestRecord): Record<string, string | number | null> {
  const usage = row.usage ?? null;
  const cost = row.cost ?? null;
  return {
    id: row.id,
    startedAt: row.startedAt,
    clientKey: row.clientKey ?? null,
    endpoint: row.endpoint,
    model: row.model,
    route: row.route ?? null,
    provider: row.provider ?? null,
    upstreamModel: row.upstreamModel ?? null,
    stream: row.stream ? 1 : 0,
    status: row.status,
    httpStatus: row.httpStatus,
    errorKind: row.errorKind ?? null,
    attempts: row.attempts,
    latencyMs: row.latencyMs,
    firstByteMs: row.firstByteMs ?? null,
    upstreamMs: row.upstreamMs ?? null,
    inputUncached: usage ? usage.inputUncached : null,
    inputCacheRead: usage ? usage.inputCacheRead : null,
    inputCacheWrite: usage ? usage.inputCacheWrite : null,
    outputText: usage ? usage.outputText : null,
    outputReasoning: usage ? usage.outputReasoning : null,
    usageEstimated: row.usageEstimated ? 1 : 0,
    costInput: cost ? cost.inputMicros : null,
    costCacheRead: cost ? cost.cacheReadMicros : null,
    costCacheWrite: cost ? cost.cacheWriteMicros : null,
    costOutput: cost ? cost.outputMicros : null,
    costTotal: cost ? cost.totalMicros : null,
  };
}

// Cursor: base64url of `${startedAt}:${id}` (the same format as the memory store's).
const invalidCursor = (): GatewayError =>
  new GatewayError('invalid_request', 'Invalid cursor.', { param: 'cursor', code: 'invalid_cursor' });

const encodeCursor = (startedAt: number, id: string): string => Buffer.from(`${startedAt}:${id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { startedAt: number; id: string } {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Canonical only: what we issued (also rejects invalid UTF-8 and padding tricks).
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) throw invalidCursor();
  const colon = text.indexOf(':');
  if (colon <= 0) throw invalidCursor();
  const prefix = text.slice(0, colon);
  const startedAt = Number(prefix);
  if (!Number.isFinite(startedAt) || String(startedAt) !== prefix) throw invalidCursor();
  return { startedAt, id: text.slice(colon + 1) };
}

const pageLimit = (limit: number): number => (Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 50);

/** SQL for each usage grouping's key (a fixed table: never built from input). */
const USAGE_KEYS: Record<UsageGroup, string> = {
  day: `strftime('%Y-%m-%d', started_at / 1000, 'unixepoch')`,
  hour: `strftime('%Y-%m-%dT%H', started_at / 1000, 'unixepoch')`,
  provider: `COALESCE(provider, '')`,
  model: `CASE WHEN upstream_model IS NULL THEN '' ELSE COALESCE(provider, '') || '/' || upstream_model END`,
  client: `COALESCE(client_key, '')`,
  route: `COALESCE(route, '')`,
};

/**
 * One pass: rank latencies within each group (a window sort, O(n log n)), then aggregate. Percentiles are
 * nearest-rank: the value at rank ceil(p/100 × n), in integer arithmetic.
 */
const usageSql = (key: string): string => `
  WITH base AS (
    SELECT ${key} AS k, latency_ms, status, input_uncached, input_cache_read, input_cache_write, output_text,
      output_reasoning, usage_estimated, cost_total
    FROM requests WHERE started_at >= @from AND started_at < @to
  ), ranked AS (
    SELECT base.*, ROW_NUMBER() OVER (PARTITION BY k ORDER BY latency_ms) AS rn, COUNT(*) OVER (PARTITION BY k) AS n
    FROM base
  )
  SELECT k AS "key",
    COUNT(*) AS requests,
    SUM(CASE WHEN status <> 'ok' THEN 1 ELSE 0 END) AS errors,
    COALESCE(SUM(input_uncached), 0) AS inputUncached,
    COALESCE(SUM(input_cache_read), 0) AS inputCacheRead,
    COALESCE(SUM(input_cache_write), 0) AS inputCacheWrite,
    COALESCE(SUM(output_text), 0) AS outputText,
    COALESCE(SUM(output_reasoning), 0) AS outputReasoning,
    COALESCE(SUM(cost_total), 0) AS costMicros,
    SUM(CASE WHEN input_uncached IS NOT NULL AND cost_total IS NULL THEN 1 ELSE 0 END) AS unpriced,
    SUM(CASE WHEN usage_estimated = 1 THEN 1 ELSE 0 END) AS estimated,
    MAX(CASE WHEN rn = (n * 50 + 99) / 100 THEN latency_ms END) AS p50LatencyMs,
    MAX(CASE WHEN rn = (n * 95 + 99) / 100 THEN latency_ms END) AS p95LatencyMs
  FROM ranked GROUP BY k ORDER BY k`;

export function openSqliteStore(options: SqliteStoreOptions): Store {
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 250));
  let db: Database.Database;
  try {
    db = openDatabase(options, busyTimeoutMs);
  } catch (error) {
    if (!(error instanceof MovedAsideError)) throw error;
    try {
      options.onWarning?.(`usage database ${options.file} could not be read (${error.reason}); moved it to ${error.aside} and started a new one`);
    } catch {
      // a reporting hook must not stop the gateway from starting
    }
    db = openDatabase(options, busyTimeoutMs);
  }

  const insert = db.prepare(
    `INSERT OR REPLACE INTO requests (id, started_at, client_key, endpoint, model, route, provider, upstream_model, stream, status,
       http_status, error_kind, attempts, latency_ms, first_byte_ms, upstream_ms, input_uncached, input_cache_read, input_cache_write,
       output_text, output_reasoning, usage_estimated, cost_input, cost_cache_read, cost_cache_write, cost_output, cost_total)
     VALUES (@id, @startedAt, @clientKey, @endpoint, @model, @route, @provider, @upstreamModel, @stream, @status, @httpStatus,
       @errorKind, @attempts, @latencyMs, @firstByteMs, @upstreamMs, @inputUncached, @inputCacheRead, @inputCacheWrite, @outputText,
       @outputReasoning, @usageEstimated, @costInput, @costCacheRead, @costCacheWrite, @costOutput, @costTotal)`,
  );
  const deleteAttempts = db.prepare('DELETE FROM attempts WHERE request_id = ?');
  // Provider messages are not stored: they can quote the request.
  const insertAttempt = db.prepare(
    `INSERT OR REPLACE INTO attempts (request_id, seq, model, provider, upstream_model, started_at, latency_ms, outcome, error_kind,
       upstream_status, decision, why, wait_ms)
     VALUES (@requestId, @n, @model, @provider, @upstreamModel, @startedAt, @latencyMs, @outcome, @errorKind, @upstreamStatus,
       @decision, @why, @waitMs)`,
  );
  const recent = db.prepare('SELECT * FROM requests ORDER BY started_at DESC, rowid DESC LIMIT ?');
  const byId = db.prepare('SELECT * FROM requests WHERE id = ?');
  const attemptsOf = db.prepare('SELECT * FROM attempts WHERE request_id = ? ORDER BY seq');
  const spendAll = db.prepare('SELECT COALESCE(SUM(cost_total), 0) AS total FROM requests WHERE started_at >= ?');
  const spendClient = db.prepare('SELECT COALESCE(SUM(cost_total), 0) AS total FROM requests WHERE client_key = ? AND started_at >= ?');
  const pruneAttempts = db.prepare('DELETE FROM attempts WHERE request_id IN (SELECT id FROM requests WHERE started_at < ?)');
  const pruneRequests = db.prepare('DELETE FROM requests WHERE started_at < ?');
  const listStatements = new Map<string, Database.Statement>();
  const usageStatements = new Map<UsageGroup, Database.Statement>();

  const insertAll = db.transaction((rows: RequestRecord[]) => {
    for (const row of rows) {
      insert.run(toParams(row));
      deleteAttempts.run(row.id);
      for (const attempt of row.attemptLog ?? []) {
        insertAttempt.run({
          requestId: row.id,
          n: attempt.n,
          model: attempt.model,
          provider: attempt.provider,
          upstreamModel: attempt.upstreamModel,
          startedAt: attempt.startedAt,
          latencyMs: attempt.latencyMs,
          outcome: attempt.outcome,
          errorKind: attempt.errorKind ?? null,
          upstreamStatus: attempt.upstreamStatus ?? null,
          decision: attempt.decision ?? null,
          why: attempt.why ?? null,
          waitMs: attempt.waitMs ?? null,
        });
      }
    }
  });
  const pruneAll = db.transaction((before: number): number => {
    pruneAttempts.run(before);
    return pruneRequests.run(before).changes;
  });

  const flushMs = options.flushMs ?? 50;
  const batchSize = Math.max(1, options.batchSize ?? 256);
  const maxPending = Math.max(1, options.maxPending ?? 100_000);
  const retryMs = Math.max(1, options.retryMs ?? 1000);
  // A long backlog (after an outage) is written in chunks so no single transaction stalls the event loop.
  const chunkSize = Math.max(batchSize, 1000);

  let pending: RequestRecord[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let dropped = 0;
  let open = true;
  let writing = false;
  let failures = 0;
  /** The current storage problem; while set, writes wait for the retry timer. */
  let problem: string | null = null;
  /** Problems already reported in the current failure episode (each is reported once, not per retry). */
  const reported = new Set<string>();
  /** Reasons rows were set aside for, reported once for the store's lifetime (a systematic bug must not flood the log). */
  const reportedRowErrors = new Set<string>();

  const report = (key: string, message: string, seen = reported): void => {
    if (seen.has(key)) return;
    seen.add(key);
    try {
      options.onError?.(message);
    } catch {
      // a reporting hook must not break the store
    }
  };

  const acknowledge = (rows: RequestRecord[]): void => {
    if (!options.onFlushed || !rows.length) return;
    try {
      options.onFlushed(rows.map((row) => row.id));
    } catch {
      // as above
    }
  };

  const clearTimers = (): void => {
    if (flushTimer) clearTimeout(flushTimer);
    if (retryTimer) clearTimeout(retryTimer);
    flushTimer = retryTimer = undefined;
  };

  const scheduleFlush = (ms: number): void => {
    if (flushTimer || retryTimer || !open) return;
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      drain(false);
    }, ms);
    flushTimer.unref();
  };

  const fail = (error: unknown): void => {
    problem = describeProblem(error);
    failures++;
    report(problem, `usage store write failed (${problem}); ${pending.length} row(s) kept, retrying`);
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!retryTimer && open) {
      const delay = Math.min(retryMs * 2 ** Math.min(failures - 1, 16), Math.max(retryMs, MAX_RETRY_MS));
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        drain(false);
      }, delay);
      retryTimer.unref();
    }
  };

  const recovered = (): void => {
    problem = null;
    failures = 0;
    reported.clear();
  };

  /** Writes rows one transaction each, setting aside rows that cannot be written; stops at a storage failure. */
  const writeSingly = (rows: RequestRecord[]): boolean => {
    const written: RequestRecord[] = [];
    let done = 0;
    let failure: unknown;
    for (const row of rows) {
      try {
        insertAll([row]);
        written.push(row);
      } catch (error) {
        if (!isRowError(error)) {
          failure = error;
          break;
        }
        dropped++;
        const reason = describeProblem(error);
        report(reason, `usage store could not write a row and dropped it: ${reason}`, reportedRowErrors);
      }
      done++;
    }
    pending = pending.slice(done);
    if (failure !== undefined) {
      fail(failure);
    } else {
      recovered();
    }
    acknowledge(written);
    return failure === undefined;
  };

  /** Writes the oldest chunk of pending rows in one transaction; false on a storage failure. */
  const writeChunk = (): boolean => {
    const rows = pending.length > chunkSize ? pending.slice(0, chunkSize) : pending;
    try {
      insertAll(rows);
    } catch (error) {
      if (isRowError(error)) return writeSingly(rows);
      fail(error);
      return false;
    }
    pending = rows === pending ? [] : pending.slice(rows.length);
    recovered();
    acknowledge(rows);
    return true;
  };

  /** Writes pending rows: one chunk (then yields to the event loop), or all of them (`all`, before reads). */
  function drain(all: boolean): void {
    if (writing || !open) return;
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    writing = true;
    try {
      while (pending.length) {
        if (!writeChunk() || !all) break;
      }
    } finally {
      writing = false;
    }
    if (pending.length && problem === null) scheduleFlush(0);
  }

  /** Before a read: write what is pending, unless storage is failing (the retry timer owns that then). */
  const settle = (): void => {
    if (problem === null && !retryTimer) drain(true);
  };

  return {
    record(entry) {
      try {
        if (!open) return;
        if (pending.length >= maxPending) {
          dropped++;
          report('buffer-full', `usage store buffer is full (${maxPending} rows) while storage is failing; new rows are being dropped`);
          return;
        }
        pending.push(entry);
        if (problem !== null || retryTimer || writing) return; // the retry (or the running write) picks it up
        if (pending.length >= batchSize) drain(false);
        else scheduleFlush(flushMs);
      } catch {
        // never throws into the request path
      }
    },
    recentRequests(limit) {
      settle();
      return (recent.all(limit) as Row[]).map((row) => fromRow(row));
    },
    listRequests(query) {
      const limit = pageLimit(query.limit);
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: limit + 1 };
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor);
        where.push('(started_at, id) < (@cursorAt, @cursorId)');
        params.cursorAt = cursor.startedAt;
        params.cursorId = cursor.id;
      }
      if (query.from !== undefined) {
        where.push('started_at >= @from');
        params.from = query.from;
      }
      if (query.to !== undefined) {
        where.push('started_at < @to');
        params.to = query.to;
      }
      if (query.clientKey !== undefined) {
        where.push('client_key = @clientKey');
        params.clientKey = query.clientKey;
      }
      if (query.provider !== undefined) {
        where.push('provider = @provider');
        params.provider = query.provider;
      }
      if (query.model !== undefined) {
        // The model the client named, or the `provider/upstreamModel` key that usage() groups by.
        where.push(`(model = @model OR (upstream_model IS NOT NULL AND COALESCE(provider, '') || '/' || upstream_model = @model))`);
        params.model = query.model;
      }
      if (query.route !== undefined) {
        where.push('route = @route');
        params.route = query.route;
      }
      if (query.status !== undefined) {
        where.push('status = @status');
        params.status = query.status;
      }
      settle();
      const sql = `SELECT * FROM requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT @limit`;
      let statement = listStatements.get(sql);
      if (!statement) listStatements.set(sql, (statement = db.prepare(sql)));
      const rows = statement.all(params) as Row[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: page.map((row) => fromRow(row, (attemptsOf.all(row.id) as AttemptRow[]).map(fromAttemptRow))),
        nextCursor: rows.length > limit && last ? encodeCursor(last.started_at, last.id) : null,
      };
    },
    usage(query) {
      if (!Object.hasOwn(USAGE_KEYS, query.groupBy)) throw new GatewayError('invalid_request', 'Invalid groupBy.', { param: 'groupBy' });
      settle();
      let statement = usageStatements.get(query.groupBy);
      if (!statement) usageStatements.set(query.groupBy, (statement = db.prepare(usageSql(USAGE_KEYS[query.groupBy]))));
      return statement.all({ from: query.from, to: query.to }) as UsageRow[];
    },
    spend(since, clientKey) {
      // No flush (this is on the request path when budgets are set): pending rows are added here instead.
      const row = (clientKey === undefined ? spendAll.get(since) : spendClient.get(clientKey, since)) as { total: number };
      let total = row.total;
      for (const entry of pending) {
        if (entry.cost && entry.startedAt >= since && (clientKey === undefined || entry.clientKey === clientKey)) {
          total += entry.cost.totalMicros;
        }
      }
      return total;
    },
    prune(before) {
      settle();
      return pruneAll(before);
    },
    request(id) {
      settle();
      const row = byId.get(id) as Row | undefined;
      if (row) return fromRow(row, (attemptsOf.all(id) as AttemptRow[]).map(fromAttemptRow));
      // Not written yet (storage failing): the newest pending copy.
      for (let i = pending.length - 1; i >= 0; i--) if (pending[i]?.id === id) return pending[i];
      return undefined;
    },
    isOpen: () => open && db.open,
    stats: () => ({ pending: pending.length, dropped }),
    health: () => ({ open: open && db.open, pending: pending.length, dropped, problem }),
    close() {
      if (!open) return;
      clearTimers();
      // Final attempt, even while storage is failing.
      drain(true);
      clearTimers();
      if (pending.length) {
        dropped += pending.length;
        report('closed', `usage store closed with ${pending.length} unwritten row(s) (${problem ?? 'write failed'})`);
        pending = [];
      }
      open = false;
      try {
        db.close();
      } catch {
        // closing a failing database must not throw into shutdown
      }
    },
  };
}
