/**
 * The playground's conversation and tools in a real browser: define a tool (from the example, after a JSON
 * error), see the routing preview skip a target without tool support, send, see the tool call, type its
 * result, send it and see the final answer — in each inbound dialect, checking the wire shape sent; and a
 * multi-turn conversation continued with "Add to conversation", with parameters validated and sent.
 * `gpt-agent` (test/mocks/openai-upstream.ts) calls the first tool, then answers from the tool result.
 * Fails on any console error or CSP violation.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { go, launch, openSignedIn, shoot, UI_CONFIG } from './ui-browser.js';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  ({ h, browser } = await launch({
    config: (mock) => ({
      ...UI_CONFIG,
      providers: {
        mock: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        // A local model server without tool calling: the plan skips it when the request has tools.
        local: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY', capabilities: { tools: false } },
      },
      routes: { agent: { strategy: 'fallback', targets: [{ model: 'local/gpt-agent' }, { model: 'mock/gpt-agent' }] } },
    }),
  }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const PATHS = { 'openai-chat': '/admin/playground/chat/completions', 'openai-responses': '/admin/playground/responses', 'anthropic-messages': '/admin/playground/messages' } as const;
const LABELS = { 'openai-chat': 'Chat Completions', 'openai-responses': 'Responses', 'anthropic-messages': 'Anthropic Messages' } as const;
type Dialect = keyof typeof PATHS;

const nextSend = (page: Page, dialect: Dialect): Promise<Request> => page.waitForRequest((request) => new URL(request.url()).pathname === PATHS[dialect]);
const bodyOf = (request: Request): Record<string, unknown> => JSON.parse(request.postData() ?? '{}') as Record<string, unknown>;

/** The tools, the tool-call message and the tool-result message as each dialect puts them on the wire. */
const SHAPES: Record<Dialect, { tools: unknown; call: (body: Record<string, unknown>) => unknown; result: (body: Record<string, unknown>) => unknown; expectCall: unknown; expectResult: unknown }> = {
  'openai-chat': {
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather in a city.', parameters: expect.objectContaining({ type: 'object', required: ['city'] }) } }],
    call: (body) => (body.messages as unknown[])[1],
    result: (body) => (body.messages as unknown[])[2],
    expectCall: { role: 'assistant', content: null, tool_calls: [{ id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    expectResult: { role: 'tool', tool_call_id: expect.any(String), content: '{"temp_c": 18, "sky": "sunny"}' },
  },
  'openai-responses': {
    tools: [{ type: 'function', name: 'get_weather', description: 'Current weather in a city.', parameters: expect.objectContaining({ type: 'object' }) }],
    call: (body) => (body.input as unknown[])[1],
    result: (body) => (body.input as unknown[])[2],
    expectCall: { type: 'function_call', call_id: expect.any(String), name: 'get_weather', arguments: '{"city":"Paris"}' },
    expectResult: { type: 'function_call_output', call_id: expect.any(String), output: '{"temp_c": 18, "sky": "sunny"}' },
  },
  'anthropic-messages': {
    tools: [{ name: 'get_weather', description: 'Current weather in a city.', input_schema: expect.objectContaining({ type: 'object' }) }],
    call: (body) => (body.messages as unknown[])[1],
    result: (body) => (body.messages as unknown[])[2],
    expectCall: { role: 'assistant', content: [{ type: 'tool_use', id: expect.any(String), name: 'get_weather', input: { city: 'Paris' } }] },
    expectResult: { role: 'user', content: [{ type: 'tool_result', tool_use_id: expect.any(String), content: '{"temp_c": 18, "sky": "sunny"}' }] },
  },
};

describe('playground tools and conversation', () => {
  for (const [dialect, stream] of [['openai-chat', true], ['openai-chat', false], ['openai-responses', true], ['openai-responses', false], ['anthropic-messages', true], ['anthropic-messages', false]] as const) {
    it(`defines a tool, sees the call, sends its result and gets the final answer (${dialect}, ${stream ? 'stream' : 'JSON'})`, async () => {
      const { page, context, problems } = await openSignedIn(browser, h, { colorScheme: dialect === 'openai-chat' ? 'dark' : 'light', height: 1500 });
      await go(page, '/playground');
      await page.locator('.playground-compose').waitFor();
      if (dialect !== 'openai-chat') await page.getByRole('radio', { name: LABELS[dialect] }).click();
      if (!stream) await page.getByRole('checkbox', { name: 'stream' }).uncheck();
      await page.getByLabel('Route or model').selectOption('agent');
      await page.getByLabel('Message 1', { exact: true }).fill('What is the weather in Paris?');

      // Without tools both targets are planned.
      const rows = page.getByTestId('routing-preview').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(2);

      await page.locator('summary', { hasText: 'Tools' }).click();
      await page.getByRole('button', { name: 'Add tool', exact: true }).click();
      await page.getByLabel('Tool 1 name').fill('get weather');
      await page.getByText('Use 1–64 letters, digits, _ or -').waitFor();
      await page.getByLabel('Parameters (JSON schema)').fill('{"type": ');
      await page.getByText(/^Not valid JSON/).waitFor();
      expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Remove tool 1' }).click();
      await page.getByRole('button', { name: 'Add example: get_weather(city)' }).click();
      expect(await page.getByLabel('Tool 1 name').inputValue()).toBe('get_weather');
      expect(await page.getByText(/^Not valid JSON/).count()).toBe(0);

      // With a tool, the target without tool support is skipped, and says why.
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.nth(0).getAttribute('data-target')).toBe('mock/gpt-agent');
      await page.getByTestId('routing-preview').getByText('does not support tool calling').waitFor();

      const first = nextSend(page, dialect);
      await page.getByLabel('Message 1', { exact: true }).press('Control+Enter');
      const firstBody = bodyOf(await first);
      expect(firstBody.tools).toEqual(SHAPES[dialect].tools);
      expect(firstBody).not.toHaveProperty('tool_choice');

      const calls = page.getByTestId('tool-calls');
      await calls.getByRole('textbox').waitFor({ timeout: 15_000 });
      expect(await calls.textContent()).toContain('get_weather');
      expect(await calls.locator('.tool-call-args').textContent()).toBe('{\n  "city": "Paris"\n}');
      await calls.getByLabel(/^Result of get_weather/).fill('{"temp_c": 18, "sky": "sunny"}');
      await page.locator('#answer-title').scrollIntoViewIfNeeded();
      await shoot(page, `playground-tool-call-${dialect}-${stream ? 'stream' : 'json'}`);

      const second = nextSend(page, dialect);
      // Ctrl+Enter in a tool result sends the results too.
      if (dialect === 'anthropic-messages' || !stream) await calls.getByLabel(/^Result of get_weather/).press('Control+Enter');
      else await page.getByRole('button', { name: 'Send tool results' }).click();
      const secondBody = bodyOf(await second);
      expect(SHAPES[dialect].call(secondBody)).toEqual(SHAPES[dialect].expectCall);
      expect(SHAPES[dialect].result(secondBody)).toEqual(SHAPES[dialect].expectResult);

      const answer = page.getByTestId('answer');
      await expect.poll(async () => (await answer.textContent()) ?? '', { timeout: 15_000 }).toContain('Done: {"temp_c": 18, "sky": "sunny"}');
      await page.getByRole('button', { name: 'Add to conversation' }).waitFor();
      expect(await page.getByTestId('answer-error').count()).toBe(0);
      // The conversation now holds the call and its result.
      expect(await page.locator('.turn').count()).toBe(3);
      expect(await page.getByLabel('Result of get_weather (message 3)').inputValue()).toBe('{"temp_c": 18, "sky": "sunny"}');
      expect(await page.getByLabel('Tool calls of message 2').textContent()).toContain('get_weather');

      await page.getByRole('button', { name: 'Add to conversation' }).click();
      expect(await page.locator('.turn').count()).toBe(5);
      expect(await page.getByLabel('Message 4', { exact: true }).inputValue()).toContain('Done:');
      await shoot(page, `playground-tools-${dialect}-${stream ? 'stream' : 'json'}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('compares the same conversation and tools on two models, each showing its tool call', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { height: 1400 });
    await go(page, '/playground');
    await page.locator('.playground-compose').waitFor();
    await page.getByLabel('Message 1', { exact: true }).fill('Weather in Paris?');
    await page.getByLabel('Route or model').selectOption('mock/gpt-agent');
    await page.locator('summary', { hasText: 'Tools' }).click();
    await page.getByRole('button', { name: 'Add example: get_weather(city)' }).click();
    await page.getByLabel('Tool choice').selectOption('required');
    await page.getByLabel('Compare model 1').selectOption('mock/gpt-agent');
    await page.getByLabel('Compare model 2').selectOption('mock/gpt-tool');
    const bodies: Array<Record<string, unknown>> = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === PATHS['openai-chat']) bodies.push(bodyOf(request));
    });
    await page.getByRole('button', { name: /^Compare/ }).click();
    for (const model of ['mock/gpt-agent', 'mock/gpt-tool']) {
      const column = page.locator(`.compare-column[data-model="${model}"]`);
      await column.getByText('done', { exact: true }).waitFor({ timeout: 15_000 });
      expect(await column.getByTestId('tool-calls').textContent()).toContain('get_weather');
    }
    expect(bodies.map((body) => body.model).sort()).toEqual(['mock/gpt-agent', 'mock/gpt-tool']);
    for (const body of bodies) {
      expect(body).toMatchObject({ messages: [{ role: 'user', content: 'Weather in Paris?' }], tool_choice: 'required', tools: [{ type: 'function', function: { name: 'get_weather' } }] });
    }
    await page.getByTestId('compare').scrollIntoViewIfNeeded();
    await shoot(page, 'playground-compare-tools-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('continues a conversation: add the answer, ask again, with parameters checked and sent', async () => {
    const { page, context, problems } = await openSignedIn(browser, h, { height: 1300 });
    await go(page, '/playground');
    await page.locator('.playground-compose').waitFor();
    await page.getByRole('radio', { name: 'Anthropic Messages' }).click();
    await page.getByLabel('Route or model').selectOption('mock/gpt-agent');
    await page.getByLabel('Message 1', { exact: true }).fill('Hello');

    await page.locator('summary', { hasText: 'Parameters' }).click();
    await page.getByLabel('Temperature').fill('1.5');
    await page.getByText('Between 0 and 1 for Anthropic Messages').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Temperature').fill('0.5');
    await page.getByLabel('Max tokens').fill('200');
    await page.locator('summary', { hasText: 'Parameters' }).getByText('temperature 0.5 · max tokens 200').waitFor();

    const first = nextSend(page, 'anthropic-messages');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    expect(bodyOf(await first)).toMatchObject({ model: 'mock/gpt-agent', temperature: 0.5, max_tokens: 200, messages: [{ role: 'user', content: 'Hello' }] });
    const answer = page.getByTestId('answer');
    await expect.poll(async () => (await answer.textContent()) ?? '', { timeout: 15_000 }).toContain('Reply 1 to "Hello"');
    await page.getByRole('button', { name: 'Add to conversation' }).click();
    await page.getByText('Added to the conversation above.').waitFor();

    expect(await page.getByLabel('Role of message 2').inputValue()).toBe('assistant');
    expect(await page.getByLabel('Message 2', { exact: true }).inputValue()).toContain('Reply 1 to "Hello"');
    // The new empty user message has the focus: type and send.
    await page.keyboard.type('And again?');
    expect(await page.getByLabel('Message 3', { exact: true }).inputValue()).toBe('And again?');
    const second = nextSend(page, 'anthropic-messages');
    await page.keyboard.press('Control+Enter');
    const secondBody = bodyOf(await second);
    expect(secondBody.messages).toEqual([
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: expect.stringContaining('Reply 1 to "Hello"') },
      { role: 'user', content: 'And again?' },
    ]);
    await expect.poll(async () => (await answer.textContent()) ?? '', { timeout: 15_000 }).toContain('Reply 2 to "And again?" (3 messages)');

    // The conversation survives going to another page and back (sessionStorage).
    await go(page, '/keys');
    await page.locator('.playground-compose').waitFor({ state: 'detached' });
    await go(page, '/playground');
    await page.locator('.playground-compose').waitFor();
    expect(await page.locator('.turn').count()).toBe(3);
    expect(await page.getByLabel('Message 3', { exact: true }).inputValue()).toBe('And again?');

    // Reorder and remove, then clear.
    await page.getByRole('button', { name: 'Move message 3 up' }).click();
    expect(await page.getByLabel('Message 2', { exact: true }).inputValue()).toBe('And again?');
    await page.getByRole('button', { name: 'Remove message 2' }).click();
    expect(await page.locator('.turn').count()).toBe(2);
    await shoot(page, 'playground-conversation-dark');
    await page.getByRole('button', { name: 'Clear conversation' }).click();
    expect(await page.locator('.turn').count()).toBe(1);
    expect(await page.getByLabel('Message 1', { exact: true }).inputValue()).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });
});
