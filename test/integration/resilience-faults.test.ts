/**
 * The fault catalogue (../shared/reference/security.md §3.3) against a scriptable mock upstream on
 * loopback: what is retried, what falls back, what stops, and what the client sees in each case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_TEXT } from '../mocks/fault-upstream.js';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';

let h: FaultHarness;
beforeAll(async () => {
  h = await startFaultHarness({
    config: (fault) => ({
      providers: {
        // The target of a redirect: it must never be contacted.
        elsewhere: { type: 'openai-compatible', baseUrl: `${fault.url}/elsewhere/v1`, apiKey: 'env:MOCK_PROVIDER_KEY' },
      },
      routing: { idleTimeoutMs: 400 },
      routes: {
        'reset-then-f2': { targets: [{ model: 'f1/reset-route' }, { model: 'f2/after-reset' }] },
        'refused-then-f2': { targets: [{ model: 'dead/x' }, { model: 'f2/after-refused' }] },
        'hang-then-f2': { timeoutMs: 300, targets: [{ model: 'f1/hang-route' }, { model: 'f2/after-hang' }] },
        'stream-fails-early': { targets: [{ model: 'f1/early-error' }, { model: 'f2/after-early' }] },
        'stream-no-content': { targets: [{ model: 'f1/empty-stream' }, { model: 'f2/after-empty' }] },
        'bad-json-early': { targets: [{ model: 'f1/bad-json-early' }, { model: 'f2/after-bad-json' }] },
        'all-hang': { totalTimeoutMs: 700, timeoutMs: 400, targets: [{ model: 'f1/hang-a' }, { model: 'f2/hang-b' }, { model: 'f1/never-reached' }] },
      },
    }),
    gateway: { limits: { maxResponseBytes: 1024 * 1024 } },
  });
});
afterAll(async () => {
  await h.close();
});

const gap = (calls: Array<{ at: number }>): number => (calls[1]?.at ?? 0) - (calls[0]?.at ?? 0);

describe('429 and Retry-After', () => {
  it('waits the retry-after-ms a provider asks for, then retries and succeeds (REL-01)', async () => {
    h.fault.script('ra-ms', [{ kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } }, { kind: 'ok' }]);
    const result = await h.post('/v1/chat/completions', chat('f1/ra-ms'));
    expect(result.status).toBe(200);
    expect(result.json.choices[0].message.content).toBe(FAULT_TEXT);
    expect(result.headers.get('x-signalbox-attempts')).toBe('2');
    const calls = h.fault.callsFor('ra-ms');
    expect(calls).toHaveLength(2);
    expect(gap(calls)).toBeGreaterThanOrEqual(295);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    h.fault.script('ra-s', [{ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { kind: 'ok' }]);
    expect((await h.post('/v1/chat/completions', chat('f1/ra-s'))).status).toBe(200);
    expect(gap(h.fault.callsFor('ra-s'))).toBeGreaterThanOrEqual(990);

    h.fault.script('ra-date', [{ kind: 'status', status: 429, headers: { 'retry-after': new Date(Date.now() + 2_000).toUTCString() } }, { kind: 'ok' }]);
    expect((await h.post('/v1/chat/completions', chat('f1/ra-date'))).status).toBe(200);
    // Second granularity: between 1 and 2 s from now.
    expect(gap(h.fault.callsFor('ra-date'))).toBeGreaterThanOrEqual(900);
  });

  it('falls back to its own backoff when Retry-After is garbage or in the past (REL-31)', async () => {
    h.fault.script('ra-junk', [{ kind: 'status', status: 429, headers: { 'retry-after': 'soon-ish' } }, { kind: 'status', status: 429, headers: { 'retry-after': 'Mon, 01 Jan 2001 00:00:00 GMT' } }, { kind: 'ok' }]);
    const result = await h.post('/v1/chat/completions', chat('f1/ra-junk'));
    expect(result.status).toBe(200);
    expect(h.fault.callsFor('ra-junk')).toHaveLength(3);
  });

  it('fails fast when the wait asked for exceeds the cap, passing Retry-After to the client (REL-02)', async () => {
    h.fault.script('ra-long', [{ kind: 'status', status: 429, headers: { 'retry-after': '120' } }, { kind: 'ok' }]);
    const result = await h.post('/v1/chat/completions', chat('f1/ra-long'));
    expect(result.status).toBe(429);
    expect(result.headers.get('retry-after')).toBe('120');
    expect(result.json.error.type).toBe('rate_limit_error');
    expect(h.fault.callsFor('ra-long')).toHaveLength(1);
  });

  it('gives up after the retry limit on a persistent 429 (REL-03)', async () => {
    h.fault.script('ra-always', [{ kind: 'status', status: 429 }]);
    const result = await h.post('/v1/chat/completions', chat('f1/ra-always'));
    expect(result.status).toBe(429);
    expect(result.headers.get('x-signalbox-attempts')).toBe('3');
    expect(h.fault.callsFor('ra-always')).toHaveLength(3);
  });
});

describe('status codes (REL-04, REL-05)', () => {
  it.each([
    [500, 502],
    [502, 502],
    [503, 503],
    [504, 504],
    [529, 503],
  ])('retries an upstream %i, and maps it to %i when it persists', async (status, mapped) => {
    const once = `once-${status}`;
    h.fault.script(once, [{ kind: 'status', status }, { kind: 'ok' }]);
    expect((await h.post('/v1/chat/completions', chat(`f1/${once}`))).status).toBe(200);
    expect(h.fault.callsFor(once)).toHaveLength(2);

    const always = `always-${status}`;
    h.fault.script(always, [{ kind: 'status', status }]);
    const result = await h.post('/v1/chat/completions', chat(`f1/${always}`));
    expect(result.status).toBe(mapped);
    expect(Object.keys(result.json)).toEqual(['error']);
    expect(h.fault.callsFor(always)).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 422])('never retries an upstream %i', async (status) => {
    const model = `no-retry-${status}`;
    h.fault.script(model, [{ kind: 'status', status }, { kind: 'ok' }]);
    const result = await h.post('/v1/chat/completions', chat(`f1/${model}`));
    expect(result.status).not.toBe(200);
    expect(result.headers.get('x-signalbox-attempts')).toBe('1');
    expect(h.fault.callsFor(model)).toHaveLength(1);
  });
});

describe('connections', () => {
  it('retries a refused connection (nothing was sent), then reports the provider unreachable (REL-06)', async () => {
    const result = await h.post('/v1/chat/completions', chat('dead/x'));
    expect(result.status).toBe(502);
    expect(result.json.error.message).toMatch(/could not be reached/);
    expect(result.headers.get('x-signalbox-attempts')).toBe('3');
  });

  it('falls back from a refused provider to the next target', async () => {
    const result = await h.post('/v1/chat/completions', chat('refused-then-f2'));
    expect(result.status).toBe(200);
    expect(result.headers.get('x-signalbox-provider')).toBe('f2');
    expect(result.headers.get('x-signalbox-route')).toBe('refused-then-f2');
  });

  it('does not retry a request that was sent and then reset: it may have been billed (REL-07)', async () => {
    h.fault.script('reset-once', [{ kind: 'reset' }, { kind: 'ok' }]);
    const result = await h.post('/v1/chat/completions', chat('f1/reset-once'));
    expect(result.status).toBe(502);
    expect(result.json.error.message).toMatch(/closed the connection/);
    expect(h.fault.callsFor('reset-once')).toHaveLength(1);
  });

  it('may still fall back to another target after a reset', async () => {
    h.fault.script('reset-route', [{ kind: 'reset' }]);
    const result = await h.post('/v1/chat/completions', chat('reset-then-f2'));
    expect(result.status).toBe(200);
    expect(h.fault.callsFor('reset-route')).toHaveLength(1);
    expect(h.fault.callsFor('after-reset')).toHaveLength(1);
  });

  it('gives up on slow headers after the attempt timeout and falls back (REL-09)', async () => {
    h.fault.script('hang-route', [{ kind: 'hang' }]);
    const result = await h.post('/v1/chat/completions', chat('hang-then-f2'));
    expect(result.status).toBe(200);
    expect(result.headers.get('x-signalbox-provider')).toBe('f2');
    // The abandoned attempt's connection was closed, not leaked.
    await h.fault.waitForClientClose('hang-route', 1, 2_000);
  });

  it('ends a request at its total deadline, retries included, with 504 deadline_exceeded', async () => {
    h.fault.script('hang-a', [{ kind: 'hang' }]);
    h.fault.script('hang-b', [{ kind: 'hang' }]);
    const result = await h.post('/v1/chat/completions', chat('all-hang'));
    expect(result.status).toBe(504);
    expect(result.json.error.code).toBe('deadline_exceeded');
    expect(h.fault.callsFor('hang-a')).toHaveLength(1);
    expect(h.fault.callsFor('hang-b')).toHaveLength(1);
    expect(h.fault.callsFor('never-reached')).toHaveLength(0);
  });
});

describe('bad answers', () => {
  it('maps an HTML error page to JSON, never reflecting it (REL-16)', async () => {
    h.fault.script('html', [{ kind: 'html', status: 502 }]);
    const result = await h.post('/v1/chat/completions', chat('f1/html'));
    expect(result.status).toBe(502);
    expect(result.text).not.toMatch(/<html|<script/i);
    expect(result.json.error.type).toBe('server_error');
  });

  it('does not follow a redirect (REL-17)', async () => {
    h.fault.script('redirect', [{ kind: 'redirect', location: `${h.fault.url}/elsewhere/v1/chat/completions` }]);
    const before = h.fault.calls.length;
    const result = await h.post('/v1/chat/completions', chat('f1/redirect'));
    expect(result.status).toBe(502);
    expect(result.json.error.message).toMatch(/redirect/);
    expect(h.fault.calls.slice(before).map((call) => call.model)).toEqual(['redirect']);
  });

  it('caps a huge body (REL-15)', async () => {
    h.fault.script('huge', [{ kind: 'huge', bytes: 3 * 1024 * 1024 }]);
    const result = await h.post('/v1/chat/completions', chat('f1/huge'));
    expect(result.status).toBe(502);
    expect(result.json.error.message).toMatch(/larger than the gateway accepts/);
    expect(h.fault.callsFor('huge')).toHaveLength(1);
  });
});

async function sseEvents(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((event) => event.trim())
    .filter(Boolean);
}

const streamRequest = (model: string): Promise<Response> =>
  fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer sk-sb-test-client-key-abcdef`, 'content-type': 'application/json' },
    body: JSON.stringify(chat(model, { stream: true })),
  });

describe('streams', () => {
  it('ends a stream reset mid-way with one in-band error and no [DONE] (REL-08)', async () => {
    h.fault.script('mid-reset', [{ kind: 'stream', deltas: ['a', 'b'], then: 'reset' }]);
    const response = await streamRequest('f1/mid-reset');
    expect(response.status).toBe(200);
    const events = await sseEvents(response);
    expect(events.some((event) => event.includes('"content":"a"'))).toBe(true);
    expect(events.at(-1)).toMatch(/^data: \{"error":/);
    expect(events.join('\n')).not.toContain('[DONE]');
    expect(h.fault.callsFor('mid-reset')).toHaveLength(1);
  });

  it('ends a stalled stream at the idle timeout with an in-band timeout error (REL-10)', async () => {
    h.fault.script('stall', [{ kind: 'stream', deltas: ['a'], then: 'stall' }]);
    const events = await sseEvents(await streamRequest('f1/stall'));
    const last = JSON.parse((events.at(-1) ?? '').slice('data: '.length));
    expect(last.error.type).toBe('timeout_error');
    expect(last.error.message).toMatch(/idle/);
    await h.fault.waitForClientClose('stall', 1, 2_000);
  });

  it('treats keep-alive comments as activity over a stream three times longer than the idle timeout (REL-11)', async () => {
    h.fault.script('pings', [{ kind: 'stream', deltas: ['one', ' two', ' three', ' four'], intervalMs: 350, pingEveryMs: 100, pingForMs: 500, then: 'done' }]);
    const stream = await h.openai.chat.completions.create({ model: 'f1/pings', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three four');
  });

  it('reports a stream that ends without its terminator as upstream_truncated, never a silent success (REL-12)', async () => {
    h.fault.script('no-end', [{ kind: 'stream', deltas: ['partial'], then: 'no-terminator' }]);
    const events = await sseEvents(await streamRequest('f1/no-end'));
    expect(events.at(-1)).toMatch(/upstream_truncated|without finishing|ended before/i);
    expect(events.join('\n')).not.toContain('[DONE]');
  });

  it('ends a stream with malformed JSON with an in-band error, and the gateway keeps serving (REL-13)', async () => {
    h.fault.script('bad-json', [{ kind: 'stream', deltas: ['x'], then: 'bad-json' }]);
    const events = await sseEvents(await streamRequest('f1/bad-json'));
    expect(events.at(-1)).toMatch(/^data: \{"error":/);
    expect((await h.post('/v1/chat/completions', chat('f1/fine-after'))).status).toBe(200);
  });

  it('fails over invisibly when a stream errors before its first content', async () => {
    h.fault.script('early-error', [{ kind: 'stream', deltas: [], then: 'error-event' }]);
    const stream = await h.openai.chat.completions.create({ model: 'stream-fails-early', messages: [{ role: 'user', content: 'hi' }], stream: true }).withResponse();
    expect(stream.response.headers.get('x-signalbox-provider')).toBe('f2');
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(FAULT_TEXT);
    // A server_error event is retriable: tried 3 times on f1, then f2.
    expect(h.fault.callsFor('early-error')).toHaveLength(3);
  });

  it('fails over when a stream ends before any content, or sends garbage first', async () => {
    h.fault.script('empty-stream', [{ kind: 'stream', deltas: [], then: 'no-terminator' }]);
    const empty = await sseEvents(await streamRequest('stream-no-content'));
    expect(empty.at(-1)).toBe('data: [DONE]');
    expect(h.fault.callsFor('after-empty')).toHaveLength(1);

    h.fault.script('bad-json-early', [{ kind: 'stream', deltas: [], then: 'bad-json' }]);
    const garbage = await sseEvents(await streamRequest('bad-json-early'));
    expect(garbage.at(-1)).toBe('data: [DONE]');
    expect(h.fault.callsFor('bad-json-early')).toHaveLength(1);
  });

  it('aborts the upstream call when the client disconnects mid-stream, and records it (REL-18)', async () => {
    h.fault.script('walk-away', [{ kind: 'stream', deltas: ['a', 'b', 'c', 'd', 'e', 'f'], intervalMs: 200, then: 'done' }]);
    const controller = new AbortController();
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer sk-sb-test-client-key-abcdef`, 'content-type': 'application/json' },
      body: JSON.stringify(chat('f1/walk-away', { stream: true })),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const [call] = await h.fault.waitForClientClose('walk-away', 1, 2_000);
    // Closed long before the mock would have finished (6 deltas × 200 ms).
    expect((call?.closedAt ?? Infinity) - (call?.at ?? 0)).toBeLessThan(1_200);
    await expect.poll(() => h.gateway.context.store.recentRequests(20).find((row) => row.model === 'f1/walk-away')?.status).toBe('cancelled');
  });
});
