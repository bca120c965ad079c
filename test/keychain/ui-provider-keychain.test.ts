/**
 * The Providers page against a real Secret Service: a provider added in the browser with a key puts that
 * key in the OS keychain (read back through a fresh keyring client, not the gateway's), the provider answers
 * the official SDK at once, the page shows only the hint, and deleting it with "also remove its key"
 * removes the keychain entry.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyringVault } from '../../gateway/secrets/keyring-vault.js';
import { PROVIDER_KEY } from '../helpers/harness.js';
import { go, openSignedIn, useUi } from '../e2e/ui-browser.js';
import { assertThrowawayKeyring } from './throwaway-keyring.js';

assertThrowawayKeyring();

// No vault option: the gateway uses the OS keychain, as the app does.
const ui = useUi();
const keychain = createKeyringVault();
afterAll(async () => {
  await keychain.delete('uikc');
});

describe('providers page with the OS keychain (real Secret Service)', () => {
  it('stores the typed key in the keychain, serves with it, shows only its hint, and removes it on delete', async () => {
    expect(await keychain.get('uikc')).toBeUndefined();
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    await go(page, '/providers');
    await page.getByRole('region', { name: 'Add another' }).getByRole('button', { name: /Custom \(OpenAI-compatible\)/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('uikc');
    await dialog.getByLabel('Base URL').fill(ui.h.mock.baseUrl);
    await dialog.getByLabel(/API key/).fill(PROVIDER_KEY);
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.getByText('“uikc” is ready').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // In the Secret Service, read by a client of its own.
    expect(await keychain.get('uikc')).toBe(PROVIDER_KEY);
    const card = page.locator('[data-provider="uikc"]');
    expect(await card.getByTestId('key-hint').textContent()).toMatch(/^moc…6789 · in the keychain$/);
    expect(await page.locator('body').textContent()).not.toContain(PROVIDER_KEY);
    const answer = await ui.h.openai.chat.completions.create({ model: 'uikc/gpt-test', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    expect(answer.choices[0]?.message.content).toContain('Paris');

    await card.getByRole('button', { name: 'Delete uikc' }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.getByRole('checkbox', { name: /Also remove its key uikc from the keychain/ }).isChecked()).toBe(true);
    await confirm.getByRole('button', { name: 'Delete provider' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => keychain.get('uikc')).toBeUndefined();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
