/**
 * Live traces and costs in a real browser: a request made by the test appears in Traces while the page is
 * open — from the live stream, without reloading and without re-reading the ledger — its detail shows the
 * fallback in the attempt waterfall, timings, tokens and cost, and the cost chart includes it.
 */
import { describe, expect, it } from 'vitest';
import { go, openSignedIn, useUi } from './ui-browser.js';

const ui = useUi();

describe('traces and costs', () => {
  it('shows a new request live, with its attempts, timings, tokens and cost', async () => {
    await ui.h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'before' }] });
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    await go(page, '/traces');
    const list = page.getByTestId('trace-list');
    await list.getByText('mock/gpt-test').waitFor();
    await page.locator('[data-live-state="live"]').waitFor();

    const ledgerReads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/admin/requests') ledgerReads.push(request.url());
    });
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    // Through the route: its first target fails (500), it falls back to the second, streamed.
    const stream = await ui.h.openai.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'live' }], stream: true, stream_options: { include_usage: true } });
    for await (const _chunk of stream) void _chunk;

    const row = list.locator('[data-request-id]').filter({ hasText: 'fast' });
    await row.waitFor();
    await row.getByText('200').waitFor();
    expect(await row.textContent()).toContain('↻2');
    expect(ledgerReads).toEqual([]);
    expect(navigations).toEqual([]);

    // Filter by model: the address says so, and only that model is listed.
    await page.getByRole('button', { name: 'Model: any' }).click();
    await page.getByRole('button', { name: 'fast', exact: true }).click();
    await page.waitForURL(/#\/traces\?model=fast/);
    await expect.poll(() => list.locator('[data-request-id]').count()).toBe(1);

    await row.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByTestId('waterfall').waitFor();
    const attempts = drawer.getByTestId('waterfall').locator('li');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.nth(0).textContent()).toContain('mock/gpt-500');
    expect(await attempts.nth(0).textContent()).toMatch(/fell back/);
    expect(await attempts.nth(1).textContent()).toContain('mock/gpt-test');
    expect(await drawer.getByTestId('timings').textContent()).toMatch(/Total.*TTFB.*Upstream.*Gateway overhead/);
    expect(await drawer.getByTestId('trace-cost').textContent()).toMatch(/^\$0\.0\d+/);
    expect(await drawer.getByTestId('tokens').textContent()).toContain('Output');
    expect(await drawer.getByTestId('finish-reasons').textContent()).toBe('stop (the model finished)');
    expect(page.url()).toMatch(/#\/traces\/sbr_[^?]+\?model=fast$/);
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('charts the spend, stacked by provider or model, with totals, top models and budgets', async () => {
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    await go(page, '/costs?range=24h&by=provider');
    const chart = page.getByTestId('spend-chart');
    await chart.waitFor();
    expect(await chart.getAttribute('data-series')).toBe('mock');
    expect(await chart.locator('.recharts-bar-rectangle path, .recharts-rectangle').count()).toBeGreaterThan(0);
    await page.getByTestId('breakdown').getByText('mock').waitFor();
    expect(await page.getByTestId('top-models').textContent()).toContain('mock/gpt-test');
    expect(await page.getByTestId('budgets').textContent()).toContain('Spend per day');

    // A new priced request moves the chart: another series appears, without reloading.
    await ui.h.openai.chat.completions.create({ model: 'oai/gpt-test', messages: [{ role: 'user', content: 'priced' }] });
    await expect.poll(() => chart.getAttribute('data-series'), { timeout: 15_000 }).toBe('mock,oai');
    await page.getByRole('radio', { name: 'Model' }).click();
    await expect.poll(() => page.getByTestId('spend-chart').getAttribute('data-series')).toContain('oai/gpt-test');
    expect(page.url()).toContain('by=model');
    expect(problems).toEqual([]);
    await context.close();
  });
});
