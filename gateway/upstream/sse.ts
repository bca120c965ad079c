/**
 * Server-sent events, parsed and written here and nowhere else.
 * Parsing uses eventsource-parser (CRLF/CR/LF line endings, multi-line data, comments, fields split
 * across reads); bytes are decoded as a UTF-8 stream so a character split between two reads survives.
 * Writing emits one compact `data:` line per frame (some clients parse line by line, wire-formats.md §1).
 */
import { StringDecoder } from 'node:string_decoder';
import { createParser } from 'eventsource-parser';
import { GatewayError } from '../core/errors.js';

export interface SseEvent {
  event?: string;
  data: string;
}

export interface SseDecoder {
  /** Feeds raw bytes; returns the events completed by them. */
  feed(chunk: Buffer): SseEvent[];
  /** Flushes a trailing event that was not followed by a blank line. */
  end(): SseEvent[];
}

/** Largest event (or run of bytes without an event boundary) accepted from a provider. */
export const MAX_SSE_EVENT_BYTES = 16 * 1024 * 1024;

export function createSseDecoder(maxEventBytes = MAX_SSE_EVENT_BYTES): SseDecoder {
  // StringDecoder keeps a UTF-8 sequence split across two reads intact (and is cheaper than TextDecoder).
  const decoder = new StringDecoder('utf8');
  let pending: SseEvent[] = [];
  let bytesSinceEvent = 0;
  const parser = createParser({
    onEvent(message) {
      const event: SseEvent = { data: message.data };
      if (message.event) event.event = message.event;
      pending.push(event);
    },
  });
  const take = (): SseEvent[] => {
    if (!pending.length) return pending;
    const out = pending;
    pending = [];
    bytesSinceEvent = 0;
    return out;
  };
  return {
    feed(chunk) {
      bytesSinceEvent += chunk.byteLength;
      parser.feed(decoder.write(chunk as Buffer));
      const events = take();
      if (!events.length && bytesSinceEvent > maxEventBytes) {
        throw new GatewayError('upstream_bad_response', 'The provider sent a stream event larger than the gateway accepts.');
      }
      return events;
    },
    end() {
      const rest = decoder.end();
      // A final event without its blank line still counts (some servers close right after `data: [DONE]`).
      parser.feed(`${rest}\n\n`);
      return take();
    },
  };
}

/** One SSE frame. `data` must not contain newlines (compact JSON never does). */
export function sseFrame(data: string, event?: string): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}
