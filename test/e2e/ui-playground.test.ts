/**
 * The playground in a real browser: compose a message, pick a route, see its plan before sending, arm a
 * 500 on the first target, send streamed, and watch the answer stream in while the timeline shows the
 * failed attempt and the fallback that answered. Fails on any console error or CSP violation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { go, launch, openSignedIn, shoot, UI_CONFIG } from './ui-browser.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  ({ h, browser } = await launch({
    config: { ...UI_CONFIG, routes: { ...UI_CONFIG.routes, duo: { strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }, { model: 'oai/gpt-test' }] } } },
  }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('playground', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`previews, injects a 500 on the first target, streams the fallback's answer and shows both attempts (${theme})`, async () => {
      const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: theme, height: 1280 });
      await go(page, '/playground');
      await page.locator('.playground-compose').waitFor();
      // Before anything is chosen, the page says what to do.
      await page.getByText('Choose a route or a model to see which targets').waitFor();
      expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);

      await page.getByLabel('Message 1', { exact: true }).fill('Say hello');
      await page.getByLabel('Route or model').selectOption('duo');
      const preview = page.getByTestId('routing-preview');
      await preview.waitFor();
      const rows = preview.locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await rows.nth(0).getAttribute('data-target')).toBe('mock/gpt-test');
      expect(await rows.nth(1).getAttribute('data-target')).toBe('oai/gpt-test');
      expect(await preview.textContent()).toContain('Route duo');

      await page.getByLabel('Fault for mock/gpt-test').selectOption('server_error');
      await page.getByText('1 fault armed').waitFor();
      expect(await page.getByRole('checkbox', { name: 'stream' }).isChecked()).toBe(true);

      const sent = page.waitForRequest((request) => new URL(request.url()).pathname === '/admin/playground/chat/completions');
      // Ctrl+Enter from the message sends.
      await page.getByLabel('Message 1', { exact: true }).press('Control+Enter');
      const request = await sent;
      expect(request.headers()['x-signalbox-faults']).toBe('mock/gpt-test=server_error');
      expect(JSON.parse(request.postData() ?? '{}')).toMatchObject({ model: 'duo', stream: true, messages: [{ role: 'user', content: 'Say hello' }] });

      const answer = page.getByTestId('answer');
      await page.locator('#answer-title').waitFor();
      await expect.poll(async () => (await answer.textContent())?.trim().length ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
      await page.getByText('done', { exact: true }).waitFor({ timeout: 15_000 });

      const timeline = page.getByTestId('timeline');
      const attempts = timeline.getByTestId('waterfall').locator('li');
      await expect.poll(() => attempts.count(), { timeout: 15_000 }).toBe(2);
      expect(await attempts.nth(0).textContent()).toContain('mock/gpt-test');
      expect(await attempts.nth(0).textContent()).toMatch(/500/);
      expect(await attempts.nth(0).textContent()).toMatch(/fell back/);
      expect(await attempts.nth(1).textContent()).toContain('oai/gpt-test');
      expect(await attempts.nth(1).textContent()).toMatch(/ok/);
      await timeline.getByText('open in Traces').waitFor();
      expect(await page.getByTestId('answer-error').count()).toBe(0);

      await shoot(page, `playground-${theme}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('shows an in-band error when the stream is cut, with the text that arrived before it', async () => {
    const { page, context, problems } = await openSignedIn(browser, h);
    await go(page, '/playground');
    await page.locator('.playground-compose').waitFor();
    await page.getByLabel('Message 1', { exact: true }).fill('Tell me something');
    await page.getByLabel('Route or model').selectOption('mock/gpt-test');
    await page.getByTestId('routing-preview').getByText('Direct model, no route').waitFor();
    await page.getByLabel('Fault for mock/gpt-test').selectOption('cut');
    await page.getByRole('button', { name: 'Send' }).click();
    const error = page.getByTestId('answer-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain('The stream ended with an error');
    expect((await page.getByTestId('answer').textContent())?.trim().length).toBeGreaterThan(0);
    await page.getByText('failed', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('compares the same prompt on two models side by side, with latency, tokens and cost', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { height: 1400 });
    await go(page, '/playground');
    await page.locator('.playground-compose').waitFor();
    const compare = page.getByRole('button', { name: /^Compare/ });
    expect(await compare.isDisabled()).toBe(true);
    await page.getByLabel('Message 1', { exact: true }).fill('Which is cheaper?');
    await page.getByLabel('Compare model 1').selectOption('mock/gpt-test');
    await page.getByLabel('Compare model 2').selectOption('oai/gpt-test');
    await page.getByRole('button', { name: 'Add a model' }).click();
    expect(await page.getByLabel('Compare model 3').inputValue()).toBe('');
    await compare.click();
    const columns = page.getByTestId('compare').locator('.compare-column');
    await expect.poll(() => columns.count()).toBe(2);
    for (const model of ['mock/gpt-test', 'oai/gpt-test']) {
      const column = page.locator(`.compare-column[data-model="${model}"]`);
      await column.getByText('done', { exact: true }).waitFor({ timeout: 15_000 });
      await expect.poll(() => column.getByTestId('compare-cost').textContent(), { timeout: 15_000 }).toMatch(/^\$/);
      expect((await column.locator('.answer-text').textContent())?.trim().length).toBeGreaterThan(0);
    }
    await shoot(page, 'playground-compare-dark');
    expect(problems).toEqual([]);
    await context.close();
  });
});
