/**
 * The `trace_bodies` table (migration 5) behind TraceBodyStore: puts are queued and written in one
 * transaction per flush, off the request path. The queue is bounded in bytes; beyond it (or when a write
 * keeps failing) bodies are dropped and counted — retained bodies are a diagnostic aid and must never cost a
 * request anything. Every statement is parameterised.
 */
import type Database from 'better-sqlite3';
import type { TraceBody, TraceBodyKind, TraceBodyStore } from '../trace-bodies.js';

export interface TraceBodyTableOptions {
  /** Flush delay for queued bodies (default 100 ms). */
  flushMs?: number;
  /** Bytes of queued bodies beyond which new ones are dropped (default 32 MiB). */
  maxPendingBytes?: number;
  /** A write failed (reported once per failure episode). */
  onError?: (message: string) => void;
}

export interface TraceBodyTable extends TraceBodyStore {
  /** Writes what is queued and stops the timer; call before closing the database. */
  close(): void;
}

interface BodyRow {
  request_id: string;
  kind: string;
  attempt: number;
  at: number;
  content_type: string;
  body: string;
  bytes: number;
  truncated: number;
}

const KINDS: ReadonlySet<string> = new Set<TraceBodyKind>(['request', 'upstream', 'response']);

const fromRow = (row: BodyRow): TraceBody => ({
  requestId: row.request_id,
  kind: (KINDS.has(row.kind) ? row.kind : 'request') as TraceBodyKind,
  attempt: row.attempt,
  at: row.at,
  contentType: row.content_type,
  body: row.body,
  bytes: row.bytes,
  truncated: row.truncated === 1,
});

export function createTraceBodyTable(db: Database.Database, options: TraceBodyTableOptions = {}): TraceBodyTable {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO trace_bodies (request_id, kind, attempt, at, content_type, body, bytes, truncated)
     VALUES (@requestId, @kind, @attempt, @at, @contentType, @body, @bytes, @truncated)`,
  );
  // request first, then upstream attempts in order, then the response
  const byRequest = db.prepare(
    `SELECT * FROM trace_bodies WHERE request_id = ?
     ORDER BY CASE kind WHEN 'request' THEN 0 WHEN 'upstream' THEN 1 ELSE 2 END, attempt`,
  );
  const pruneBefore = db.prepare('DELETE FROM trace_bodies WHERE at < ?');
  const insertAll = db.transaction((bodies: TraceBody[]) => {
    for (const body of bodies) insert.run({ ...body, truncated: body.truncated ? 1 : 0 });
  });

  const flushMs = options.flushMs ?? 100;
  const maxPendingBytes = options.maxPendingBytes ?? 32 * 1024 * 1024;
  let pending: TraceBody[] = [];
  let pendingBytes = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;
  let open = true;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending.length || !db.open) return;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    try {
      insertAll(batch);
      failing = false;
    } catch (error) {
      dropped += batch.length;
      if (!failing) {
        failing = true;
        try {
          options.onError?.(`trace bodies could not be written (${(error as Error).message}); ${batch.length} dropped`);
        } catch {
          // a reporting hook must not break the store
        }
      }
    }
  };

  return {
    put(body) {
      try {
        if (!open) return;
        const size = body.body.length;
        if (pendingBytes + size > maxPendingBytes) {
          dropped++;
          return;
        }
        pending.push(body);
        pendingBytes += size;
        if (!timer) {
          timer = setTimeout(flush, flushMs);
          timer.unref();
        }
      } catch {
        // never throws into the request path
      }
    },
    list(requestId) {
      if (open) flush();
      if (!db.open) return [];
      return (byRequest.all(requestId) as BodyRow[]).map(fromRow);
    },
    prune(before) {
      if (open) flush();
      if (!db.open) return 0;
      return pruneBefore.run(before).changes;
    },
    dropped: () => dropped,
    close() {
      if (!open) return;
      flush();
      open = false;
    },
  };
}
