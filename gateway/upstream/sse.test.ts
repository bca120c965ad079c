import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { createSseDecoder, sseFrame } from './sse.js';

describe('SSE', () => {
  it('parses LF, CRLF and CR framing, comments, named events and multi-line data', () => {
    const decoder = createSseDecoder();
    const events = [
      ...decoder.feed(Buffer.from(': keep-alive\n\nfoo: ignored\nretry: soon\ndata: a\n\nevent: ping\r\ndata: {"x":1}\r\n\r\ndata: line1\ndata: line2\n\rdata: cr\r\r')),
      ...decoder.end(),
    ];
    expect(events).toEqual([{ data: 'a' }, { event: 'ping', data: '{"x":1}' }, { data: 'line1\nline2' }, { data: 'cr' }]);
  });

  it('flushes a final event that was not followed by a blank line', () => {
    const decoder = createSseDecoder();
    expect(decoder.feed(Buffer.from('data: [DONE]'))).toEqual([]);
    expect(decoder.end()).toEqual([{ data: '[DONE]' }]);
  });

  it('refuses an event larger than the limit', () => {
    const decoder = createSseDecoder(1024);
    expect(() => decoder.feed(Buffer.from(`data: ${'x'.repeat(2048)}`))).toThrow(GatewayError);
  });

  it('writes one compact frame per event', () => {
    expect(sseFrame('{"a":1}')).toBe('data: {"a":1}\n\n');
    expect(sseFrame('{"type":"ping"}', 'ping')).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });
});
