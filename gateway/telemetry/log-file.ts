/**
 * The log file: `signalbox.log` in its own directory (0700), file mode 0600, rotated logrotate-style —
 * before a line would take it past `maxBytes` (and, with `daily`, at the first line of a new local day)
 * it becomes `signalbox.1.log`, the previous `.1` becomes `.2`, …, and files past `keep` are deleted.
 * The current file always has the same name, for `tail -F` and "open the log" buttons.
 *
 * Writes are synchronous (`fs.writeSync`, a few microseconds into the page cache, measured in the
 * README): no buffer to lose on a crash or `process.exit`, nothing to await on close, and rotation is a
 * plain close/rename/open with no write in flight (renaming an open file fails on Windows). A write error
 * (disk full, directory removed) never reaches the caller: it is reported once and the file is reopened
 * at most once a minute.
 */
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

export interface RotatingFileOptions {
  /** The current file, e.g. `<dataDir>/logs/signalbox.log`. */
  path: string;
  /** Rotate before the file would grow beyond this (a single longer line still gets a file of its own). */
  maxBytes: number;
  /** Rotated files kept besides the current one (at least 1). */
  keep: number;
  /** Also rotate at the first line written on a new local day (and at open, if the file is from an earlier day). */
  daily?: boolean;
  now?: () => number;
  /** A write, rotation or open failed (reported once per failure streak). */
  onError?: (error: Error) => void;
}

export interface RotatingFile {
  readonly path: string;
  write(line: string): void;
  /** Closes the file; later lines are dropped. */
  close(): void;
}

const RETRY_MS = 60_000;

function nextLocalMidnight(at: number): number {
  const date = new Date(at);
  date.setHours(24, 0, 0, 0);
  return date.getTime();
}

/** Path of the rotated file number `n`: `signalbox.log` → `signalbox.<n>.log`. */
export function rotatedPath(path: string, n: number): string {
  const extension = extname(path);
  return join(dirname(path), `${basename(path, extension)}.${n}${extension}`);
}

export function openRotatingFile(options: RotatingFileOptions): RotatingFile {
  const now = options.now ?? Date.now;
  const keep = Math.max(1, Math.floor(options.keep));
  const dir = dirname(options.path);
  const extension = extname(options.path);
  const stem = basename(options.path, extension);
  let fd: number | undefined;
  let size = 0;
  let rotateAt = Infinity;
  let failedAt: number | undefined;
  let closed = false;

  const fail = (error: unknown): void => {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already unusable
      }
      fd = undefined;
    }
    const first = failedAt === undefined;
    // Set before reporting: a report that comes back here as a log line is dropped, not retried.
    failedAt = now();
    if (first) options.onError?.(error as Error);
  };

  const removeBeyondKeep = (): void => {
    const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)${extension.replace('.', '\\.')}$`);
    for (const name of readdirSync(dir)) {
      const match = pattern.exec(name);
      if (match && Number(match[1]) > keep) unlinkSync(join(dir, name));
    }
  };

  const shift = (): void => {
    try {
      unlinkSync(rotatedPath(options.path, keep));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(rotatedPath(options.path, n), rotatedPath(options.path, n + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    renameSync(options.path, rotatedPath(options.path, 1));
  };

  const open = (): void => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(dir, 0o700);
    fd = openSync(options.path, 'a', 0o600);
    const stat = fstatSync(fd);
    // An existing file keeps its mode on open: make sure it is private too.
    if (process.platform !== 'win32' && (stat.mode & 0o777) !== 0o600) fchmodSync(fd, 0o600);
    size = stat.size;
    const at = now();
    rotateAt = options.daily ? nextLocalMidnight(at) : Infinity;
    if (options.daily && size > 0 && nextLocalMidnight(stat.mtimeMs) <= at) rotate();
  };

  function rotate(): void {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    shift();
    fd = openSync(options.path, 'a', 0o600);
    size = 0;
    rotateAt = options.daily ? nextLocalMidnight(now()) : Infinity;
  }

  try {
    open();
    removeBeyondKeep();
  } catch (error) {
    fail(error);
  }

  return {
    path: options.path,
    write(line) {
      if (closed) return;
      try {
        if (fd === undefined) {
          if (failedAt !== undefined && now() - failedAt < RETRY_MS) return;
          open();
          failedAt = undefined;
        }
        const bytes = Buffer.byteLength(line);
        if (rotateAt !== Infinity && now() >= rotateAt) {
          if (size > 0) rotate();
          else rotateAt = nextLocalMidnight(now());
        } else if (size > 0 && size + bytes > options.maxBytes) {
          rotate();
        }
        writeSync(fd as number, line);
        size += bytes;
        failedAt = undefined;
      } catch (error) {
        fail(error);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // nothing left to do
        }
        fd = undefined;
      }
    },
  };
}
