/**
 * Pause / resume (the desktop tray's switch): while paused, model traffic gets 503 in the client's own
 * dialect with a clear message and Retry-After, nothing reaches a provider; the admin API keeps working.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAUSED_MESSAGE } from '../../gateway/http/pause-gate.js';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startHarness({ config: { routing: { retry: { maxRetries: 0 } } } });
  anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.url, maxRetries: 0 });
});
afterAll(async () => {
  await h.close();
});

const user = [{ role: 'user' as const, content: 'hi' }];
const admin = (path: string, method = 'GET'): Promise<Response> =>
  fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
const upstreamCalls = (): number => h.mock.requests.length + h.anthropic.requests.length;

describe('pause', () => {
  it('refuses model traffic with 503 in each dialect, reaching no provider, until resumed', async () => {
    h.gateway.pause();
    expect(h.gateway.paused).toBe(true);
    const before = upstreamCalls();

    const openaiError = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user }).catch((error: unknown) => error);
    expect(openaiError).toBeInstanceOf(OpenAI.APIError);
    expect(openaiError).toMatchObject({ status: 503, code: 'gateway_paused', type: 'server_error' });
    expect((openaiError as InstanceType<typeof OpenAI.APIError>).message).toContain(PAUSED_MESSAGE);
    // Not an outage: no Retry-After, and the SDKs are told not to retry.
    expect((openaiError as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBeNull();
    expect((openaiError as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe('false');
    let sent = 0;
    const retrying = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${h.url}/v1`, maxRetries: 3, fetch: (url, init) => (sent++, fetch(url, init)) });
    await expect(retrying.chat.completions.create({ model: 'mock/gpt-test', messages: user })).rejects.toMatchObject({ status: 503 });
    expect(sent).toBe(1);

    const anthropicError = await anthropic.messages.create({ model: 'ant/claude-text', max_tokens: 10, messages: user }).catch((error: unknown) => error);
    expect(anthropicError).toBeInstanceOf(Anthropic.APIError);
    expect(anthropicError).toMatchObject({ status: 503, error: { type: 'error', error: { type: 'api_error', message: PAUSED_MESSAGE } } });

    await expect(h.openai.models.list()).rejects.toMatchObject({ status: 503 });
    expect(upstreamCalls()).toBe(before);

    // A wrong key is still told so (authentication runs first).
    const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${h.url}/v1`, maxRetries: 0 });
    await expect(stranger.chat.completions.create({ model: 'mock/gpt-test', messages: user })).rejects.toMatchObject({ status: 401 });

    h.gateway.resume();
    const answer = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user });
    expect(answer.choices[0]?.message.content).toBeTruthy();
    const message = await anthropic.messages.create({ model: 'ant/claude-text', max_tokens: 10, messages: user });
    expect(message.content.length).toBeGreaterThan(0);
    expect(upstreamCalls()).toBe(before + 2);
  });

  it('keeps the admin API working while paused, and lets it pause and resume', async () => {
    const paused = await admin('/admin/pause', 'POST');
    expect(paused.status).toBe(200);
    expect(await paused.json()).toEqual({ paused: true });
    expect(h.gateway.paused).toBe(true);

    const status = await admin('/admin/status');
    expect(status.status).toBe(200);
    expect(((await status.json()) as { paused: boolean }).paused).toBe(true);
    expect((await admin('/admin/config')).status).toBe(200);
    expect((await fetch(`${h.url}/health`)).status).toBe(200);

    await expect(h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user })).rejects.toMatchObject({ status: 503 });

    const resumed = await admin('/admin/resume', 'POST');
    expect(await resumed.json()).toEqual({ paused: false });
    expect(((await (await admin('/admin/status')).json()) as { paused: boolean }).paused).toBe(false);
    await expect(h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user })).resolves.toBeTruthy();
  });

  it('refuses pause and resume without the admin token', async () => {
    const response = await fetch(`${h.url}/admin/pause`, { method: 'POST', headers: { authorization: `Bearer ${CLIENT_KEY}` } });
    expect(response.status).toBe(401);
    expect(h.gateway.paused).toBe(false);
  });
});
