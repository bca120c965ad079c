/**
 * The live trace stream (GET /admin/traces/live) through the real server, read with a raw streaming
 * fetch: events in order with increasing ids, filters, heartbeats, Last-Event-ID replay (and the `missed`
 * notice when the id is too old, unknown or from before a restart), and the stream ending when the gateway
 * closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { openLive, type LiveReader } from '../helpers/trace-client.js';

const ADMIN = { authorization: 'Bearer fault-admin-token' };
let h: FaultHarness;
const open: LiveReader[] = [];

beforeAll(async () => {
  h = await startFaultHarness({ config: () => ({ traces: { live: { heartbeatMs: 30, replayEvents: 40 } } }) });
});
afterAll(async () => {
  for (const reader of open) reader.close();
  await h.close();
});

async function live(query = '', headers: Record<string, string> = {}): Promise<LiveReader> {
  const reader = await openLive(`${h.url}/admin/traces/live${query}`, { ...ADMIN, ...headers });
  open.push(reader);
  return reader;
}

async function request(model: string): Promise<string> {
  const result = await h.post('/v1/chat/completions', chat(model));
  expect(result.status).toBe(200);
  return result.headers.get('x-signalbox-request-id') as string;
}

const finishedFor = (reader: LiveReader, id: string) => () => reader.frames.some((frame) => frame.event === 'finished' && frame.data.id === id);
const eventsOf = (reader: LiveReader) => reader.frames.filter((frame) => frame.id !== undefined);

describe('the live stream', () => {
  it('is an SSE stream that starts with a ready notice', async () => {
    const reader = await live();
    expect(reader.status).toBe(200);
    expect(reader.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(reader.headers.get('cache-control')).toContain('no-cache');
    await reader.waitFor(() => reader.frames.length > 0, 'ready');
    expect(reader.frames[0]).toMatchObject({ id: undefined, event: 'ready', data: { type: 'ready', heartbeatMs: 30 } });
    reader.close();
  });

  it('delivers every event of a request in order, with increasing ids', async () => {
    const reader = await live();
    await reader.waitFor(() => reader.frames.length > 0, 'ready');
    h.fault.script('live-retry', [{ kind: 'status', status: 429 }, { kind: 'ok' }]);
    const id = await request('f1/live-retry');
    await reader.waitFor(finishedFor(reader, id), 'finished event');
    const mine = eventsOf(reader).filter((frame) => frame.data.id === id);
    expect(mine.map((frame) => frame.event)).toEqual(['received', 'planned', 'attempt-started', 'attempt-ended', 'attempt-started', 'attempt-ended', 'first-byte', 'finished']);
    expect(mine.every((frame) => frame.event === frame.data.type)).toBe(true);
    const ids = eventsOf(reader).map((frame) => Number(frame.id));
    expect(ids.every((value, index) => index === 0 || value > (ids[index - 1] as number))).toBe(true);
    // The attempt's decision is part of the event (the retry loop sets it right after logging the attempt).
    expect(mine[3]?.data.attempt).toMatchObject({ n: 1, outcome: 'error', errorKind: 'rate_limited', decision: 'retry' });
    expect(mine.at(-1)?.data.record).toMatchObject({ id, status: 'ok', attempts: 2 });
    reader.close();
  });

  it('filters by event type and by request id', async () => {
    const finishedOnly = await live('?type=finished');
    const one = await live('?type=received,finished&id=sbr_not_this_one');
    await finishedOnly.waitFor(() => finishedOnly.frames.length > 0, 'ready');
    const id = await request('f1/filtered');
    await finishedOnly.waitFor(finishedFor(finishedOnly, id), 'finished');
    expect(eventsOf(finishedOnly).every((frame) => frame.event === 'finished')).toBe(true);
    expect(eventsOf(one)).toEqual([]);
    expect((await fetch(`${h.url}/admin/traces/live?type=bogus`, { headers: ADMIN })).status).toBe(400);
    finishedOnly.close();
    one.close();
  });

  it('sends heartbeats', async () => {
    const reader = await live();
    await reader.waitFor(() => reader.comments.filter((comment) => comment.trim() === 'heartbeat').length >= 2, 'two heartbeats');
    reader.close();
  });

  it('replays what a reconnecting client missed after its Last-Event-ID', async () => {
    const first = await live();
    const a = await request('f1/replay-a');
    await first.waitFor(finishedFor(first, a), 'finished a');
    const lastSeen = eventsOf(first).find((frame) => frame.data.id === a && frame.event === 'planned')?.id as string;
    first.close();
    const b = await request('f1/replay-b');

    const again = await live('', { 'last-event-id': lastSeen });
    await again.waitFor(finishedFor(again, b), 'finished b (replayed)');
    const replayed = eventsOf(again);
    expect(replayed.map((frame) => Number(frame.id))).toEqual(replayed.map((_, index) => Number(lastSeen) + 1 + index));
    expect(replayed.filter((frame) => frame.data.id === a).map((frame) => frame.event)).toEqual(['attempt-started', 'attempt-ended', 'first-byte', 'finished']);
    expect(replayed.filter((frame) => frame.data.id === b).map((frame) => frame.event)).toEqual(['received', 'planned', 'attempt-started', 'attempt-ended', 'first-byte', 'finished']);
    expect(again.frames.some((frame) => frame.event === 'missed')).toBe(false);
    // The query parameter works too (EventSource cannot send the header on its first connection).
    const byQuery = await live(`?lastEventId=${lastSeen}`);
    await byQuery.waitFor(finishedFor(byQuery, b), 'finished b (by query)');
    again.close();
    byQuery.close();
  });

  it('says so when the Last-Event-ID is older than the replay buffer, unknown, or from before a restart', async () => {
    const first = await live();
    const a = await request('f1/old-a');
    await first.waitFor(finishedFor(first, a), 'finished');
    const old = Number(eventsOf(first).find((frame) => frame.data.id === a)?.id);
    first.close();
    // replayEvents is 40: seven requests of six events push it out.
    for (let i = 0; i < 7; i++) await request(`f1/push-out-${i}`);

    const late = await live('', { 'last-event-id': String(old) });
    await late.waitFor(() => late.frames.some((frame) => frame.event === 'missed') && eventsOf(late).length >= 40, 'missed + replay');
    const missed = late.frames.find((frame) => frame.event === 'missed');
    const firstReplayed = Number(eventsOf(late)[0]?.id);
    expect(missed?.data).toMatchObject({ type: 'missed', reason: 'expired', lastEventId: old, fromSeq: old + 1, toSeq: firstReplayed - 1 });
    expect(missed?.data.count).toBe(firstReplayed - 1 - old);
    expect(late.frames.indexOf(missed as never)).toBeLessThan(late.frames.findIndex((frame) => frame.id !== undefined));

    const future = await live('', { 'last-event-id': String(Number.MAX_SAFE_INTEGER - 1) });
    await future.waitFor(() => future.frames.some((frame) => frame.event === 'missed'), 'missed (unknown)');
    expect(future.frames.find((frame) => frame.event === 'missed')?.data.reason).toBe('unknown_id');

    const before = await live('', { 'last-event-id': '1' });
    await before.waitFor(() => before.frames.some((frame) => frame.event === 'missed'), 'missed (restart)');
    expect(before.frames.find((frame) => frame.event === 'missed')?.data.reason).toBe('restarted');
    late.close();
    future.close();
    before.close();
  });

  it('cleans up subscribers that disconnect', async () => {
    const reader = await live();
    await reader.waitFor(() => reader.frames.length > 0, 'ready');
    const during = (await h.admin('GET', '/admin/traces/live/stats')).json;
    reader.close();
    await reader.ended;
    let after = during;
    for (let i = 0; i < 200 && after.subscribers.length >= during.subscribers.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = (await h.admin('GET', '/admin/traces/live/stats')).json;
    }
    expect(after.subscribers.length).toBe(during.subscribers.length - 1);
  });
});

describe('at shutdown', () => {
  it('ends live streams with a shutdown event so close() is not held up', async () => {
    const own = await startFaultHarness({ config: () => ({ server: { shutdownGraceMs: 60_000 } }) });
    const reader = await openLive(`${own.url}/admin/traces/live`, ADMIN);
    await reader.waitFor(() => reader.frames.length > 0, 'ready');
    await own.close();
    await reader.ended;
    expect(reader.frames.at(-1)).toMatchObject({ event: 'shutdown', data: { type: 'shutdown' } });
  });
});
