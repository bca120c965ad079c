/**
 * SQLite Store (better-sqlite3): the `Store` object over one database, with inserts batched into one
 * transaction per flush, off the request path. Opening and migrations live in `open-database.ts`, row
 * mapping in `rows.ts`, read-query SQL in `queries.ts`, failure classification in `problems.ts`.
 *
 * A storage failure never fails a user request and never loses rows silently: when a write fails (busy,
 * disk full, I/O error) the rows stay in the pending buffer and the write is retried with backoff;
 * only when the buffer is full are new rows dropped, and they are counted (`health()`). A row that can
 * never be written (a constraint or binding error) is set aside on its own so it cannot block the others.
 *
 * A database that is corrupt at startup is moved aside to `<file>.corrupt-<timestamp>` and a new one is
 * created (reported through `onWarning`); a schema newer than this build still refuses to open.
 */
import type Database from 'better-sqlite3';
import type { RequestRecord, Store, UsageRow } from '../types.js';
import { createClientKeyTable } from './client-key-table.js';
import { openStoreDatabase } from './open-database.js';
import { describeProblem, isRowError } from './problems.js';
import { createTraceBodyTable } from './trace-body-table.js';
import { encodeCursor, listSql, pageLimit, usageKey, usageSql } from './queries.js';
import { type AttemptRow, fromAttemptRow, fromRow, type Row, toAttemptParams, toParams } from './rows.js';

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

const MAX_RETRY_MS = 15_000;

export function openSqliteStore(options: SqliteStoreOptions): Store {
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 250));
  const db = openStoreDatabase(options, busyTimeoutMs);
  const clientKeys = createClientKeyTable(db);
  const traceBodies = createTraceBodyTable(db, { onError: (message) => options.onError?.(message) });

  const insert = db.prepare(
    `INSERT OR REPLACE INTO requests (id, started_at, client_key, endpoint, model, route, provider, upstream_model, stream, status,
       http_status, error_kind, attempts, latency_ms, first_byte_ms, upstream_ms, input_uncached, input_cache_read, input_cache_write,
       output_text, output_reasoning, usage_estimated, cost_input, cost_cache_read, cost_cache_write, cost_output, cost_total, finish_reasons)
     VALUES (@id, @startedAt, @clientKey, @endpoint, @model, @route, @provider, @upstreamModel, @stream, @status, @httpStatus,
       @errorKind, @attempts, @latencyMs, @firstByteMs, @upstreamMs, @inputUncached, @inputCacheRead, @inputCacheWrite, @outputText,
       @outputReasoning, @usageEstimated, @costInput, @costCacheRead, @costCacheWrite, @costOutput, @costTotal, @finishReasons)`,
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
  const usageStatements = new Map<string, Database.Statement>();

  const insertAll = db.transaction((rows: RequestRecord[]) => {
    for (const row of rows) {
      insert.run(toParams(row));
      deleteAttempts.run(row.id);
      for (const attempt of row.attemptLog ?? []) {
        insertAttempt.run(toAttemptParams(row.id, attempt));
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
      const { sql, params } = listSql(query, limit); // throws on a bad cursor, before any write
      settle();
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
      const key = usageKey(query.groupBy); // throws on an unknown grouping, before any write
      const split = query.splitBy === undefined ? undefined : usageKey(query.splitBy);
      settle();
      const cacheKey = `${query.groupBy}:${query.splitBy ?? ''}`;
      let statement = usageStatements.get(cacheKey);
      if (!statement) usageStatements.set(cacheKey, (statement = db.prepare(usageSql(key, split))));
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
    clientKeys,
    traceBodies,
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
      traceBodies.close();
      try {
        db.close();
      } catch {
        // closing a failing database must not throw into shutdown
      }
    },
  };
}
