/**
 * Test helpers for the traces admin API: a streaming SSE reader for `GET /admin/traces/live` (raw fetch,
 * frames parsed as they arrive), polling a trace until it reaches a state, and a probe that inspects a
 * running gateway's SQLite files from a child process (never from the test process: closing any fd of a
 * database file drops this process's POSIX locks on it and breaks SQLite's coordination).
 */
import { spawnSync } from 'node:child_process';

export interface SseFrame {
  id: string | undefined;
  event: string;
  data: any;
}

export interface LiveReader {
  status: number;
  headers: Headers;
  frames: SseFrame[];
  /** Comment lines (without the leading colon), e.g. ` heartbeat`. */
  comments: string[];
  /** Resolves once the predicate holds (checked after every chunk); rejects after timeoutMs. */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openLive(url: string, headers: Record<string, string>): Promise<LiveReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const frames: SseFrame[] = [];
  const comments: string[] = [];
  const checks = new Set<() => void>();
  let done = false;
  const check = (): void => {
    for (const run of [...checks]) run();
  };
  const parse = (block: string): void => {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1));
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) frames.push({ id, event, data: JSON.parse(data.join('\n')) });
  };
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of response.body) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut: number;
        while ((cut = text.indexOf('\n\n')) >= 0) {
          parse(text.slice(0, cut));
          text = text.slice(cut + 2);
        }
        check();
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      check();
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    frames,
    comments,
    ended,
    waitFor(predicate, what, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const run = (): void => {
          if (predicate()) {
            finish();
            resolve();
          } else if (done) {
            finish();
            reject(new Error(`stream ended before: ${what}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for: ${what} (${frames.length} frames)`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          checks.delete(run);
        };
        checks.add(run);
        run();
      });
    },
    close: () => abort.abort(),
  };
}

/** Polls `GET /admin/traces/:id` until `ready(detail)` holds. */
export async function waitForTrace(get: (path: string) => Promise<{ status: number; json: any }>, id: string, ready: (detail: any) => boolean = (detail) => detail.summary.status !== 'in_flight'): Promise<any> {
  for (let i = 0; i < 500; i++) {
    const { status, json } = await get(`/admin/traces/${id}`);
    if (status === 200 && ready(json)) return json;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`trace ${id} never reached the expected state`);
}

export interface SqliteProbe {
  /** Rows of `SELECT request_id, kind, attempt, body, truncated, bytes FROM trace_bodies`. */
  bodies: Array<{ request_id: string; kind: string; attempt: number; body: string; truncated: number; bytes: number }>;
  /** Ids found in the `requests` table among those asked for. */
  requests: string[];
  /** For each needle: the files (db, -wal, -shm) whose bytes contain it. */
  found: Record<string, string[]>;
}

/** Inspects `<dataDir>/signalbox.db` (and its WAL and shared memory) from a child process. */
export function probeSqlite(dataDir: string, ids: string[], needles: string[]): SqliteProbe {
  const script = `
    const fs = require('node:fs');
    const Database = require('better-sqlite3');
    const { dir, ids, needles } = JSON.parse(process.env.PROBE);
    const file = dir + '/signalbox.db';
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const bodies = db.prepare('SELECT request_id, kind, attempt, body, truncated, bytes FROM trace_bodies ORDER BY request_id, kind, attempt').all();
    const requests = ids.filter((id) => db.prepare('SELECT id FROM requests WHERE id = ?').get(id));
    db.close();
    const found = {};
    for (const needle of needles) {
      found[needle] = [];
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(file + suffix) && fs.readFileSync(file + suffix).includes(Buffer.from(needle, 'utf8'))) found[needle].push(suffix || 'db');
      }
    }
    process.stdout.write(JSON.stringify({ bodies, requests, found }));
  `;
  const result = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, PROBE: JSON.stringify({ dir: dataDir, ids, needles }) }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sqlite probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as SqliteProbe;
}
