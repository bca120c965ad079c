/**
 * EL-16: the app ships a supported Electron. Electron supports its latest three majors; this constant moves
 * with each Electron release (raise it when a new major comes out), and the test fails when the pinned or
 * installed Electron falls behind it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const OLDEST_SUPPORTED_MAJOR = 43;

const major = (version: string): number => Number(/(\d+)\./.exec(version)?.[1] ?? NaN);

describe('electron version', () => {
  it(`is a supported major (≥ ${OLDEST_SUPPORTED_MAJOR}) in package.json and node_modules`, () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> };
    const installed = JSON.parse(readFileSync(new URL('../../node_modules/electron/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(major(pkg.devDependencies.electron ?? '')).toBeGreaterThanOrEqual(OLDEST_SUPPORTED_MAJOR);
    expect(major(installed.version)).toBeGreaterThanOrEqual(OLDEST_SUPPORTED_MAJOR);
  });
});
