/**
 * Opening the SQLite database: pragmas (WAL, synchronous, busy timeout), numbered migrations, and startup
 * corruption handling. A database that is corrupt (or whose schema version is unreadable) is moved aside to
 * `<file>.corrupt-<timestamp>`, reported through `onWarning`, and a new one is created; a schema newer than
 * this build refuses to open.
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { codeOf } from './problems.js';

/** What opening needs from the store's options. */
export interface OpenDatabaseOptions {
  file: string;
  /** Extra `PRAGMA`s run after migrations (tests). */
  pragmas?: string[];
  /** Told when a corrupt database was moved aside. */
  onWarning?: (message: string) => void;
}

const STARTUP_BUSY_TIMEOUT_MS = 5_000;

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

/**
 * Opens (or creates) the database, migrated, with `busy_timeout = busyTimeoutMs`. A corrupt one is moved
 * aside (reported through `onWarning`) and a new one is opened in its place.
 */
export function openStoreDatabase(options: OpenDatabaseOptions, busyTimeoutMs: number): Database.Database {
  try {
    return openDatabase(options, busyTimeoutMs);
  } catch (error) {
    if (!(error instanceof MovedAsideError)) throw error;
    try {
      options.onWarning?.(`usage database ${options.file} could not be read (${error.reason}); moved it to ${error.aside} and started a new one`);
    } catch {
      // a reporting hook must not stop the gateway from starting
    }
    return openDatabase(options, busyTimeoutMs);
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

function isCorruption(error: unknown): boolean {
  if (error instanceof UnreadableSchemaError) return true;
  const code = codeOf(error);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** `synchronous = NORMAL` in WAL mode: a committed transaction survives a process crash (kill -9) but not
 * an OS crash or power loss (the WAL is not fsynced on every commit). Use FULL if that ever matters. */
function openDatabase(options: OpenDatabaseOptions, busyTimeoutMs: number): Database.Database {
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
