/**
 * Electron smoke test (Playwright `_electron`): the real desktop app — built main process, sandboxed
 * preload, gateway in-process, UI in its window — with a temporary data dir whose config points a
 * provider at the mock OpenAI upstream. It waits for the Overview, sends a request through the gateway
 * with the `openai` SDK, sees it in Traces, checks the page has no Node, and quits: exit code 0 and the
 * database closed (SQLite removes the WAL file when the last connection closes cleanly).
 *
 * It needs an Electron binary (electron ≥42 downloads it on first use: `npx install-electron`), a display
 * on Linux (`xvfb-run -a`), the build (`npm run build`) and better-sqlite3 built for Electron
 * (`npm run rebuild:electron`). `npm run test:electron` does all of that and *requires* the test to run.
 * In `npm test` a missing prerequisite skips it with the reason in its title — reported by test/run.mjs as
 * "not run", never counted as passed. The binary is located without `require('electron')`, which would
 * start a 100 MB download from inside a test.
 *
 * Runs against the development binary: the packaged app's fuses (no --inspect, no ELECTRON_RUN_AS_NODE)
 * deliberately stop Playwright from driving it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MOCK_TEXT, startMockUpstream } from '../mocks/openai-upstream.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const TITLE = 'electron smoke test: the desktop app starts, proxies a request, shows it in Traces and quits cleanly';
const required = process.env.SIGNALBOX_ELECTRON_SMOKE === '1';

/** The development Electron binary and whether everything the smoke test needs is there; else why not. */
function probe(): { binary: string; reason?: undefined } | { binary?: undefined; reason: string } {
  const packageDir = join(repository, 'node_modules', 'electron');
  let binary = process.env.SIGNALBOX_ELECTRON_BINARY;
  if (!binary) {
    const pathFile = join(packageDir, 'path.txt');
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    if (override) binary = join(override, name ?? 'electron');
    else if (name) binary = join(packageDir, 'dist', name);
    else return { reason: 'no Electron binary (node_modules/electron/path.txt missing: it is downloaded on first use — `npx install-electron`, or set SIGNALBOX_ELECTRON_BINARY)' };
  }
  if (!existsSync(binary)) return { reason: `no Electron binary (${binary} does not exist)` };
  const asNode = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const version = spawnSync(binary, ['-p', 'process.versions.electron'], { env: asNode, encoding: 'utf8', timeout: 30_000 });
  if (version.status !== 0) return { reason: `the Electron binary does not run (${binary}: ${(version.stderr || version.error?.message || `exit ${version.status}`).trim()})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'no display (run it under `xvfb-run -a`)' };
  for (const file of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(repository, file))) return { reason: `${file} is not built (npm run build)` };
  }
  const sqlite = spawnSync(binary, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: repository, env: asNode, encoding: 'utf8', timeout: 30_000 });
  if (sqlite.status !== 0) return { reason: `better-sqlite3 is not built for Electron ${version.stdout.trim()} (npm run rebuild:electron)` };
  return { binary };
}

const electron = probe();
const PROVIDER_KEY = 'prov-smoke-key-0123456789';
const CLIENT_KEY = 'sk-sb-electron-smoke-test-key';

describe('desktop app', () => {
  if (required && electron.reason) {
    it(`${TITLE} — required (SIGNALBOX_ELECTRON_SMOKE=1) but cannot run`, () => {
      throw new Error(electron.reason);
    });
    return;
  }

  it.skipIf(!electron.binary)(electron.binary ? TITLE : `${TITLE} — not run: ${electron.reason}`, async () => {
    const mock = await startMockUpstream({ apiKey: PROVIDER_KEY });
    const dataDir = mkdtempSync(join(tmpdir(), 'signalbox-electron-'));
    writeFileSync(
      join(dataDir, 'config.yaml'),
      [
        'server:',
        '  host: 127.0.0.1',
        '  port: 0',
        'providers:',
        '  mock:',
        '    type: openai-compatible',
        `    baseUrl: ${mock.baseUrl}`,
        '    apiKey: env:SIGNALBOX_SMOKE_PROVIDER_KEY',
        'clientKeys:',
        '  - name: smoke',
        '    key: env:SIGNALBOX_SMOKE_CLIENT_KEY',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    // Chromium refuses to start as root with its sandbox; CI containers often run as root. (Test only —
    // the app never disables the sandbox, scripts/check-electron-security.mjs makes sure of that.)
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await _electron.launch({
      executablePath: electron.binary,
      args: [...rootArgs, repository],
      cwd: repository,
      env: {
        ...(process.env as Record<string, string>),
        SIGNALBOX_DATA_DIR: dataDir,
        SIGNALBOX_SMOKE_PROVIDER_KEY: PROVIDER_KEY,
        SIGNALBOX_SMOKE_CLIENT_KEY: CLIENT_KEY,
      },
      timeout: 60_000,
    });
    const child = app.process();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 30_000 });
      const origin = new URL(window.url()).origin;
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      // The page has no Node and sees only the preload's bridge.
      expect(await window.evaluate(() => [typeof (globalThis as any).require, typeof (globalThis as any).process])).toEqual(['undefined', 'undefined']);
      expect(await window.evaluate(() => typeof (globalThis as any).signalbox?.adminToken)).toBe('function');

      const openai = new OpenAI({ baseURL: `${origin}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 });
      const completion = await openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'smoke' }] });
      expect(completion.choices[0]?.message.content).toBe(MOCK_TEXT);
      expect(mock.requests.length).toBeGreaterThan(0);

      await window.evaluate(() => {
        (globalThis as any).location.hash = '#/traces';
      });
      await window.getByTestId('trace-list').getByText('mock/gpt-test').first().waitFor({ timeout: 15_000 });

      // Quit the way the app menu / tray does; the process must end on its own with code 0.
      await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
      expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000))])).toBe(0);
      expect(existsSync(join(dataDir, 'signalbox.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'signalbox.db-wal')), 'database closed (WAL checkpointed and removed)').toBe(false);
    } finally {
      if (child.exitCode === null) await app.close().catch(() => child.kill('SIGKILL'));
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
