/**
 * EL-7b / incident 28: text that tools and providers control — model names, error messages (the requests
 * also carry a script as their user agent, which the trace keeps) — is shown as text, never run. Requests carrying HTML and script in those places are made while the UI is
 * open; Overview, Traces (list and detail) and Costs render them literally, nothing executes, no element is
 * injected, and the page logs no CSP violation (there is nothing to violate).
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_KEY } from '../helpers/harness.js';
import { go, openSignedIn, useUi } from './ui-browser.js';

const ui = useUi();

const PAYLOAD = `<img src=x onerror="window.__pwned=1">`;
const MODEL = `mock/${PAYLOAD}`;
const AGENT = `<script>window.__pwned=2</script>`;

describe('untrusted text in the UI', () => {
  it('renders model names and errors with HTML in them as text, and runs nothing', async () => {
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    await go(page, '/traces');
    await page.locator('[data-live-state="live"]').waitFor();

    // A model name that is markup (the provider answers 404 with it in the message), and a user agent that is a script.
    const refused = await fetch(`${ui.h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', 'user-agent': AGENT },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const unknown = await fetch(`${ui.h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', 'user-agent': AGENT },
      body: JSON.stringify({ model: PAYLOAD, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(unknown.status).toBe(404);

    const list = page.getByTestId('trace-list');
    const row = list.locator('[data-request-id]').filter({ hasText: MODEL });
    await row.waitFor();
    await row.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(MODEL, { exact: false }).first().waitFor();
    const drawerText = (await drawer.textContent()) ?? '';
    expect(drawerText).toContain(PAYLOAD);
    await page.keyboard.press('Escape');

    for (const hash of ['/', '/traces', '/costs']) {
      await go(page, hash);
      await page.waitForTimeout(300);
    }
    await go(page, '/');
    await page.getByTestId('recent-requests').getByText(MODEL, { exact: false }).first().waitFor();

    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // Nothing was turned into markup: no <img src=x>, no injected <script>.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate("[...document.scripts].filter((script) => (script.textContent ?? '').includes('__pwned')).length")).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
