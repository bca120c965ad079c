/**
 * A live-trace subscriber that never reads (a raw socket, paused) while hundreds of requests run: every
 * request still succeeds, a normal subscriber beside it still gets every event, the slow one's buffer in
 * the gateway stays under the bound, and it is told how many events it lost (`dropped`) once it reads again
 * — or, with a short stall timeout, it is disconnected.
 *
 * Loopback sockets absorb several MB in kernel buffers before Node has to buffer anything, more than a few
 * hundred requests' events; so besides the real requests, large synthetic events are published on the
 * trace bus (the same path every event takes) until the kernel buffers are full.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { openLive } from '../helpers/trace-client.js';

const ADMIN = { authorization: 'Bearer fault-admin-token' };
const BUFFER = 256 * 1024;
const REQUESTS = 300;
const BIG = 'x'.repeat(64 * 1024);
/** Bytes of synthetic events published per batch of 50 requests (x6 batches: well past any kernel buffer). */
const FLOOD_PER_BATCH = 40;

let h: FaultHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An SSE request on a raw socket that is never read from. */
async function slowSubscriber(url: string): Promise<{ socket: Socket; received: () => string }> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.write(`GET /admin/traces/live HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: ${ADMIN.authorization}\r\nAccept: text/event-stream\r\n\r\n`);
  // Let the response headers arrive, then stop reading.
  for (let i = 0; i < 200 && !text.includes('event: ready'); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  socket.pause();
  return { socket, received: () => text };
}

async function load(harness: FaultHarness): Promise<string[]> {
  const ids: string[] = [];
  let flood = 0;
  for (let batch = 0; batch < REQUESTS / 50; batch++) {
    const results = Promise.all(Array.from({ length: 50 }, (_, i) => harness.post('/v1/chat/completions', chat(i % 2 ? 'f1/busy' : 'f2/busy'))));
    for (let i = 0; i < FLOOD_PER_BATCH; i++) {
      harness.gateway.context.traces.publish({ type: 'warnings', id: `sbr_flood_${flood++}`, at: Date.now(), warnings: [BIG] });
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const result of await results) {
      expect(result.status).toBe(200);
      ids.push(result.headers.get('x-signalbox-request-id') as string);
    }
  }
  return ids;
}

const stats = async (harness: FaultHarness): Promise<any> => (await harness.admin('GET', '/admin/traces/live/stats')).json;

describe('a slow live subscriber under load', () => {
  it('never slows requests; it is buffered up to the bound, then told what it missed', async () => {
    h = await startFaultHarness({ config: () => ({ traces: { live: { subscriberBufferBytes: BUFFER, stallTimeoutMs: 3_600_000, heartbeatMs: 50 } } }) });
    const slow = await slowSubscriber(h.url);
    const fast = await openLive(`${h.url}/admin/traces/live?type=finished`, ADMIN);
    const ids = await load(h);
    await fast.waitFor(() => ids.every((id) => fast.frames.some((frame) => frame.data.id === id)), 'every finished event', 20_000);
    expect(fast.frames.some((frame) => frame.event === 'dropped')).toBe(false);

    const during = await stats(h);
    const subscriber = during.subscribers.find((entry: any) => entry.filter.types === null);
    expect(subscriber.dropped).toBeGreaterThan(0);
    expect(subscriber.stalled).toBe(true);
    // Bounded: events are written only while they fit (a heartbeat or notice may add a few bytes).
    expect(subscriber.bufferedBytes).toBeGreaterThan(0);
    expect(during.peakSubscriberBufferedBytes).toBeLessThanOrEqual(BUFFER + 1024);

    // Reading again: the queue drains, then one `dropped` event counts what was lost.
    slow.socket.resume();
    for (let i = 0; i < 500 && !slow.received().includes('event: dropped'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const notice = /event: dropped\ndata: (.*)\n/.exec(slow.received());
    expect(notice).not.toBeNull();
    const dropped = JSON.parse(notice?.[1] as string);
    expect(dropped).toMatchObject({ type: 'dropped', count: subscriber.dropped });
    expect(dropped.toSeq - dropped.fromSeq + 1).toBeGreaterThanOrEqual(dropped.count);
    slow.socket.destroy();
    fast.close();
  }, 60_000);

  it('disconnects a subscriber that stays stalled past the stall timeout', async () => {
    h = await startFaultHarness({ config: () => ({ traces: { live: { subscriberBufferBytes: BUFFER, stallTimeoutMs: 100, heartbeatMs: 20 } } }) });
    const slow = await slowSubscriber(h.url);
    const closed = new Promise<void>((resolve) => slow.socket.once('close', () => resolve()));
    await load(h);
    let after = await stats(h);
    for (let i = 0; i < 500 && after.disconnectedSlow === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = await stats(h);
    }
    expect(after.disconnectedSlow).toBe(1);
    expect(after.subscribers).toEqual([]);
    expect(after.peakSubscriberBufferedBytes).toBeLessThanOrEqual(BUFFER + 1024);
    slow.socket.resume();
    await closed;
  }, 60_000);
});
