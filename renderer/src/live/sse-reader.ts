/**
 * Turns the bytes of an SSE response into messages, remembering the last event id (sent back as
 * `Last-Event-ID` on reconnect) and the server's `retry:` hint. Parsing is eventsource-parser's; this only
 * keeps the state a reconnecting client needs.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseReader {
  /** Feeds a decoded text chunk; calls `onMessage` for each complete message. */
  feed(chunk: string): void;
  /** Forgets a partial message (a new connection starts clean); keeps the last id and retry hint. */
  reset(): void;
  readonly lastEventId: string | undefined;
  readonly retryMs: number | undefined;
}

export function createSseReader(onMessage: (message: EventSourceMessage) => void, initialLastEventId?: string): SseReader {
  let lastEventId = initialLastEventId;
  let retryMs: number | undefined;
  const parser = createParser({
    onEvent(message) {
      if (message.id !== undefined) lastEventId = message.id;
      onMessage(message);
    },
    onRetry(interval) {
      retryMs = interval;
    },
  });
  return {
    feed: (chunk) => parser.feed(chunk),
    reset: () => parser.reset(),
    get lastEventId() {
      return lastEventId;
    },
    get retryMs() {
      return retryMs;
    },
  };
}
