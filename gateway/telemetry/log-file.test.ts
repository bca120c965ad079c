import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRotatingFile, rotatedPath } from './log-file.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signalbox-logfile-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A 100-byte line numbered `n`. */
const line = (n: number): string => `${String(n).padStart(6, '0')} ${'x'.repeat(92)}\n`;
const numbers = (path: string): number[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => Number(text.slice(0, 6)));

describe('rotating log file', () => {
  it('creates the directory 0700 and the file 0600', () => {
    const dir = join(tempDir(), 'logs');
    const file = openRotatingFile({ path: join(dir, 'signalbox.log'), maxBytes: 1000, keep: 2 });
    file.write(line(1));
    file.close();
    expect(readFileSync(join(dir, 'signalbox.log'), 'utf8')).toBe(line(1));
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'signalbox.log')).mode & 0o777).toBe(0o600);
    }
  });

  it('tightens the mode of an existing file', () => {
    if (process.platform === 'win32') return;
    const dir = tempDir();
    writeFileSync(join(dir, 'signalbox.log'), line(0), { mode: 0o644 });
    const file = openRotatingFile({ path: join(dir, 'signalbox.log'), maxBytes: 1000, keep: 2 });
    file.close();
    expect(statSync(join(dir, 'signalbox.log')).mode & 0o777).toBe(0o600);
  });

  it('rotates by size, keeps `keep` old files, deletes the oldest, and loses no line in between', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    // 10 lines of 100 bytes per file; 95 lines make 10 files, of which the current one and 3 old ones stay.
    const file = openRotatingFile({ path, maxBytes: 1000, keep: 3 });
    for (let n = 1; n <= 95; n++) file.write(line(n));
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['signalbox.1.log', 'signalbox.2.log', 'signalbox.3.log', 'signalbox.log']);
    expect(numbers(rotatedPath(path, 3))).toEqual(range(61, 70));
    expect(numbers(rotatedPath(path, 2))).toEqual(range(71, 80));
    expect(numbers(rotatedPath(path, 1))).toEqual(range(81, 90));
    expect(numbers(path)).toEqual(range(91, 95));
    for (const name of readdirSync(dir)) {
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(1000);
      if (process.platform !== 'win32') expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
  });

  it('continues an existing file after a restart and counts its size', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    let file = openRotatingFile({ path, maxBytes: 1000, keep: 2 });
    for (let n = 1; n <= 7; n++) file.write(line(n));
    file.close();
    file = openRotatingFile({ path, maxBytes: 1000, keep: 2 });
    for (let n = 8; n <= 12; n++) file.write(line(n));
    file.close();
    expect(numbers(rotatedPath(path, 1))).toEqual(range(1, 10));
    expect(numbers(path)).toEqual([11, 12]);
  });

  it('gives a line longer than the limit a file of its own', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    const file = openRotatingFile({ path, maxBytes: 250, keep: 5 });
    file.write(line(1));
    file.write(`${'y'.repeat(600)}\n`);
    file.write(line(2));
    file.close();
    expect(numbers(rotatedPath(path, 2))).toEqual([1]);
    expect(readFileSync(rotatedPath(path, 1), 'utf8')).toBe(`${'y'.repeat(600)}\n`);
    expect(numbers(path)).toEqual([2]);
  });

  it('deletes rotated files beyond `keep` when opened with a smaller keep, and leaves other files alone', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    for (const n of [1, 2, 3, 4, 5]) writeFileSync(rotatedPath(path, n), line(n));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'signalbox.old.log'), 'mine');
    openRotatingFile({ path, maxBytes: 1000, keep: 2 }).close();
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'signalbox.1.log', 'signalbox.2.log', 'signalbox.log', 'signalbox.old.log']);
  });

  it('rotates at the first line of a new local day when daily', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    let now = new Date(2030, 0, 10, 23, 59, 0).getTime();
    const file = openRotatingFile({ path, maxBytes: 1_000_000, keep: 3, daily: true, now: () => now });
    file.write(line(1));
    file.write(line(2));
    now = new Date(2030, 0, 11, 0, 0, 1).getTime();
    file.write(line(3));
    now = new Date(2030, 0, 11, 18, 0, 0).getTime();
    file.write(line(4));
    file.close();
    expect(numbers(rotatedPath(path, 1))).toEqual([1, 2]);
    expect(numbers(path)).toEqual([3, 4]);
  });

  it('does not rotate by day unless daily', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    let now = new Date(2030, 0, 10, 23, 59, 0).getTime();
    const file = openRotatingFile({ path, maxBytes: 1_000_000, keep: 3, now: () => now });
    file.write(line(1));
    now += 86_400_000;
    file.write(line(2));
    file.close();
    expect(readdirSync(dir)).toEqual(['signalbox.log']);
  });

  it('rotates a file left from an earlier day when opened daily', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    writeFileSync(path, line(1));
    const yesterday = new Date(Date.now() - 86_400_000);
    utimesSync(path, yesterday, yesterday);
    const file = openRotatingFile({ path, maxBytes: 1_000_000, keep: 3, daily: true });
    file.write(line(2));
    file.close();
    expect(numbers(rotatedPath(path, 1))).toEqual([1]);
    expect(numbers(path)).toEqual([2]);
  });

  it('reports a failure once, never throws, and reopens after a minute', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    mkdirSync(path); // a directory where the file should be: open fails
    const errors: string[] = [];
    let now = 1_000_000;
    const file = openRotatingFile({ path, maxBytes: 1000, keep: 2, now: () => now, onError: (error) => errors.push(error.message) });
    file.write(line(1));
    file.write(line(2));
    expect(errors).toHaveLength(1);
    rmSync(path, { recursive: true });
    now += 30_000;
    file.write(line(3)); // still waiting
    expect(existsSync(path)).toBe(false);
    now += 31_000;
    file.write(line(4));
    file.close();
    expect(numbers(path)).toEqual([4]);
    expect(errors).toHaveLength(1);
  });

  it('drops lines after close', () => {
    const dir = tempDir();
    const path = join(dir, 'signalbox.log');
    const file = openRotatingFile({ path, maxBytes: 1000, keep: 2 });
    file.write(line(1));
    file.close();
    file.write(line(2));
    expect(numbers(path)).toEqual([1]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
