/**
 * The live trace stream admits `traces.live.maxSubscribers` streams at once: one more gets a 503 with
 * Retry-After (before any stream starts), and a slot frees as soon as a stream closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let auth: Record<string, string>;
beforeAll(async () => {
  h = await startHarness({ config: { traces: { live: { maxSubscribers: 2 } } } });
  auth = { authorization: `Bearer ${h.gateway.adminToken}` };
});
afterAll(async () => {
  await h?.close();
});

async function open(): Promise<{ response: Response; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${h.url}/admin/traces/live`, { headers: auth, signal: controller.signal });
  return { response, close: () => controller.abort() };
}

async function subscribers(): Promise<number> {
  const stats = (await (await fetch(`${h.url}/admin/traces/live/stats`, { headers: auth })).json()) as { subscribers: unknown[] };
  return stats.subscribers.length;
}

describe('live trace stream cap', () => {
  it('refuses a stream beyond traces.live.maxSubscribers with 503 and Retry-After, and frees the slot on close', async () => {
    const first = await open();
    const second = await open();
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    expect(await subscribers()).toBe(2);

    const third = await open();
    expect(third.response.status).toBe(503);
    expect(third.response.headers.get('retry-after')).toBe('5');
    expect(third.response.headers.get('content-type')).toContain('application/json');
    const body = (await third.response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_live_streams');
    expect(body.error.message).toContain('maxSubscribers = 2');

    first.close();
    for (let i = 0; i < 100 && (await subscribers()) > 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await subscribers()).toBe(1);
    const fourth = await open();
    expect(fourth.response.status).toBe(200);
    second.close();
    fourth.close();
  });
});
