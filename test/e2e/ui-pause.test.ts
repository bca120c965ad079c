/**
 * Pause from the header in a real browser: the status says Paused, a tool's request gets the 503 in its
 * dialect and never reaches the provider, the UI keeps working, and Resume lets traffic through again.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openSignedIn, shoot, useUi } from './ui-browser.js';

const ui = useUi();

describe('pause from the header', () => {
  it('pauses model traffic with 503 while the UI keeps working, and resumes it', async () => {
    const { page, context, problems } = await openSignedIn(ui.browser, ui.h, { colorScheme: 'dark' });
    const status = page.getByRole('button', { name: 'Gateway: Running' });
    await status.click();
    await page.getByRole('button', { name: 'Pause model traffic' }).click();
    await page.getByRole('button', { name: 'Gateway: Paused' }).waitFor();
    await page.getByRole('button', { name: 'Resume model traffic' }).waitFor();
    await shoot(page, 'pause-popover');

    const before = ui.h.mock.requests.length;
    const refused = await ui.h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((refused as InstanceType<typeof OpenAI.APIError>).message).toContain('paused');
    expect(ui.h.mock.requests.length).toBe(before);

    await page.getByRole('button', { name: 'Resume model traffic' }).click();
    await page.getByRole('button', { name: 'Gateway: Running' }).waitFor();
    const answer = await ui.h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).toBeTruthy();
    // The SDK calls are outside the page: the page itself saw no error.
    expect(problems).toEqual([]);
    await context.close();
  });
});
