/**
 * Shared set-up for the UI end-to-end tests: Debian chromium through playwright-core against a real gateway
 * (mock upstreams, the built UI from dist/renderer), a signed-in page that records console errors, page
 * errors and CSP violations, and screenshots into .ci-reports/screenshots/ (and renderer/screenshots/ with
 * SIGNALBOX_SCREENSHOTS=1, which is how the README images are made).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, vi } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from '../helpers/harness.js';

// A real browser against a real gateway, while the rest of the suite runs on the same two cores: give
// each browser test room (the suite default is 20 s) instead of failing on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
// SIGNALBOX_UI_ROOT: a UI built elsewhere (`vite build --outDir …`), so parallel work does not share dist/renderer.
export const UI_ROOT = process.env.SIGNALBOX_UI_ROOT ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url));
export const ADMIN = 'e2e-admin-token-0123456789abcdef';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Prices, a budget and a fallback route, so costs, budgets and the attempt waterfall have something to show. */
export const UI_CONFIG = {
  // A 429 asking for 7 s fails fast; a failing target falls back at once (no retries of the same one).
  routing: { retry: { maxRetryAfterMs: 1_000, maxRetries: 0 } },
  prices: { 'mock/gpt-test': { input: 2.5, output: 10 }, 'oai/gpt-test': { input: 0.15, output: 0.6 }, 'mock/gpt-slow': { input: 3, output: 15 } },
  limits: { global: { usdPerDay: 5, requestsPerMinute: 600 } },
  routes: { fast: { strategy: 'fallback', targets: [{ model: 'mock/gpt-500' }, { model: 'mock/gpt-test' }] } },
};

export async function launch(options: HarnessOptions = {}): Promise<{ h: Harness; browser: Browser }> {
  if (!existsSync(`${UI_ROOT}/index.html`)) throw new Error(`the UI is not built (${UI_ROOT}); run npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROME_PATH)`);
  const h = await startHarness({ config: UI_CONFIG, ...options, gateway: { uiRoot: UI_ROOT, adminToken: ADMIN, ...options.gateway } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return { h, browser };
}

/**
 * A gateway (with mock upstreams and the built UI) and a Chromium for the whole test file: started before
 * its tests, closed after. Read `ui.h` and `ui.browser` inside tests.
 */
export function useUi(options: HarnessOptions = {}): { readonly h: Harness; readonly browser: Browser } {
  const state = {} as { h: Harness; browser: Browser };
  beforeAll(async () => {
    Object.assign(state, await launch(options));
  }, 60_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.h?.close();
  });
  return state;
}

export interface UiPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors and CSP violations seen so far. */
  problems: string[];
}

/** A new browser context signed in through the printed link (`/?token=…` → session cookie). */
export async function openSignedIn(browser: Browser, h: Harness, options: { colorScheme?: 'dark' | 'light'; width?: number; height?: number } = {}): Promise<UiPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, colorScheme: options.colorScheme ?? 'dark' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${h.url}/?token=${ADMIN}`);
  await page.locator('.app').waitFor();
  return { page, context, problems };
}

export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // Violations are reported even when the page swallows the failure (e.g. a guarded `new Function`).
  void page.addInitScript("document.addEventListener('securitypolicyviolation', (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI))");
  return problems;
}

/** Goes to a page by its address fragment, as a user following a link would. */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
}

/** The screenshots the README shows (the others are only for looking at, in .ci-reports/). */
const README_SHOTS = new Set(['overview-dark', 'traces-dark', 'trace-detail-dark', 'costs-light', 'keys-light', 'connect-light', 'providers-dark', 'route-editor-light', 'playground-dark', 'settings-light']);

export function shotPaths(name: string): string[] {
  const paths = [fileURLToPath(new URL(`../../.ci-reports/screenshots/${name}.png`, import.meta.url))];
  if (process.env.SIGNALBOX_SCREENSHOTS === '1' && README_SHOTS.has(name)) paths.push(fileURLToPath(new URL(`../../renderer/screenshots/${name}.png`, import.meta.url)));
  for (const path of paths) mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  return paths;
}

export async function shoot(page: Page, name: string): Promise<void> {
  // Let transitions and charts settle, and never capture a blinking caret.
  await page.evaluate('document.activeElement?.blur()');
  await page.waitForTimeout(300);
  for (const path of shotPaths(name)) await page.screenshot({ path });
}
