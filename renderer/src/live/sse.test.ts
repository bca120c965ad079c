import { describe, expect, it } from 'vitest';
import { classifyStatus, reconnectDelay } from './backoff';
import { createSseReader } from './sse-reader';
import { decodeStreamNotice, decodeTraceEvent } from './trace-events';

describe('reconnect backoff', () => {
  it('grows exponentially with jitter, is capped, and honours the server’s retry hint', () => {
    expect(reconnectDelay(0, 0, undefined)).toBe(250);
    expect(reconnectDelay(0, 0.999, undefined)).toBe(500);
    expect(reconnectDelay(3, 0, undefined)).toBe(2000);
    expect(reconnectDelay(30, 1, undefined)).toBe(30_000);
    expect(reconnectDelay(0, 0, 2000)).toBe(2000);
  });

  it('tells a missing endpoint and a lost session from a passing failure', () => {
    expect(classifyStatus(401)).toBe('signed-out');
    expect(classifyStatus(404)).toBe('unavailable');
    expect(classifyStatus(502)).toBe('retry');
  });
});

describe('SSE reader', () => {
  it('parses messages split anywhere, skips comments, remembers the last id and the retry hint', () => {
    const messages: Array<{ id?: string; event?: string; data: string }> = [];
    const reader = createSseReader((message) => messages.push(message));
    const stream = 'retry: 2000\nevent: ready\ndata: {"type":"ready","heartbeatMs":15000}\n\n: heartbeat\n\nid: 41\nevent: received\ndata: {"type":"received","id":"sbr_1","at":1}\n\nid: 42\ndata: {"a":\ndata: 1}\n\n';
    for (let i = 0; i < stream.length; i += 7) reader.feed(stream.slice(i, i + 7));
    expect(messages.map((message) => [message.id, message.event])).toEqual([
      [undefined, 'ready'],
      ['41', 'received'],
      ['42', undefined],
    ]);
    expect(messages[2]?.data).toBe('{"a":\n1}');
    expect(reader.lastEventId).toBe('42');
    expect(reader.retryMs).toBe(2000);
  });

  it('drops a half message on reset (a new connection) but keeps the id to resume from', () => {
    const messages: string[] = [];
    const reader = createSseReader((message) => messages.push(message.data), '7');
    reader.feed('id: 8\ndata: par');
    reader.reset();
    reader.feed('data: whole\n\n');
    expect(messages).toEqual(['whole']);
    expect(reader.lastEventId).toBe('7');
  });
});

describe('decoding trace events', () => {
  it('accepts known events and rejects anything else', () => {
    expect(decodeTraceEvent('{"type":"first-byte","id":"sbr_1","at":5,"ms":3,"provider":"p","upstreamModel":"m"}')).toMatchObject({ type: 'first-byte', ms: 3 });
    expect(decodeTraceEvent('{"id":"sbr_1","at":5,"warnings":["w"]}', 'warnings')).toMatchObject({ type: 'warnings' });
    expect(decodeTraceEvent('{"type":"finished","id":"sbr_1","at":5}')).toBeUndefined();
    expect(decodeTraceEvent('{"type":"ready","id":"x","at":1}')).toBeUndefined();
    expect(decodeTraceEvent('not json')).toBeUndefined();
    expect(decodeTraceEvent('[1]')).toBeUndefined();
  });

  it('reads the stream’s own notices', () => {
    expect(decodeStreamNotice('{"type":"ready","heartbeatMs":15000}')).toEqual({ type: 'ready', heartbeatMs: 15000 });
    expect(decodeStreamNotice('{"count":3}', 'dropped')).toEqual({ type: 'dropped' });
    expect(decodeStreamNotice('{"type":"received"}')).toBeUndefined();
  });
});
