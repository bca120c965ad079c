/**
 * The web UI in a real browser (Debian chromium via playwright-core): served by the gateway under its
 * strict CSP, signed in by exchanging the printed link's token for an HttpOnly session cookie, showing
 * providers and the ledger.
 * Screenshots go to .ci-reports/screenshots/ (and to renderer/screenshots/ with SIGNALBOX_SCREENSHOTS=1,
 * which is how the README images are made).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const UI_ROOT = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN = 'e2e-admin-token-0123456789abcdef';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${UI_ROOT}/index.html`)) throw new Error(`the UI is not built (${UI_ROOT}); run npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROME_PATH)`);
  // A 429 asking for 7 s fails fast instead of being retried (routing is not what this test is about).
  h = await startHarness({ config: { routing: { retry: { maxRetryAfterMs: 1_000 } } }, gateway: { uiRoot: UI_ROOT, adminToken: ADMIN } });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

function shotPaths(name: string): string[] {
  const paths = [fileURLToPath(new URL(`../../.ci-reports/screenshots/${name}.png`, import.meta.url))];
  if (process.env.SIGNALBOX_SCREENSHOTS === '1') paths.push(fileURLToPath(new URL(`../../renderer/screenshots/${name}.png`, import.meta.url)));
  for (const path of paths) mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  return paths;
}

describe('web UI', () => {
  it('loads under its CSP, trades the link token for a session cookie, and shows providers and recent requests', async () => {
    await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hello' }] });
    await h.openai.chat.completions.create({ model: 'oai/gpt-test', messages: [{ role: 'user', content: 'hello' }], stream: true }).then(async (stream) => {
      for await (const _chunk of stream) void _chunk;
    });
    await h.openai.chat.completions.create({ model: 'mock/gpt-429', messages: [{ role: 'user', content: 'hello' }] }).catch(() => undefined);

    const page = await browser.newPage({ viewport: { width: 1200, height: 720 }, colorScheme: 'dark' });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${h.url}/?token=${ADMIN}`);
    await page.getByText('mock/gpt-test').first().waitFor();
    // The token left the address bar at once (a redirect), and what the browser keeps is an HttpOnly cookie.
    expect(page.url()).toBe(`${h.url}/`);
    const cookies = await page.context().cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: `signalbox_session_${new URL(h.url).port}`, httpOnly: true, sameSite: 'Strict' })]);
    expect(cookies[0]?.value).not.toContain(ADMIN);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.locator('.provider').allTextContents()).toEqual(['mock', 'oai', 'ant', 'gem'].map((id) => expect.stringContaining(id)));
    expect(await page.locator('tbody tr').count()).toBe(3);
    await expect(page.locator('td.error').first().textContent()).resolves.toBe('rate_limited');
    expect(problems).toEqual([]);
    for (const path of shotPaths('status')) await page.screenshot({ path });
    await page.close();
  });

  it('asks for the token link when opened without one, and refuses a wrong token', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/`);
    await page.getByText('Open the UI with the link printed by').waitFor();
    const wrong = await page.goto(`${h.url}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
    expect(await page.context().cookies()).toEqual([]);
    await page.close();
  });
});
