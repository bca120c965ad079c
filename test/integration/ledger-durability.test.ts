/**
 * REL-26: `kill -9` while the ledger is writing loses no acknowledged row. A child process records rows in a
 * tight loop and prints each id once its transaction has committed (`onFlushed`); the parent SIGKILLs it once
 * ≥ 2,000 ids are acknowledged, reopens the database with the store, and checks every acknowledged id is
 * there and `PRAGMA integrity_check` is ok. WAL + synchronous=NORMAL is durable against a process crash
 * (not against power loss, which this cannot test).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../gateway/store/sqlite/sqlite-store.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRITER = fileURLToPath(new URL('../helpers/ledger-writer.ts', import.meta.url));
const ACKS_BEFORE_KILL = 2_000;
/**
 * Each round: rows per transaction (small ones commit often, large ones are killed mid-way) and how long after
 * the threshold the kill is sent (so it lands at varying points of a transaction, not right after an ack).
 */
const ROUNDS: Array<{ batchSize: number; killDelayMs: number }> = [
  { batchSize: 64, killDelayMs: 0 },
  { batchSize: 7, killDelayMs: 3 },
  { batchSize: 500, killDelayMs: 7 },
];

const dir = mkdtempSync(join(tmpdir(), 'signalbox-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Round {
  acked: string[];
  ackedAtKill: number;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the writer until ≥ ACKS_BEFORE_KILL ids are acknowledged, SIGKILLs it, and returns every id it acknowledged. */
function runWriter(file: string, batchSize: number, killDelayMs: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(batchSize)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let partial = '';
    let stderr = '';
    let ackedAtKill = 0;
    let killScheduled = false;
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer did not acknowledge ${ACKS_BEFORE_KILL} rows in time (${acked.length}); stderr: ${stderr}`));
    }, 30_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? ''; // an unfinished line is not an acknowledgement
      for (const line of lines) if (line) acked.push(line);
      if (!killScheduled && acked.length >= ACKS_BEFORE_KILL) {
        killScheduled = true;
        const kill = () => {
          ackedAtKill = acked.length;
          child.kill('SIGKILL');
        };
        if (killDelayMs) setTimeout(kill, killDelayMs);
        else kill();
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timeout);
      resolve({ acked, ackedAtKill, signal, stderr });
    });
  });
}

describe('ledger durability (REL-26)', () => {
  it('keeps every acknowledged row through kill -9, with an intact database', async () => {
    for (const [index, { batchSize, killDelayMs }] of ROUNDS.entries()) {
      const round = index + 1;
      const file = join(dir, `ledger-${round}.db`);
      const { acked, ackedAtKill, signal, stderr } = await runWriter(file, batchSize, killDelayMs);
      expect(signal, stderr).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
      expect(new Set(acked).size).toBe(acked.length);

      // Reopen with the store (recovers the WAL) and look for every acknowledged id.
      const store = openSqliteStore({ file });
      const present = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = store.listRequests({ limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const entry of page.data) present.add(entry.id);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const missing = acked.filter((id) => !present.has(id));
      const sample = store.request(acked[acked.length - 1] as string);
      store.close();
      expect(missing).toEqual([]);
      expect(sample?.attemptLog).toHaveLength(1);
      expect(sample?.cost?.totalMicros).toBe(775);

      const db = new Database(file, { readonly: true });
      const integrity = db.pragma('integrity_check', { simple: true });
      const attempts = (db.prepare('SELECT COUNT(*) AS n FROM attempts').get() as { n: number }).n;
      db.close();
      expect(integrity).toBe('ok');
      expect(attempts).toBe(present.size);

      console.log(
        `kill -9 round ${round} (batch ${batchSize}, kill ${killDelayMs} ms after ${ACKS_BEFORE_KILL} acks): ${ackedAtKill} acknowledged when the kill was sent, ${acked.length} acknowledged in all, ` +
          `${present.size} present after reopen (${present.size - acked.length} committed but unacknowledged), 0 missing, integrity ${integrity}`,
      );
    }
  }, 120_000);
});
