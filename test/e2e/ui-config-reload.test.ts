/**
 * A config file edited by hand while the UI is open: a save in the route editor is refused (409) and the
 * editor offers "Reload from file"; after the reload the hand-added route answers through /v1 and the
 * edit saves. In Settings, a broken hand edit is reported by path on reload and nothing changes; once
 * fixed, the reload applies and the save goes through. Screenshots in both themes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../gateway/config/load.js';
import type { Harness } from '../helpers/harness.js';
import { go, launch, openSignedIn, shoot } from './ui-browser.js';

let h: Harness;
let browser: Browser;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signalbox-ui-reload-'));
  file = join(dir, 'config.yaml');
  // The file is the whole config (the mock's address is known once it runs).
  ({ h, browser } = await launch({
    config: (mock) => {
      writeFileSync(
        file,
        `# edited by hand and from the UI
providers:
  mock:
    type: openai-compatible
    baseUrl: ${mock.baseUrl}
    apiKey: env:MOCK_PROVIDER_KEY
clientKeys:
  - name: test
    key: env:SIGNALBOX_TEST_KEY
routes:
  fast:
    targets:
      - model: mock/gpt-test
prices:
  mock/gpt-test: { input: 2.5, output: 10 }
`,
        { mode: 0o600 },
      );
      return loadConfigFile(file) as unknown as Record<string, unknown>;
    },
    gateway: { configFile: file },
  }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reloading a hand-edited config file', () => {
  it('from the route editor: the 409 offers a reload, the hand-added route works, the edit saves', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: 'dark' });
    await go(page, '/routes');
    await page.locator('[data-route="fast"]').getByRole('button', { name: 'Edit fast' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel(/^Description/).fill('Edited while the file changed');

    writeFileSync(file, readFileSync(file, 'utf8').replace('prices:', 'routes-placeholder').replace('routes:\n', 'routes:\n  handmade: # by hand\n    targets:\n      - model: mock/gpt-test\n').replace('routes-placeholder', 'prices:'));
    await editor.getByRole('button', { name: 'Save route' }).click();
    const changed = editor.getByTestId('config-file-changed');
    await changed.getByText('The config file was edited by hand.').waitFor();
    await shoot(page, 'route-editor-file-changed-dark');
    await changed.getByRole('button', { name: 'Reload from file' }).click();
    await expect.poll(() => changed.count()).toBe(0);
    await page.getByText('Config reloaded from the file').first().waitFor();

    // The hand-added route answers through the real API, and the editor's edit saves now.
    const answer = await h.openai.chat.completions.create({ model: 'handmade', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    expect(answer.choices[0]?.message.content).toContain('Paris');
    expect(await editor.getByLabel(/^Description/).inputValue()).toBe('Edited while the file changed');
    await editor.getByRole('button', { name: 'Save route' }).click();
    await editor.getByTestId('route-saved').waitFor();
    await editor.getByRole('button', { name: 'Done' }).click();
    await page.locator('[data-route="handmade"]').waitFor();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# by hand');
    expect(text).toContain('Edited while the file changed');
    // Only the refused save (409) is logged by the browser.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await context.close();
  }, 60_000);

  it('from Settings: a broken file is reported by path and changes nothing; fixed, it applies', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: 'light' });
    await go(page, '/settings');
    const bodies = page.locator('[data-setting="traces.bodies"]');
    await bodies.getByText('applies now').waitFor();
    await bodies.getByRole('switch', { name: 'Keep request and response bodies' }).check();

    const good = readFileSync(file, 'utf8');
    writeFileSync(file, `${good}server:\n  port: not-a-port\n`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const changed = page.getByTestId('config-file-changed');
    await changed.getByRole('button', { name: 'Reload from file' }).click();
    await changed.locator('li code').getByText(/^server\.port: /).waitFor();
    await shoot(page, 'settings-file-invalid-light');
    await expect(h.openai.chat.completions.create({ model: 'handmade', messages: [{ role: 'user', content: 'still here' }] })).resolves.toBeTruthy();

    writeFileSync(file, `${good}server:\n  port: 7123\n`);
    await changed.getByRole('button', { name: 'Reload from file' }).click();
    await expect.poll(() => changed.count()).toBe(0);
    // The port waits for a restart; the body switch is still on, unsaved, and now saves.
    await page.locator('[data-setting="server.port"]').getByTestId('next-start').getByText('7123').waitFor();
    expect(await bodies.getByRole('switch', { name: 'Keep request and response bodies' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await bodies.getByText('Applied', { exact: true }).waitFor();
    expect(readFileSync(file, 'utf8')).toMatch(/bodies: true/);
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)', 'Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  }, 60_000);
});
