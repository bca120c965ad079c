/**
 * Settings in a real browser against a gateway with a config file: body retention turned on applies at
 * once (a request made afterwards has its bodies in the trace detail), a log level change is saved for the
 * next start and says so, an invalid value is shown under its field; screenshots in both themes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { ADMIN, go, launch, openSignedIn, shoot } from './ui-browser.js';

let h: Harness;
let browser: Browser;
let file: string;

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'signalbox-ui-settings-')), 'config.yaml');
  writeFileSync(file, '# settings edited from the UI\nledger:\n  retentionDays: 90\n', { mode: 0o600 });
  ({ h, browser } = await launch({ gateway: { configFile: file } }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const admin = (path: string) => fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } }).then((response) => response.json() as Promise<any>);
const setting = (page: Page, path: string) => page.locator(`[data-setting="${path}"]`);

describe('settings', () => {
  it('applies body retention at once, saves the log level for the next start, and shows errors under the field', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: 'light' });
    await go(page, '/settings');
    const bodies = setting(page, 'traces.bodies');
    await bodies.getByText('applies now').waitFor();
    expect(await page.getByTestId('config-file').locator('code').textContent()).toBe(file);

    // Body retention: live.
    await bodies.getByRole('switch', { name: 'Keep request and response bodies' }).check();
    await page.getByText('1 unsaved change').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await bodies.getByText('Applied', { exact: true }).waitFor();
    await page.getByText('No unsaved changes').waitFor();
    expect(readFileSync(file, 'utf8')).toMatch(/bodies: true/);
    const answer = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'settings-e2e-marker' }] }).withResponse();
    const id = answer.response.headers.get('x-signalbox-request-id') ?? '';
    let detail: any;
    await expect.poll(async () => (detail = await admin(`/admin/traces/${id}`)).bodies?.request?.body ?? '', { timeout: 10_000 }).toContain('settings-e2e-marker');
    expect(detail.bodies.retained).toBe(true);

    // Log level: next start.
    const level = setting(page, 'logging.level');
    await level.getByText('next start', { exact: true }).waitFor();
    await level.getByLabel('Log level').selectOption('debug');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await level.getByText('Saved — restart Signalbox to apply').waitFor();
    expect(await level.getByTestId('next-start').textContent()).toBe('debug');
    await level.getByText(/Running with info/).waitFor();
    await page.getByText(/One setting is saved for the next start/).waitFor();
    expect(readFileSync(file, 'utf8')).toMatch(/level: debug/);
    expect(readFileSync(file, 'utf8')).toContain('# settings edited from the UI');

    // An invalid value: under its field, nothing sent.
    const maxBody = setting(page, 'traces.maxBodyBytes');
    await maxBody.getByLabel('Largest body kept').fill('0.5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await maxBody.getByText('Must be between 1 and 16,384 KB.').waitFor();
    expect(await maxBody.getByLabel('Largest body kept').getAttribute('aria-invalid')).toBe('true');
    expect((await admin('/admin/settings')).settings).toContainEqual({ path: 'traces.maxBodyBytes', value: 65_536, live: true });

    // The gateway refuses a save over a hand-edited config file, and the page says why; undone, it saves.
    await page.getByRole('button', { name: 'Discard' }).click();
    const saved = readFileSync(file, 'utf8');
    writeFileSync(file, `${saved}# edited by hand\n`);
    await setting(page, 'ledger.costHeader').getByRole('switch').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'changed on disk' }).waitFor();
    writeFileSync(file, saved);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await setting(page, 'ledger.costHeader').getByText('Applied', { exact: true }).waitFor();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'changed on disk' }).count()).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/costHeader: false/);

    // Remote access warns before anything is saved.
    await setting(page, 'server.allowRemote').getByRole('switch').check();
    await page.getByText(/Other machines on your network will be able to reach Signalbox/).waitFor();
    await page.getByRole('button', { name: 'Discard' }).click();

    await expect.poll(() => page.getByRole('switch', { name: 'Launch at login' }).isDisabled()).toBe(true);
    await page.getByText('Desktop app only').waitFor();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).scrollIntoViewIfNeeded();
    await shoot(page, 'settings-light');
    // Only the 409 provoked above (the browser logs every failed response); no CSP violation, no page error.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await context.close();
  });

  it('switches the theme from the page, and looks right in dark', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: 'light' });
    await go(page, '/settings');
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await setting(page, 'logging.level').getByTestId('next-start').waitFor();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).scrollIntoViewIfNeeded();
    await shoot(page, 'settings-dark');

    // About: the gateway's real paths, each copyable.
    const about = page.getByRole('region', { name: 'About' });
    await about.scrollIntoViewIfNeeded();
    await about.getByTestId('about-database').locator('code').waitFor();
    expect(await about.getByTestId('about-dataDir').locator('code').textContent()).toBe(h.dataDir);
    expect(await about.getByTestId('about-database').locator('code').textContent()).toBe(join(h.dataDir, 'signalbox.db'));
    expect(await about.getByTestId('config-file').locator('code').textContent()).toBe(file);
    await about.getByTestId('about-logFile').getByText(/terminal only/).waitFor();
    await about.getByRole('button', { name: 'Copy data directory path' }).click();
    await about.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(h.dataDir);
    await shoot(page, 'settings-about-dark');
    await page.getByRole('radio', { name: 'System' }).click();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    expect(problems).toEqual([]);
    await context.close();
  });
});
