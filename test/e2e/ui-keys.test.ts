/**
 * Client keys and Connect in a real browser: a key created in the UI is shown once and works at once; revoked,
 * it is refused on the next request; a Connect snippet copied to the clipboard runs as-is (curl).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { go, openSignedIn, useUi } from './ui-browser.js';

const run = promisify(execFile);
const ui = useUi();

const modelsWith = (key: string) => fetch(`${ui.h.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } }).then((response) => response.status);

describe('keys and connect', () => {
  it('creates a key that works at once, limits it, and revokes it', async () => {
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    await go(page, '/keys');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('E2E Key');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText(/Lowercase letters/).waitFor();
    await dialog.getByLabel('Name').fill('e2e');
    await dialog.getByLabel('Spend per day').fill('2');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const key = (await dialog.getByTestId('new-key').textContent()) ?? '';
    expect(key).toMatch(/^sk-sb-/);
    await dialog.getByRole('button', { name: 'Copy key' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    await dialog.getByRole('button', { name: 'I copied it' }).click();

    expect(await modelsWith(key)).toBe(200);
    const row = page.locator('tr[data-key-name="e2e"]');
    await row.getByText('$2/day').waitFor();
    expect(await page.getByTestId('keys-table').textContent()).not.toContain(key);

    // Limit its models: a model outside the list is refused (403), one inside works.
    await row.getByRole('button', { name: 'Edit e2e' }).click();
    await page.getByRole('dialog').getByLabel(/Models it may use/).fill('oai/*');
    await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
    await row.getByText('oai/*').waitFor();
    const chat = (model: string) =>
      fetch(`${ui.h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }) }).then((response) => response.status);
    expect(await chat('mock/gpt-test')).toBe(403);
    expect(await chat('oai/gpt-test')).toBe(200);

    await row.getByRole('button', { name: 'Revoke e2e' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Tools using this key get a 401').waitFor();
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await modelsWith(key)).toBe(401);
    await page.getByRole('button', { name: /Revoked keys \(1\)/ }).click();
    await page.locator('tr[data-key-name="e2e"]').getByText('revoked', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fills a Connect snippet with a key made for the tool; the copied curl command runs as-is', async () => {
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h);
    await go(page, '/connect/curl');
    await page.getByLabel('Model').fill('mock/gpt-test');
    await page.getByTestId('create-tool-key').click();
    await page.waitForURL(/#\/connect\/curl\?key=curl$/);
    const snippet = page.getByTestId('snippet');
    await expect.poll(() => snippet.textContent()).toMatch(/^export SIGNALBOX_KEY=sk-sb-/);
    // The model typed above is in the command (React state settled) before it is copied.
    await expect.poll(() => snippet.textContent()).toContain('mock/gpt-test');
    await page.getByRole('figure').getByRole('button', { name: 'Copy' }).click();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toBe(await snippet.textContent());
    expect(copied).toContain(`${ui.h.url}/v1/chat/completions`);

    const { stdout } = await run('sh', ['-c', copied], { timeout: 15_000 });
    const answer = JSON.parse(stdout) as { choices?: Array<{ message: { content: string } }> };
    expect(answer.choices?.[0]?.message.content, `curl printed: ${stdout.slice(0, 500)}`).toContain('Paris');

    // The call shows up in Traces under the new key's name.
    await go(page, '/traces?client=curl');
    await page.getByTestId('trace-list').getByText('mock/gpt-test').waitFor();

    // Another tool keeps the key chosen; Anthropic-style tools get the root URL.
    await go(page, '/connect/claude-code?key=curl');
    await expect.poll(() => snippet.textContent()).toContain(`ANTHROPIC_BASE_URL=${ui.h.url} \\`);
    expect(await snippet.textContent()).toMatch(/export SIGNALBOX_KEY=sk-sb-/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
