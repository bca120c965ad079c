/**
 * The web UI in a real browser: served by the gateway under its strict CSP, signed in by trading the printed
 * link's token for an HttpOnly session cookie, the overview with live numbers, the first-run key shown once,
 * signing out.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, launch, openSignedIn, useUi } from './ui-browser.js';

const ui = useUi();

describe('web UI', () => {
  it('loads under its CSP, trades the link token for a session cookie, and shows the overview live', async () => {
    await ui.h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hello' }] });
    await ui.h.openai.chat.completions.create({ model: 'mock/gpt-429', messages: [{ role: 'user', content: 'hello' }] }).catch(() => undefined);

    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    // The token left the address bar at once (a redirect), and what the browser keeps is an HttpOnly cookie.
    expect(page.url()).toBe(`${ui.h.url}/`);
    const cookies = await context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: `signalbox_session_${new URL(ui.h.url).port}`, httpOnly: true, sameSite: 'Strict' })]);
    expect(cookies[0]?.value).not.toContain(ADMIN);
    expect(await page.evaluate('document.cookie')).toBe('');

    await page.locator('[data-live-state="live"]').waitFor();
    expect(await page.getByTestId('base-url').textContent()).toBe(`${ui.h.url}/v1`);
    const recent = page.getByTestId('recent-requests');
    await recent.getByText('mock/gpt-429').waitFor();
    expect(await recent.locator('tbody tr').count()).toBe(2);
    expect(await recent.getByText('rate limited').count()).toBe(1);
    expect(await page.getByTestId('provider-health').locator('li').allTextContents()).toEqual(['mock', 'oai', 'ant', 'gem'].map((id) => expect.stringContaining(id)));
    await page.getByTestId('stat-errors').getByText('50%').waitFor();

    // A new request shows up without reload, and the numbers follow.
    await ui.h.openai.chat.completions.create({ model: 'oai/gpt-test', messages: [{ role: 'user', content: 'again' }] });
    await recent.getByText('oai/gpt-test').waitFor();
    await page.getByTestId('stat-errors').getByText('33%').waitFor();
    await page.getByTestId('stat-rpm').locator('.stat-value').getByText('3', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('asks for the token link when opened without one, and refuses a wrong token', async () => {
    const page = await ui.browser.newPage();
    await page.goto(`${ui.h.url}/`);
    await page.getByText('Open the UI with the link printed by').waitFor();
    const wrong = await page.goto(`${ui.h.url}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
    expect(await page.context().cookies()).toEqual([]);
    await page.close();
  });

  it('signs out: the session ends on the server and the page says how to get back in', async () => {
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('Open the UI with the link printed by').waitFor();
    expect(await context.cookies()).toEqual([]);
    const again = await page.request.get(`${ui.h.url}/admin/status`);
    expect(again.status()).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('hands out the first-run key once, on the overview', async () => {
    const { h: fresh, browser: other } = await launch({ config: { clientKeys: [] }, gateway: { createFirstKey: true } });
    try {
      const { page, problems } = await openSignedIn(other, fresh);
      const key = await page.getByTestId('first-run-key').textContent();
      expect(key).toMatch(/^sk-sb-/);
      const models = await fetch(`${fresh.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      expect(models.status).toBe(200);
      await page.reload();
      await page.getByTestId('stat-rpm').waitFor();
      expect(await page.getByTestId('first-run-key').count()).toBe(0);
      // Keyboard navigation: g k goes to the keys, where the key is listed by name (never in clear).
      await page.keyboard.press('g');
      await page.keyboard.press('k');
      await page.getByTestId('keys-table').getByText('default').waitFor();
      expect(await page.getByTestId('keys-table').textContent()).not.toContain(key);
      expect(problems).toEqual([]);
    } finally {
      await other.close();
      await fresh.close();
    }
  }, 60_000);
});

