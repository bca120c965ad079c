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
  let oversized = false;
  const parser = createParser({
    maxBufferSize: maxEventBytes,
    onEvent(message) {
      const event: SseEvent = { data: message.data };
      if (message.event) event.event = message.event;
      pending.push(event);
    },
    onError(error) {
      // Unknown fields and bad `retry:` values are ignored, as the SSE spec says; only size is fatal.
      if (error.type === 'max-buffer-size-exceeded') oversized = true;
    },
  });
  const take = (): SseEvent[] => {
    if (oversized) throw new GatewayError('upstream_bad_response', 'The provider sent a stream event larger than the gateway accepts.');
    if (!pending.length) return pending;
    const out = pending;
    pending = [];
    return out;
  };
  return {
    feed(chunk) {
      parser.feed(decoder.write(chunk));
      return take();
    },
    end() {
      // A final event without its blank line still counts (some servers close right after `data: [DONE]`).
      parser.feed(`${decoder.end()}\n\n`);
      return take();
    },
  };
}

/** One SSE frame. `data` must not contain newlines (compact JSON never does). */
export function sseFrame(data: string, event?: string): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}
