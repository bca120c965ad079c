/**
 * SQLite Store (better-sqlite3): WAL, one writer, busy_timeout, numbered migrations, and inserts batched
 * into one transaction per flush, off the request path. A storage failure is logged and the rows dropped
 * (counted); it never fails a user request.
 */
import { chmodSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AttemptLogEntry } from '../../routing/run-plan.js';
import type { RequestRecord, Store } from '../types.js';
import { MIGRATIONS } from './migrations.js';

export interface SqliteStoreOptions {
  file: string;
  /** Flush delay for queued writes. */
  flushMs?: number;
  /** Queue length that triggers an immediate flush. */
  batchSize?: number;
  /** Queue bound: beyond it (storage stuck) new rows are dropped and counted. */
  maxPending?: number;
  onError?: (message: string) => void;
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  let version = row?.version ?? 0;
  if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
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
  input_uncached: number | null;
  input_cache_read: number | null;
  input_cache_write: number | null;
  output_text: number | null;
  output_reasoning: number | null;
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
    attemptLog,
  };
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  const created = !existsSync(options.file);
  const db = new Database(options.file);
  if (created) chmodSync(options.file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const insert = db.prepare(
    `INSERT OR REPLACE INTO requests (id, started_at, client_key, endpoint, model, route, provider, upstream_model, stream, status,
       http_status, error_kind, attempts, latency_ms, first_byte_ms, input_uncached, input_cache_read, input_cache_write,
       output_text, output_reasoning)
     VALUES (@id, @startedAt, @clientKey, @endpoint, @model, @route, @provider, @upstreamModel, @stream, @status, @httpStatus,
       @errorKind, @attempts, @latencyMs, @firstByteMs, @inputUncached, @inputCacheRead, @inputCacheWrite, @outputText,
       @outputReasoning)`,
  );
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
  const insertAll = db.transaction((rows: RequestRecord[]) => {
    for (const row of rows) {
      for (const attempt of row.attemptLog) {
        insertAttempt.run({
          requestId: row.id,
          n: attempt.n,
          model: attempt.model,
          provider: attempt.provider,
          upstreamModel: attempt.upstreamModel,
          startedAt: attempt.startedAt,
          latencyMs: attempt.latencyMs,
          outcome: attempt.outcome,
          errorKind: attempt.errorKind,
          upstreamStatus: attempt.upstreamStatus,
          decision: attempt.decision,
          why: attempt.why,
          waitMs: attempt.waitMs,
        });
      }
      insert.run({
        ...row,
        stream: row.stream ? 1 : 0,
        inputUncached: row.usage?.inputUncached ?? null,
        inputCacheRead: row.usage?.inputCacheRead ?? null,
        inputCacheWrite: row.usage?.inputCacheWrite ?? null,
        outputText: row.usage?.outputText ?? null,
        outputReasoning: row.usage?.outputReasoning ?? null,
      });
    }
  });

  const flushMs = options.flushMs ?? 50;
  const batchSize = options.batchSize ?? 256;
  const maxPending = options.maxPending ?? 100_000;
  let pending: RequestRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let dropped = 0;
  let open = true;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending.length || !open) return;
    const rows = pending;
    pending = [];
    try {
      insertAll(rows);
    } catch (error) {
      dropped += rows.length;
      options.onError?.(`usage store write failed, ${rows.length} row(s) dropped: ${(error as Error).message}`);
    }
  };

  return {
    record(entry) {
      if (!open) return;
      if (pending.length >= maxPending) {
        dropped++;
        return;
      }
      pending.push(entry);
      if (pending.length >= batchSize) flush();
      else if (!timer) {
        timer = setTimeout(flush, flushMs);
        timer.unref();
      }
    },
    recentRequests(limit) {
      flush();
      return (recent.all(limit) as Row[]).map((row) => fromRow(row));
    },
    request(id) {
      flush();
      const row = byId.get(id) as Row | undefined;
      return row && fromRow(row, (attemptsOf.all(id) as AttemptRow[]).map(fromAttemptRow));
    },
    isOpen: () => open && db.open,
    stats: () => ({ pending: pending.length, dropped }),
    close() {
      if (!open) return;
      flush();
      open = false;
      db.close();
    },
  };
}
