/** Client disconnects and graceful shutdown, against the real server. */
import { describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

const body = (model: string, stream: boolean) => JSON.stringify({ model, messages: [{ role: 'user', content: 'count' }], stream });

function open(h: Harness, model: string, stream = true, signal?: AbortSignal): Promise<Response> {
  return fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
    body: body(model, stream),
    ...(signal ? { signal } : {}),
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('client disconnect', () => {
  it('aborts the upstream request and records the request as cancelled', async () => {
    const h = await startHarness();
    try {
      const controller = new AbortController();
      const response = await open(h, 'mock/gpt-slow', true, controller.signal);
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await waitFor(() => h.mock.aborted.length === 1);
      expect(h.mock.aborted[0]?.body).toMatchObject({ model: 'gpt-slow', stream: true });
      await waitFor(() => h.gateway.context.inFlight.size() === 0);
      const [row] = h.gateway.context.store.recentRequests(1);
      expect(row).toMatchObject({ model: 'mock/gpt-slow', status: 'cancelled', errorKind: 'client_cancelled' });
    } finally {
      await h.close();
    }
  });

  it('aborts a non-streaming upstream call too', async () => {
    const h = await startHarness();
    try {
      const controller = new AbortController();
      const pending = open(h, 'mock/gpt-hang', false, controller.signal).catch(() => undefined);
      await waitFor(() => h.mock.requests.some((request) => (request.body as { model?: string } | undefined)?.model === 'gpt-hang'));
      controller.abort();
      await pending;
      await waitFor(() => h.mock.aborted.length === 1);
      await waitFor(() => h.gateway.context.inFlight.size() === 0);
      expect(h.gateway.context.store.recentRequests(1)[0]).toMatchObject({ status: 'cancelled' });
    } finally {
      await h.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight stream finish, and refuses new work meanwhile', async () => {
    const h = await startHarness();
    const response = await open(h, 'mock/gpt-slow');
    const reader = response.body!.getReader();
    await reader.read();
    const closed = h.close();
    const late = await open(h, 'mock/gpt-test', false).then(
      (answer) => answer.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    await closed;
    expect(text).toContain('ten');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('ends streams still running after the grace period with an in-band error', async () => {
    const h = await startHarness({ config: { server: { shutdownGraceMs: 200 } } });
    const response = await open(h, 'mock/gpt-slow');
    const closed = h.close();
    const text = await response.text();
    await closed;
    expect(text).not.toContain('[DONE]');
    const last = text.trim().split('\n\n').at(-1) ?? '';
    expect(JSON.parse(last.replace(/^data: /, '')).error).toMatchObject({ type: 'server_error', code: 'shutting_down' });
  });

  it('lets an in-flight non-streaming call finish', async () => {
    const h = await startHarness();
    const pending = open(h, 'mock/gpt-slow', false);
    await waitFor(() => h.gateway.context.inFlight.size() === 1);
    const closed = h.close();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).choices[0].message.content).toBe('slow');
    await closed;
  });
});
