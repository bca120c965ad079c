import { describe, expect, it } from 'vitest';
import { openLiveConnection, type LiveConnectionDeps, type LiveState } from './live-connection';

/** A fake clock: timers run when the test advances time. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimeout: (callback: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (id: unknown) => void timers.delete(id as number),
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** A streaming response the test writes to and ends. */
function streamingResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

function setup(answers: Array<() => Response | Promise<Response>>) {
  const timers = fakeTimers();
  const requests: Array<Record<string, string>> = [];
  const states: LiveState[] = [];
  const data: string[] = [];
  let resumed = 0;
  const deps: LiveConnectionDeps = {
    fetch: async (_url, init) => {
      requests.push({ ...(init?.headers as Record<string, string>) });
      const answer = answers.shift();
      if (!answer) return new Promise<Response>(() => undefined);
      const response = await answer();
      init?.signal?.addEventListener('abort', () => void response.body?.cancel().catch(() => undefined));
      return response;
    },
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    random: () => 0,
  };
  const connection = openLiveConnection(
    { url: '/admin/traces/live', headers: { authorization: 'Bearer t' }, onMessage: (message) => data.push(message.data), onState: (state) => states.push(state), onResume: () => resumed++, stallTimeoutMs: 1000 },
    deps,
  );
  return { timers, requests, states, data, connection, resumed: () => resumed };
}

describe('live connection', () => {
  it('streams events, reconnects after a drop with Last-Event-ID, and asks for a resync', async () => {
    const first = streamingResponse();
    const second = streamingResponse();
    const { timers, requests, states, data, connection, resumed } = setup([() => first.response, () => second.response]);
    await flush();
    first.write('id: 5\ndata: one\n\n');
    await flush();
    expect(data).toEqual(['one']);
    expect(requests[0]).toEqual({ authorization: 'Bearer t', accept: 'text/event-stream' });
    first.end();
    await flush();
    expect(states).toEqual(['connecting', 'live', 'reconnecting']);
    await timers.advance(250);
    expect(requests[1]).toMatchObject({ 'last-event-id': '5' });
    expect(states.at(-1)).toBe('live');
    expect(resumed()).toBe(1);
    second.write('id: 6\ndata: two\n\n');
    await flush();
    expect(data).toEqual(['one', 'two']);
    connection.close();
  });

  it('drops a stream that went silent past the stall timeout and reconnects', async () => {
    const first = streamingResponse();
    const second = streamingResponse();
    const { timers, requests, states, connection } = setup([() => first.response, () => second.response]);
    await flush();
    await timers.advance(999);
    expect(states.at(-1)).toBe('live');
    await timers.advance(1);
    expect(states.at(-1)).toBe('reconnecting');
    await timers.advance(250);
    expect(requests).toHaveLength(2);
    connection.close();
  });

  it('stops on 401 (signed out) and waits long on 404 (no live endpoint on this gateway)', async () => {
    const signedOut = setup([() => new Response('{}', { status: 401 })]);
    await flush();
    expect(signedOut.states).toEqual(['connecting', 'signed-out']);

    const missing = setup([() => new Response('{}', { status: 404 }), () => streamingResponse().response]);
    await flush();
    expect(missing.states).toEqual(['connecting', 'unavailable']);
    await missing.timers.advance(59_000);
    expect(missing.requests).toHaveLength(1);
    await missing.timers.advance(1_000);
    expect(missing.requests).toHaveLength(2);
    expect(missing.states.at(-1)).toBe('live');
    missing.connection.close();
  });

  it('backs off further after repeated failures, and close() stops everything', async () => {
    const { timers, requests, connection } = setup([
      () => {
        throw new TypeError('network down');
      },
      () => new Response('', { status: 503 }),
    ]);
    await flush();
    expect(requests).toHaveLength(1);
    await timers.advance(250);
    expect(requests).toHaveLength(2);
    await timers.advance(499);
    expect(requests).toHaveLength(2);
    connection.close();
    await timers.advance(60_000);
    expect(requests).toHaveLength(2);
  });
});
