/** `x-signalbox-overhead-ms`: the gateway's own time (provider time excluded) on every response. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const overhead = (headers: Headers): number => {
  const value = headers.get('x-signalbox-overhead-ms');
  expect(value).toMatch(/^\d+\.\d{2}$/);
  return Number(value);
};

describe('overhead header', () => {
  const user = [{ role: 'user', content: 'hi' }];
  const post = (body: unknown) =>
    fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('is on answers, streams, errors and admin calls', async () => {
    const answer = await post({ model: 'mock/gpt-test', messages: user });
    expect(answer.status).toBe(200);
    const answerMs = overhead(answer.headers);
    // Provider time is excluded: the whole request took longer than the gateway's share of it.
    const latency = ((await answer.json()) as { latency: { total_time_ms: number } }).latency.total_time_ms;
    expect(answerMs).toBeLessThanOrEqual(latency + 1);

    const stream = await post({ model: 'mock/gpt-test', messages: user, stream: true });
    overhead(stream.headers);
    await stream.text();

    const failed = await post({ model: 'nobody/x', messages: user });
    expect(failed.status).toBe(404);
    overhead(failed.headers);

    overhead((await fetch(`${h.url}/v1/models`)).headers); // 401
    overhead((await fetch(`${h.url}/admin/status`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } })).headers);
  });

  it('excludes the time a slow provider takes', async () => {
    // The mock answers `gpt-slow` only after 600 ms of provider time, and the whole exchange as the client
    // sees it contains the gateway's own time plus that: overhead ≤ client-side total − 600 ms (± clock
    // granularity). Without the exclusion the header would be ≥ 600.
    const started = performance.now();
    const slow = await post({ model: 'mock/gpt-slow', messages: user });
    await slow.arrayBuffer();
    const clientTotal = performance.now() - started;
    expect(slow.status).toBe(200);
    expect(overhead(slow.headers)).toBeLessThanOrEqual(clientTotal - 600 + 2);
  });
});
