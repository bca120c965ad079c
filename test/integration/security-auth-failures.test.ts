/**
 * SEC-23: wrong keys get one uniform 401 (same body, same length, whatever the key), until an address
 * has failed more than `server.authFailures` allows; then 429 with Retry-After in the client's dialect,
 * one warning in the log for the spell, and valid keys from the same address still pass.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../gateway/telemetry/log.js';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

const BURST = 1000;
const warnings: Array<{ message: string; fields: unknown }> = [];
const log: Logger = { debug() {}, info() {}, error() {}, warn: (message, fields) => void warnings.push({ message, fields }) };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: { server: { authFailures: { burst: BURST, perMinute: 1 } }, routes: { fast: { targets: [{ model: 'mock/gpt-test' }] } } },
    gateway: { log },
  });
});
afterAll(async () => {
  await h?.close();
});

const chat = (key: string): Promise<Response> =>
  fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('auth failures (SEC-23)', () => {
  it(`answers ${BURST} wrong keys with the same 401, then throttles with 429 and Retry-After`, async () => {
    const bodies = new Set<string>();
    const statuses = new Set<number>();
    for (let i = 0; i < BURST; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, async (_, j) => {
          // Keys of every shape: client-key format with a known-looking id, random lengths, near misses.
          const key = j % 3 === 0 ? `sk-sb-${i + j}_${'x'.repeat(j)}` : j % 3 === 1 ? `${CLIENT_KEY.slice(0, -1)}${j % 10}` : `wrong-${'k'.repeat(i % 97)}`;
          const response = await chat(key);
          return { status: response.status, body: await response.text() };
        }),
      );
      for (const { status, body } of batch) {
        statuses.add(status);
        bodies.add(body);
      }
    }
    expect([...statuses]).toEqual([401]);
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0] as string)).toMatchObject({ error: { code: 'invalid_api_key', message: 'Invalid client key.' } });

    const throttled = await chat('still-wrong');
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await throttled.json()) as { error: { code: string; type: string; message: string } };
    expect(body.error).toMatchObject({ code: 'too_many_auth_failures', type: 'rate_limit_error' });
    expect(body.error.message).not.toContain('still-wrong');
  });

  it('keeps serving valid keys from the throttled address', async () => {
    const answer = await h.openai.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).toBeTruthy();
  });

  it('throttles in the dialect the client spoke, and the admin API shares the budget', async () => {
    const anthropic = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: h.url, maxRetries: 0 });
    const error = await anthropic.messages.create({ model: 'fast', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });

    const openai = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${h.url}/v1`, maxRetries: 0 });
    await expect(openai.models.list()).rejects.toBeInstanceOf(OpenAI.RateLimitError);

    const admin = await fetch(`${h.url}/admin/status`, { headers: { authorization: 'Bearer not-the-admin-token' } });
    expect(admin.status).toBe(429);
    // No credential at all is not a guess: a signed-out page or an unconfigured tool still gets its 401.
    expect((await fetch(`${h.url}/admin/status`)).status).toBe(401);
    expect((await fetch(`${h.url}/v1/models`)).status).toBe(401);
    const ok = await fetch(`${h.url}/admin/status`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
    expect(ok.status).toBe(200);
  });

  it('logs one warning for the blocked spell, never the keys', () => {
    const throttling = warnings.filter((entry) => entry.message.includes('too many failed authentications'));
    expect(throttling).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toMatch(/still-wrong|sk-ant-wrong|sk-wrong/);
  });
});
