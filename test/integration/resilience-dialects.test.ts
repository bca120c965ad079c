/**
 * Retry and fallback across wire dialects, with the official SDKs as clients: a Gemini RetryInfo and an
 * Anthropic 529 drive the same policy as OpenAI headers, and a stream falls over from one provider family
 * to another before its first content, invisibly to the client.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { MOCK_TEXT } from '../mocks/openai-upstream.js';

let h: Harness;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startHarness({
    config: () => ({
      routing: { retry: { baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 5_000 } },
      routes: {
        'gemini-first': { targets: [{ model: 'gem/gemini-429' }, { model: 'ant/claude-text' }] },
        'claude-first': { targets: [{ model: 'ant/claude-529' }, { model: 'mock/gpt-test' }] },
        'claude-midstream': { targets: [{ model: 'ant/claude-error-midstream' }, { model: 'mock/gpt-test' }] },
      },
    }),
  });
  anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.url, maxRetries: 0 });
});
afterAll(async () => {
  await h.close();
});

const geminiCalls = (model: string): number => h.gemini.requests.filter((request) => request.path.includes(`/${model}:`)).length;
const anthropicCalls = (model: string): number => h.anthropic.requests.filter((request) => (request.body as { model?: string } | undefined)?.model === model).length;

describe('provider-specific retry signals', () => {
  it('reads Gemini RetryInfo: a wait over the cap fails fast with Retry-After for the client', async () => {
    const error = await h.openai.chat.completions.create({ model: 'gem/gemini-429', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as { status?: number }).status).toBe(429);
    expect((error as { headers?: Headers }).headers?.get('retry-after')).toBe('7');
    expect(geminiCalls('gemini-429')).toBe(1);
  });

  it('falls over from a rate-limited Gemini to Anthropic without waiting', async () => {
    const before = geminiCalls('gemini-429');
    const { data, response } = await h.openai.chat.completions.create({ model: 'gemini-first', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-signalbox-provider')).toBe('ant');
    expect(response.headers.get('x-signalbox-attempts')).toBe('2');
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(geminiCalls('gemini-429') - before).toBe(1);
  });

  it('retries an Anthropic 529 overloaded, then falls back to an OpenAI-compatible provider, for an Anthropic client', async () => {
    const before = anthropicCalls('claude-529');
    const { data, response } = await anthropic.messages.create({ model: 'claude-first', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-signalbox-provider')).toBe('mock');
    expect(response.headers.get('x-signalbox-attempts')).toBe('4');
    expect(data.content[0]).toMatchObject({ type: 'text', text: MOCK_TEXT });
    expect(anthropicCalls('claude-529') - before).toBe(3);
  });
});

describe('streams across providers', () => {
  it('streams from the fallback to an Anthropic SDK client after the first target failed before content', async () => {
    const stream = anthropic.messages.stream({ model: 'claude-first', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    const message = await stream.finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'text', text: MOCK_TEXT });
    expect(message.stop_reason).toBe('end_turn');
  });

  it('does not fail over after content reached the client: one in-band error the SDK throws', async () => {
    const streamedToMock = (): number => h.mock.requests.filter((request) => (request.body as { stream?: boolean } | undefined)?.stream === true).length;
    const before = streamedToMock();
    const stream = anthropic.messages.stream({ model: 'claude-midstream', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(text.length).toBeGreaterThan(0);
    expect(streamedToMock()).toBe(before);
  });
});
