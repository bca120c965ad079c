/**
 * The playground's send endpoints with fault injection: chosen targets fail for one admin request only;
 * retries and fallbacks happen as for real traffic, but the circuit breakers never count injected failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    config: {
      routes: {
        pair: { maxRetries: 0, targets: [{ model: 'mock/gpt-test' }, { model: 'oai/gpt-test' }] },
        slowpair: { timeoutMs: 300, maxRetries: 0, targets: [{ model: 'mock/gpt-test' }, { model: 'oai/gpt-test' }] },
      },
      routing: { retry: { baseDelayMs: 10, maxDelayMs: 20 } },
    },
  });
});

afterAll(async () => {
  await h?.close();
});

const user = [{ role: 'user', content: 'hi' }];

function send(path: string, body: unknown, faults?: string, auth = `Bearer ${h.gateway.adminToken}`) {
  const headers: Record<string, string> = { authorization: auth, 'content-type': 'application/json' };
  if (faults !== undefined) headers['x-signalbox-faults'] = faults;
  return fetch(`${h.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function targetHealth(target: string): Promise<{ state: string; consecutiveFailures: number; window: { failures: number } } | undefined> {
  const health = (await (await fetch(`${h.url}/admin/routing/health`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } })).json()) as {
    targets: Array<{ target: string; state: string; consecutiveFailures: number; window: { failures: number } }>;
  };
  return health.targets.find((entry) => entry.target === target);
}

describe('playground', () => {
  it('answers like /v1 with the admin token, and runs through the real pipeline (ledger, traces)', async () => {
    const answer = await send('/admin/playground/chat/completions', { model: 'mock/gpt-test', messages: user });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toBeTruthy();
    const id = answer.headers.get('x-signalbox-request-id') as string;
    const trace = await fetch(`${h.url}/admin/traces/${id}`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
    expect(trace.status).toBe(200);
    const messages = await send('/admin/playground/messages', { model: 'ant/claude-text', max_tokens: 10, messages: user });
    expect(messages.status).toBe(200);
    expect(((await messages.json()) as { type: string }).type).toBe('message');
    // A client key is not an admin token.
    expect((await send('/admin/playground/chat/completions', { model: 'mock/gpt-test', messages: user }, undefined, `Bearer ${CLIENT_KEY}`)).status).toBe(401);
  });

  it('fails a target on purpose: the route falls back, the failed target was never called, its circuit is untouched', async () => {
    const before = h.mock.requests.length;
    for (let i = 0; i < 8; i++) {
      const answer = await send('/admin/playground/chat/completions', { model: 'pair', messages: user }, 'mock/gpt-test=server_error');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-signalbox-provider')).toBe('oai');
      expect(answer.headers.get('x-signalbox-attempts')).toBe('2');
      await answer.arrayBuffer();
    }
    // Only the fallback reached the (shared) mock upstream: one call per request.
    expect(h.mock.requests.length - before).toBe(8);
    // Eight injected 500s would have opened a real circuit (5 consecutive failures).
    const health = await targetHealth('mock/gpt-test');
    expect(health?.state ?? 'closed').toBe('closed');
    expect(health?.consecutiveFailures ?? 0).toBe(0);
    expect(health?.window.failures ?? 0).toBe(0);
  });

  it('shows the injected failure in the trace of the request', async () => {
    const answer = await send('/admin/playground/chat/completions', { model: 'pair', messages: user }, 'mock/gpt-test=rate_limit');
    expect(answer.status).toBe(200);
    const id = answer.headers.get('x-signalbox-request-id') as string;
    const request = (await (await fetch(`${h.url}/admin/requests/${id}`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } })).json()) as {
      attemptLog: Array<{ provider: string; outcome: string; errorKind: string | null; upstreamStatus: number | null; decision: string | null }>;
    };
    expect(request.attemptLog.map((attempt) => [attempt.provider, attempt.outcome, attempt.errorKind, attempt.upstreamStatus])).toEqual([
      ['mock', 'error', 'rate_limited', 429],
      ['oai', 'ok', null, null],
    ]);
    expect(request.attemptLog[0]?.decision).toBe('fallback');
  });

  it('passes an injected 429 to the client with Retry-After when nothing else can answer', async () => {
    const answer = await send('/admin/playground/chat/completions', { model: 'mock/gpt-test', messages: user }, 'mock/gpt-test=rate_limit');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    const body = (await answer.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Injected by the playground/);
  });

  it('times a target out before its first byte, then falls back', async () => {
    const answer = await send('/admin/playground/chat/completions', { model: 'slowpair', messages: user }, 'mock/gpt-test=timeout');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-signalbox-provider')).toBe('oai');
    await answer.arrayBuffer();
    expect((await targetHealth('mock/gpt-test'))?.consecutiveFailures ?? 0).toBe(0);
  });

  it('cuts a stream after its first content: one in-band error, no [DONE]', async () => {
    const answer = await send('/admin/playground/chat/completions', { model: 'mock/gpt-test', messages: user, stream: true }, 'mock/gpt-test=cut');
    expect(answer.status).toBe(200);
    const text = await answer.text();
    const events = text.trim().split('\n\n');
    expect(events.length).toBeGreaterThan(1);
    expect(text).not.toContain('[DONE]');
    expect(events.at(-1)).toMatch(/"error"/);
    expect(events.at(-1)).toMatch(/Injected by the playground/);
  });

  it('refuses malformed fault headers, and /v1 ignores the header entirely', async () => {
    for (const header of ['mock/gpt-test', 'mock/gpt-test=explode', '=cut']) {
      const answer = await send('/admin/playground/chat/completions', { model: 'mock/gpt-test', messages: user }, header);
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid_faults');
    }
    const real = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', 'x-signalbox-faults': 'mock/gpt-test=server_error' },
      body: JSON.stringify({ model: 'mock/gpt-test', messages: user }),
    });
    expect(real.status).toBe(200);
  });
});
