/**
 * Routes (and providers) edited in a real browser: a route created in the UI is listed, planned by the
 * routing preview and usable at once by an SDK (no restart); a broken target is refused with the message at
 * that target's field; the route is deleted. A provider added from a preset with a key (kept in the keychain,
 * shown only as a masked hint) passes its connection test and lists its models with prices. No console error or CSP violation along the way.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryVault } from '../../gateway/secrets/memory-vault.js';
import { PROVIDER_KEY, type Harness } from '../helpers/harness.js';
import { ADMIN, go, launch, openSignedIn, shoot, UI_CONFIG } from './ui-browser.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  // A keychain of its own (provider keys typed in the UI go there) and a price for the provider added below.
  ({ h, browser } = await launch({ config: { ...UI_CONFIG, prices: { ...UI_CONFIG.prices, 'custom/gpt-test': { input: 1.25, output: 5 } } }, gateway: { vault: createMemoryVault() } }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('routes page', () => {
  it('creates a route that works at once, shows a refused target at its field, and deletes the route', async () => {
    const { page, context, problems } = await openSignedIn(browser, h);
    await go(page, '/routes');
    await page.locator('[data-route="fast"]').waitFor();
    await page.getByRole('button', { name: 'New route' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel('Name').fill('e2e-route');
    await editor.getByLabel('Target 1 model').fill('mock/gpt-500');
    await editor.getByRole('button', { name: 'Add target' }).click();
    await editor.getByLabel('Target 2 model').fill('mock/gpt-test');
    await editor.getByText('$2.50 in · $10.00 out per 1M tokens').waitFor();
    await editor.getByLabel('Deadline, whole request').fill('30000');
    await editor.getByRole('button', { name: 'Create route' }).click();
    await editor.getByTestId('route-saved').waitFor();
    const plan = editor.getByTestId('route-plan');
    await plan.getByText('mock/gpt-500').waitFor();
    expect(await plan.textContent()).toContain('mock/gpt-test');
    await plan.scrollIntoViewIfNeeded();
    await shoot(page, 'route-editor-dark');
    await editor.getByRole('button', { name: 'Done' }).click();

    const card = page.locator('[data-route="e2e-route"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('mock/gpt-test');

    // Usable at once by a client, with the fallback doing its work.
    const answer = await h.openai.chat.completions.create({ model: 'e2e-route', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    expect(answer.choices[0]?.message.content).toContain('Paris');

    // A target naming a provider that does not exist: the gateway's message, at that target's field.
    await card.getByRole('button', { name: 'Edit e2e-route' }).click();
    await editor.getByLabel('Target 2 model').fill('nope/gpt-test');
    await editor.getByRole('button', { name: 'Save route' }).click();
    const broken = editor.getByLabel('Target 2 model');
    await expect.poll(() => broken.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await broken.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/nope/);
    expect(await editor.getByLabel('Target 1 model').getAttribute('aria-invalid')).toBe('false');
    // Closing with the unsaved edit asks first: Keep editing keeps it, Discard closes.
    await page.keyboard.press('Escape');
    const prompt = editor.getByRole('alertdialog', { name: 'Discard changes?' });
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    expect(await editor.getByLabel('Target 2 model').inputValue()).toBe('nope/gpt-test');
    await page.keyboard.press('Escape');
    await prompt.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    expect(await card.textContent()).toContain('mock/gpt-test');

    await card.getByRole('button', { name: 'Delete e2e-route' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete route' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await expect(h.openai.chat.completions.create({ model: 'e2e-route', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404 });
    // Chromium logs the one refused save (the 400 this test provoked) as a console error; nothing else may appear.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  }, 60_000);
});

describe('route editor, light', () => {
  it('edits a weighted route and plans it', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: 'light', height: 860 });
    await go(page, '/routes');
    await page.locator('[data-route="fast"]').getByRole('button', { name: 'Edit fast' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByRole('radio', { name: 'Weighted' }).click();
    await editor.getByLabel('Target 1 weight').fill('1');
    await editor.getByLabel('Target 2 weight').fill('3');
    await editor.getByText('75%').waitFor();
    await editor.getByLabel('Description').fill('Mostly the healthy mock');
    await editor.getByRole('button', { name: 'Save route' }).click();
    await editor.getByTestId('route-saved').waitFor();
    await editor.getByTestId('route-plan').getByText('weighted').waitFor();
    await editor.getByTestId('route-plan').scrollIntoViewIfNeeded();
    await shoot(page, 'route-editor-light');
    await editor.getByRole('button', { name: 'Done' }).click();
    await page.locator('[data-route="fast"]').getByText('Mostly the healthy mock', { exact: false }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('providers page', () => {
  it('adds a provider from a preset with a key, tests it, and lists its models with prices; the key is never shown', async () => {
    const { page, context, problems } = await openSignedIn(browser, h);
    await go(page, '/providers');
    await page.locator('[data-provider="mock"]').waitFor();
    await page.getByRole('region', { name: 'Add another' }).getByRole('button', { name: /Custom \(OpenAI-compatible\)/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Preset Custom (OpenAI-compatible)').waitFor();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('custom');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.getByText(/The address of its API/).waitFor();
    await dialog.getByLabel('Base URL').fill(h.mock.baseUrl);

    // A wrong key: the test says so, and what to do.
    await dialog.getByLabel(/API key/).fill('wrong-key-0000000000');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => dialog.getByTestId('test-result').getAttribute('data-ok')).toBe('false');
    await dialog.getByLabel(/API key/).fill(PROVIDER_KEY);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => dialog.getByTestId('test-result').getAttribute('data-ok')).toBe('true');
    expect(await dialog.getByTestId('test-result').textContent()).toContain('gpt-test');
    await shoot(page, 'provider-dialog-dark');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.getByText('“custom” is ready').waitFor();
    await expect.poll(() => dialog.getByTestId('test-result').getAttribute('data-ok')).toBe('true');
    expect(await h.gateway.context.vault.get('custom')).toBe(PROVIDER_KEY);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const card = page.locator('[data-provider="custom"]');
    await card.locator('tr[data-model="gpt-test"]').getByText('$1.25').waitFor();
    expect(await card.locator('tr[data-model="gpt-test"]').textContent()).toContain('$5.00');
    expect(await card.getByTestId('key-hint').textContent()).toMatch(/^moc…6789 · in the keychain$/);
    expect(await page.locator('body').textContent()).not.toContain(PROVIDER_KEY);

    // Usable at once, and testable from its card.
    const answer = await h.openai.chat.completions.create({ model: 'custom/gpt-test', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    expect(answer.choices[0]?.message.content).toContain('Paris');
    await card.getByRole('button', { name: 'Test connection to custom' }).click();
    await expect.poll(() => card.getByTestId('test-result').getAttribute('data-ok')).toBe('true');

    await card.getByRole('button', { name: 'Delete custom' }).click();
    // Its key is used by no other provider: removing it from the keychain is offered, and on.
    expect(await page.getByRole('alertdialog').getByRole('checkbox', { name: /Also remove its key custom from the keychain/ }).isChecked()).toBe(true);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete provider' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => h.gateway.context.vault.get('custom')).toBeUndefined();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('editing a provider', () => {
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return response.status === 204 ? undefined : ((await response.json()) as any);
  };

  it('edits timeout, headers and enabled (refusing a credential header), asks before discarding, and deletes it with its key', async () => {
    await admin('PUT', '/admin/providers/edited', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl, models: ['gpt-test'] }, apiKey: PROVIDER_KEY });
    await admin('PUT', '/admin/providers/twin', { provider: { type: 'openai-compatible', baseUrl: h.mock.baseUrl, models: ['gpt-test'], apiKey: 'keychain:edited' } });
    const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: 'light', height: 900 });
    await go(page, '/providers');
    const card = page.locator('[data-provider="edited"]');
    await card.getByRole('button', { name: 'Edit edited' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('API key').inputValue()).toBe('');
    await dialog.getByLabel('Timeout (optional)').fill('30');
    await dialog.getByRole('button', { name: 'Add header' }).click();
    await dialog.getByLabel('Header 1 name').fill('HTTP-Referer');
    await dialog.getByLabel('Header 1 value').fill('https://signalbox.test');
    await dialog.getByRole('button', { name: 'Add header' }).click();
    await dialog.getByLabel('Header 2 name').fill('x-api-key');
    await dialog.getByLabel('Header 2 value').fill('abc');
    await dialog.getByRole('button', { name: 'Save provider' }).click();
    await dialog.getByText(/“x-api-key” looks like a credential/).waitFor();
    await shoot(page, 'provider-edit-light');
    await dialog.getByRole('button', { name: 'Remove header x-api-key' }).click();
    await dialog.getByRole('checkbox', { name: 'Enabled' }).uncheck();
    await dialog.getByRole('button', { name: 'Save provider' }).click();
    await dialog.getByText('“edited” is ready').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect((await admin('GET', '/admin/config')).providers.edited).toMatchObject({ timeoutMs: 30_000, headers: { 'HTTP-Referer': 'https://signalbox.test' }, enabled: false, apiKey: 'keychain:edited' });
    await expect(h.openai.chat.completions.create({ model: 'edited/gpt-test', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: expect.any(Number) });

    // Unsaved edits: Escape asks; Keep editing keeps them; Discard closes and nothing is saved.
    await card.getByRole('button', { name: 'Edit edited' }).click();
    expect(await dialog.getByLabel('Header 1 value').inputValue()).toBe('https://signalbox.test');
    await dialog.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
    await page.keyboard.press('Escape');
    const prompt = dialog.getByRole('alertdialog', { name: 'Discard changes?' });
    await prompt.waitFor();
    await shoot(page, 'provider-discard-light');
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    expect(await dialog.getByLabel('Base URL').inputValue()).toBe('http://127.0.0.1:9/v1');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await prompt.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await admin('GET', '/admin/config')).providers.edited.baseUrl).toBe(h.mock.baseUrl);

    // Its keychain entry is shared with "twin": removing it is offered but off.
    await card.getByRole('button', { name: 'Delete edited' }).click();
    const confirm = page.getByRole('alertdialog');
    const removeKey = confirm.getByRole('checkbox', { name: /Also remove its key edited from the keychain/ });
    expect(await removeKey.isChecked()).toBe(false);
    await confirm.getByText(/also used by “twin”/).waitFor();
    await confirm.getByRole('button', { name: 'Delete provider' }).click();
    await expect.poll(() => card.count()).toBe(0);
    expect(await h.gateway.context.vault.get('edited')).toBe(PROVIDER_KEY);

    // The last user of the entry: on by default, and the key goes.
    const twin = page.locator('[data-provider="twin"]');
    await twin.getByRole('button', { name: 'Delete twin' }).click();
    expect(await confirm.getByRole('checkbox', { name: /Also remove its key edited from the keychain/ }).isChecked()).toBe(true);
    await confirm.getByRole('button', { name: 'Delete provider' }).click();
    await expect.poll(() => twin.count()).toBe(0);
    await expect.poll(() => h.gateway.context.vault.get('edited')).toBeUndefined();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
