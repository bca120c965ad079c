/**
 * Trace bodies in a real browser, with `traces.bodies` on: an Anthropic SDK request routed to an OpenAI
 * upstream shows, in its trace detail, the diff of what the client sent against what was sent upstream (the
 * translation: model, system message), the response, and a replay against another model through the
 * playground whose answer and new trace appear. Fails on any console error or CSP violation.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, type Harness } from '../helpers/harness.js';
import { ADMIN, go, launch, openSignedIn, shoot, UI_CONFIG } from './ui-browser.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  ({ h, browser } = await launch({ config: { ...UI_CONFIG, traces: { bodies: true } } }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('trace bodies', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`diffs the inbound request against the upstream one and replays it on another model (${theme})`, async () => {
      const anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.url, maxRetries: 0 });
      const { response } = await anthropic.messages
        .create({ model: 'mock/gpt-test', max_tokens: 64, system: 'Answer in one short sentence.', messages: [{ role: 'user', content: `Say hello to the ${theme} theme` }] })
        .withResponse();
      const id = response.headers.get('x-signalbox-request-id');
      expect(id).toMatch(/^sbr_/);

      const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: theme, height: 1000 });
      await go(page, `/traces/${id}`);
      const drawer = page.getByRole('dialog');
      const diff = drawer.getByTestId('body-diff');
      await diff.waitFor();
      // The translation: the client's model name became the upstream's, the system prompt became a message.
      expect(await diff.locator('.diff-line.is-remove .diff-text').allTextContents()).toContain('  "model": "mock/gpt-test",');
      expect(await diff.locator('.diff-line.is-add .diff-text').allTextContents()).toContain('  "model": "gpt-test",');
      expect((await diff.locator('.diff-line.is-add .diff-text').allTextContents()).join('\n')).toContain('"role": "system"');
      const summary = await drawer.getByTestId('body-summary').textContent();
      expect(summary).toContain('model: mock/gpt-test → gpt-test');
      expect(summary).toContain('dropped system');
      await drawer.getByTestId('body-response').waitFor();

      // Side by side, then back.
      await drawer.getByRole('radio', { name: 'Side by side' }).click();
      await drawer.locator('[data-testid="body-diff"].is-split').waitFor();
      // (each changed cell starts with a screen-reader-only "added: " / "removed: ")
      expect(await drawer.locator('.is-split .diff-text.is-add').allTextContents()).toContain('added:   "model": "gpt-test",');
      await drawer.getByTestId('trace-bodies').scrollIntoViewIfNeeded();
      await shoot(page, `trace-bodies-split-${theme}`);
      await drawer.getByRole('radio', { name: 'Unified' }).click();

      await drawer.getByTestId('trace-bodies').scrollIntoViewIfNeeded();
      await shoot(page, `trace-bodies-${theme}`);

      // Replay on another model, through the playground endpoint of the same dialect (Anthropic Messages).
      const replay = drawer.getByTestId('replay');
      const replayButton = replay.getByRole('button', { name: 'Replay' });
      expect(await replayButton.isDisabled()).toBe(true);
      await replay.getByLabel('Replay with').selectOption('oai/gpt-test');
      const sent = page.waitForRequest((request) => new URL(request.url()).pathname === '/admin/playground/messages');
      await replayButton.click();
      const request = await sent;
      expect(JSON.parse(request.postData() ?? '{}')).toMatchObject({ model: 'oai/gpt-test', max_tokens: 64, system: 'Answer in one short sentence.', messages: [{ role: 'user', content: `Say hello to the ${theme} theme` }] });

      const result = replay.getByTestId('replay-result');
      await result.getByText('done', { exact: true }).waitFor({ timeout: 15_000 });
      expect((await result.getByTestId('replay-answer').textContent())?.trim().length).toBeGreaterThan(0);
      expect(await result.textContent()).toContain('HTTP 200');
      await expect.poll(() => result.getByTestId('replay-cost').textContent(), { timeout: 15_000 }).toMatch(/^\$/);
      const link = result.getByTestId('replay-trace-link');
      const newId = (await link.textContent()) ?? '';
      expect(newId).toMatch(/^sbr_/);
      expect(newId).not.toBe(id);
      // The new request shows up in the list live.
      await page.locator(`[data-request-id="${newId}"]`).waitFor({ state: 'attached', timeout: 15_000 });
      await result.scrollIntoViewIfNeeded();
      await shoot(page, `trace-replay-${theme}`);

      // Its own trace: the replay's inbound body is the original with only the model changed.
      await link.click();
      await page.waitForURL(new RegExp(`#/traces/${newId}`));
      await expect.poll(async () => (await page.getByRole('dialog').getByTestId('body-summary').textContent()) ?? '', { timeout: 15_000 }).toContain('model: oai/gpt-test → gpt-test');
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('compares with the attempt chosen, after a fallback, and summarises a streamed response', async () => {
    // Through the route: its first target answers 500, the second one streams the answer.
    const stream = await h.openai.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'fallback bodies' }], stream: true, stream_options: { include_usage: true } }).withResponse();
    for await (const _chunk of stream.data) void _chunk;
    const id = stream.response.headers.get('x-signalbox-request-id');
    const { page, context, problems } = await openSignedIn(browser, h);
    await go(page, `/traces/${id}`);
    const drawer = page.getByRole('dialog');
    const attempt = drawer.getByLabel('Compare with');
    await attempt.waitFor();
    expect(await attempt.locator('option').allTextContents()).toEqual(['Attempt 1 · mock/gpt-500 (failed)', 'Attempt 2 · mock/gpt-test']);
    expect(await drawer.getByTestId('body-summary').textContent()).toContain('model: fast → gpt-500');
    await attempt.selectOption('2');
    await expect.poll(() => drawer.getByTestId('body-summary').textContent()).toContain('model: fast → gpt-test');
    await drawer.getByText('Response (stream summary)').waitFor();
    expect(await drawer.getByTestId('body-response').textContent()).toContain('"stream": true');
    // A Chat Completions request replays with its stream flag as sent.
    expect(await drawer.getByRole('checkbox', { name: 'stream' }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('teaches how to turn body retention on when it is off, and offers no replay', async () => {
    const patch = (bodies: boolean) =>
      fetch(`${h.url}/admin/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ traces: { bodies } }) });
    expect((await patch(false)).status).toBe(200);
    try {
      const { response } = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'not kept' }] }).withResponse();
      const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: 'light' });
      await go(page, `/traces/${response.headers.get('x-signalbox-request-id')}`);
      const drawer = page.getByRole('dialog');
      const empty = drawer.getByTestId('bodies-off');
      await empty.waitFor();
      expect(await empty.textContent()).toContain('Keep request and response bodies');
      expect(await drawer.getByTestId('replay').count()).toBe(0);
      await empty.scrollIntoViewIfNeeded();
      await shoot(page, 'trace-bodies-off-light');
      await empty.getByRole('link', { name: 'Open Settings' }).click();
      await page.waitForURL(/#\/settings$/);
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await patch(true);
    }
  });
});
