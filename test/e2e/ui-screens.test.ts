/**
 * Every page, in both themes, after some varied traffic (streams, errors, a fallback, cache and reasoning
 * tokens): screenshots for people to look at (and for the README), and no console error or CSP violation
 * anywhere along the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { ADMIN, go, launch, openSignedIn, shoot } from './ui-browser.js';
import { seedHistory } from './ui-seed.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  ({ h, browser } = await launch());
  seedHistory(h);
  const admin = (body: unknown) =>
    fetch(`${h.url}/admin/client-keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((response) => response.json());
  await admin({ name: 'claude-code', limits: { usdPerDay: 10, requestsPerMinute: 120 } });
  await admin({ name: 'cursor', models: ['oai/*', 'ant/*', 'fast'] });
  await admin({ name: 'ci', models: ['oai/gpt-4o-mini'], limits: { usdPerMonth: 50 } });
  const ask = (model: string, stream = false) =>
    stream
      ? h.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }], stream: true, stream_options: { include_usage: true } }).then(async (chunks) => {
          for await (const _chunk of chunks) void _chunk;
        })
      : h.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello there' }] }).then(() => undefined);
  for (const [model, stream] of [
    ['mock/gpt-test', false],
    ['oai/gpt-test', true],
    ['fast', true],
    ['mock/gpt-slow', false],
    ['mock/gpt-429', false],
    ['mock/gpt-test', true],
    ['oai/gpt-test', false],
    ['fast', false],
  ] as const) {
    await ask(model, stream).catch(() => undefined);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function visit(page: Page, hash: string, ready: string): Promise<void> {
  await go(page, hash);
  await page.locator(ready).first().waitFor();
}

describe('screenshots', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`of every page, ${theme}`, async () => {
      const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: theme, height: 860 });
      expect(await page.evaluate('document.documentElement.dataset.theme')).toBe(theme);
      await page.locator('[data-live-state="live"]').waitFor();
      await page.getByTestId('recent-requests').waitFor();
      await page.getByTestId('provider-health').waitFor();
      await shoot(page, `overview-${theme}`);

      await visit(page, '/traces', '[data-request-id]');
      await shoot(page, `traces-${theme}`);
      // A request from the history that fell back, so the waterfall has something to show.
      await visit(page, '/traces?model=fast', '[data-request-id]');
      await page.locator('[data-request-id^="sbr_seed"]').filter({ hasText: '↻2' }).first().click();
      await page.getByRole('dialog').getByTestId('waterfall').waitFor();
      await shoot(page, `trace-detail-${theme}`);
      await page.keyboard.press('Escape');

      await visit(page, '/costs?range=7d&by=provider', '[data-testid="spend-chart"] .recharts-surface');
      await page.getByTestId('budgets').waitFor();
      await shoot(page, `costs-${theme}`);

      await visit(page, '/keys', '[data-testid="keys-table"]');
      await shoot(page, `keys-${theme}`);

      await visit(page, '/connect/claude-code', '[data-testid="snippet"]');
      await shoot(page, `connect-${theme}`);

      await visit(page, '/providers', '[data-provider="mock"] .target-table');
      await shoot(page, `providers-${theme}`);

      await visit(page, '/routes', '[data-route="fast"]');
      await shoot(page, `routes-${theme}`);

      // The playground after a send is shot by ui-playground.test.ts; here, the plan before sending.
      await visit(page, '/playground', '.playground-compose');
      await page.getByLabel('Route or model').selectOption('fast');
      await page.getByTestId('routing-preview').waitFor();
      await shoot(page, `playground-plan-${theme}`);

      await visit(page, '/settings', '.settings-facts');
      await shoot(page, `settings-${theme}`);

      // The theme can be forced from the header, and the choice is kept.
      const other = theme === 'dark' ? 'light' : 'dark';
      await page.getByRole('button', { name: /^Theme:/ }).click();
      await page.getByRole('menuitemradio', { name: other === 'dark' ? 'Dark' : 'Light' }).click();
      expect(await page.evaluate("[document.documentElement.dataset.theme, localStorage.getItem('signalbox.theme')]")).toEqual([other, other]);
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
