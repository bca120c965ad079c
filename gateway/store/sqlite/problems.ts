/**
 * Classifying SQLite failures: a short human description of a storage problem (never SQL or values), and
 * whether a failed write is the row's own fault (retrying will not help) or the storage's.
 */

/** The SQLite error code (`SQLITE_BUSY`, `SQLITE_FULL`, …) of a better-sqlite3 error, if it has one. */
export const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** A short human description of a storage failure (never SQL or values). */
export function describeProblem(error: unknown): string {
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
export function isRowError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return true; // TypeError / RangeError from binding a value
  return /^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG)/.test(code);
}
