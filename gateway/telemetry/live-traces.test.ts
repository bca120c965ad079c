import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveTraces, type LiveTraces } from './live-traces.js';
import { createTraceBus, type TraceBus } from './trace-bus.js';
import type { TraceEvent } from './trace-events.js';

/** A socket stand-in: takes writes at once, or holds them (and lets Node buffer the rest) while stalled. */
class Sink extends Writable {
  chunks: string[] = [];
  private held: Array<() => void> = [];
  private flowing = true;
  constructor(highWaterMark = 1024) {
    super({ highWaterMark, decodeStrings: false });
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(String(chunk));
    if (this.flowing) done();
    else this.held.push(done);
  }
  stall(): void {
    this.flowing = false;
  }
  flow(): void {
    this.flowing = true;
    const held = this.held;
    this.held = [];
    for (const done of held) done();
  }
  /** Parsed SSE frames written so far. */
  frames(): Array<{ id: number | undefined; event: string | undefined; data: any; comment: boolean }> {
    return this.chunks
      .join('')
      .split('\n\n')
      .filter(Boolean)
      .map((block) => {
        const lines = block.split('\n');
        const field = (name: string) => lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
        const data = field('data');
        return { id: field('id') === undefined ? undefined : Number(field('id')), event: field('event'), data: data === undefined ? undefined : JSON.parse(data), comment: lines.every((line) => line.startsWith(':')) };
      });
  }
  events() {
    return this.frames().filter((frame) => frame.id !== undefined);
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const warning = (id: string, text = 'w'): TraceEvent => ({ type: 'warnings', id, at: 0, warnings: [text] });
const options = { replayEvents: 5, subscriberBufferBytes: 4096, heartbeatMs: 60_000, stallTimeoutMs: 60_000, clock: () => 1_000, firstSeq: 100 };

let bus: TraceBus;
let live: LiveTraces;
afterEach(() => live?.close());

function setup(overrides: Partial<typeof options> = {}): void {
  bus = createTraceBus();
  live = createLiveTraces(bus, { ...options, ...overrides });
}

describe('live traces', () => {
  it('numbers events from firstSeq and delivers them after the publishing turn, in order', async () => {
    setup();
    const sink = new Sink();
    live.attach(sink, { types: undefined, requestId: undefined, lastEventId: undefined });
    expect(sink.frames()[0]).toMatchObject({ event: 'ready', data: { seq: 99, oldestReplayable: null } });
    bus.publish(warning('a'));
    bus.publish(warning('b'));
    expect(sink.events()).toEqual([]);
    await turn();
    expect(sink.events().map((frame) => [frame.id, frame.data.id])).toEqual([
      [100, 'a'],
      [101, 'b'],
    ]);
  });

  it('serializes an event when it is delivered, after the publisher finished filling it in', async () => {
    setup();
    const sink = new Sink();
    live.attach(sink, { types: undefined, requestId: undefined, lastEventId: undefined });
    const event = { type: 'warnings', id: 'a', at: 0, warnings: ['first'] } satisfies TraceEvent;
    bus.publish(event);
    event.warnings.push('second');
    await turn();
    expect(sink.events()[0]?.data.warnings).toEqual(['first', 'second']);
  });

  it('replays after Last-Event-ID, and says what was missed when the id is too old, unknown or from before a restart', async () => {
    setup();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) bus.publish(warning(id)); // 100..106; replay keeps 102..106
    const replay = new Sink();
    live.attach(replay, { types: undefined, requestId: undefined, lastEventId: '103' });
    expect(replay.events().map((frame) => frame.id)).toEqual([104, 105, 106]);
    expect(replay.frames().some((frame) => frame.event === 'missed')).toBe(false);

    const old = new Sink();
    live.attach(old, { types: undefined, requestId: undefined, lastEventId: '100' });
    expect(old.frames().find((frame) => frame.event === 'missed')?.data).toEqual({ type: 'missed', reason: 'expired', lastEventId: 100, count: 1, fromSeq: 101, toSeq: 101 });
    expect(old.events().map((frame) => frame.id)).toEqual([102, 103, 104, 105, 106]);

    for (const [lastEventId, reason] of [['107', 'unknown_id'], ['nonsense', 'unknown_id'], ['12', 'restarted']] as const) {
      const sink = new Sink();
      live.attach(sink, { types: undefined, requestId: undefined, lastEventId });
      expect(sink.frames().find((frame) => frame.event === 'missed')?.data.reason).toBe(reason);
    }
  });

  it('does not deliver an event twice to a client that attaches while it is pending', async () => {
    setup();
    const first = new Sink();
    live.attach(first, { types: undefined, requestId: undefined, lastEventId: undefined });
    bus.publish(warning('a'));
    const second = new Sink();
    live.attach(second, { types: undefined, requestId: undefined, lastEventId: '99' });
    await turn();
    expect(first.events().map((frame) => frame.id)).toEqual([100]);
    expect(second.events().map((frame) => frame.id)).toEqual([100]);
  });

  it('filters by type and request id, in replay and live', async () => {
    setup();
    bus.publish(warning('a'));
    bus.publish({ type: 'first-byte', id: 'a', at: 0, ms: 1, provider: 'p', upstreamModel: 'm' });
    const sink = new Sink();
    live.attach(sink, { types: new Set(['warnings']), requestId: 'a', lastEventId: '99' });
    bus.publish(warning('b'));
    bus.publish(warning('a'));
    await turn();
    expect(sink.events().map((frame) => [frame.id, frame.event, frame.data.id])).toEqual([
      [100, 'warnings', 'a'],
      [103, 'warnings', 'a'],
    ]);
  });

  it('drops events for a subscriber that does not drain, within the bound, and tells it once it drains', async () => {
    setup({ replayEvents: 0 });
    const sink = new Sink(1024);
    live.attach(sink, { types: undefined, requestId: undefined, lastEventId: undefined });
    sink.stall();
    const big = 'x'.repeat(1000);
    for (let i = 0; i < 20; i++) bus.publish(warning(`r${i}`, big));
    await turn();
    const stalled = live.stats();
    const subscriber = stalled.subscribers[0];
    expect(subscriber?.stalled).toBe(true);
    expect(subscriber?.bufferedBytes).toBeLessThanOrEqual(options.subscriberBufferBytes);
    expect(subscriber?.dropped).toBeGreaterThan(0);
    expect((subscriber?.delivered ?? 0) + (subscriber?.dropped ?? 0)).toBe(20);
    sink.flow();
    await turn();
    const notice = sink.frames().find((frame) => frame.event === 'dropped');
    expect(notice?.data).toMatchObject({ type: 'dropped', count: subscriber?.dropped, toSeq: 119 });
    // Delivery resumes after the notice.
    bus.publish(warning('after'));
    await turn();
    expect(sink.events().at(-1)?.data.id).toBe('after');
    expect(live.stats().peakSubscriberBufferedBytes).toBeLessThanOrEqual(options.subscriberBufferBytes);
  });

  it('sends heartbeats, and disconnects a subscriber stalled past the stall timeout', async () => {
    let now = 1_000;
    setup({ heartbeatMs: 10, stallTimeoutMs: 50, clock: () => now });
    const healthy = new Sink();
    const stuck = new Sink(64);
    live.attach(healthy, { types: undefined, requestId: undefined, lastEventId: undefined });
    live.attach(stuck, { types: undefined, requestId: undefined, lastEventId: undefined });
    stuck.stall();
    bus.publish(warning('a', 'x'.repeat(200)));
    await turn();
    expect(live.stats().subscribers.map((entry) => entry.stalled)).toEqual([false, true]);
    while (!healthy.frames().some((frame) => frame.comment)) await new Promise((resolve) => setTimeout(resolve, 5));
    now += 100;
    while (live.stats().disconnectedSlow === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stuck.destroyed).toBe(true);
    expect(live.stats().subscribers).toHaveLength(1);
  });

  it('is full at maxSubscribers, and not once one leaves', async () => {
    bus = createTraceBus();
    live = createLiveTraces(bus, { ...options, maxSubscribers: 1 });
    expect(live.full()).toBe(false);
    const sink = new Sink();
    live.attach(sink, { types: undefined, requestId: undefined, lastEventId: undefined });
    expect(live.full()).toBe(true);
    sink.destroy();
    await turn();
    expect(live.full()).toBe(false);
  });

  it('forgets subscribers that close, and ends the rest with a shutdown event', async () => {
    setup();
    const leaving = new Sink();
    const staying = new Sink();
    live.attach(leaving, { types: undefined, requestId: undefined, lastEventId: undefined });
    live.attach(staying, { types: undefined, requestId: undefined, lastEventId: undefined });
    leaving.destroy();
    await turn();
    expect(live.stats().subscribers).toHaveLength(1);
    live.close();
    expect(staying.frames().at(-1)).toMatchObject({ event: 'shutdown' });
    expect(staying.writableEnded).toBe(true);
    expect(bus.subscribers()).toBe(0);
    const late = new Sink();
    live.attach(late, { types: undefined, requestId: undefined, lastEventId: undefined });
    expect(late.frames().map((frame) => frame.event)).toEqual(['shutdown']);
  });
});
