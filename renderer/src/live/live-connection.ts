/**
 * The live trace stream (`GET /admin/traces/live`) over fetch and a streaming reader rather than
 * EventSource: EventSource cannot send the Authorization header the desktop window authenticates with, so
 * one code path serves both (the browser's session cookie rides along with `credentials: 'same-origin'`).
 * Reconnects with backoff and `Last-Event-ID`; a stream silent for longer than a few heartbeats is treated
 * as dead (a laptop waking up, a proxy that swallowed the close).
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { classifyStatus, reconnectDelay } from './backoff';
import { createSseReader } from './sse-reader';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'unavailable' | 'signed-out';

export interface LiveConnectionDeps {
  fetch: typeof fetch;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  random: () => number;
}

export interface LiveConnectionOptions {
  url: string;
  headers: Record<string, string>;
  onMessage(message: EventSourceMessage): void;
  onState(state: LiveState): void;
  /** After a reconnect: events may have been missed (if the server could not replay them), so resync. */
  onResume?(): void;
  /** Silence after which the connection is dropped and remade (the server sends heartbeats more often). */
  stallTimeoutMs?: number;
  /** How long to wait before asking again when the gateway has no live endpoint. */
  unavailableRetryMs?: number;
}

const defaultDeps = (): LiveConnectionDeps => ({
  fetch: (input, init) => fetch(input, init),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
});

export interface LiveConnection {
  close(): void;
  /** Adjusts how long silence is tolerated (e.g. to a few of the server's announced heartbeat intervals). */
  setStallTimeout(ms: number): void;
}

export function openLiveConnection(options: LiveConnectionOptions, deps: LiveConnectionDeps = defaultDeps()): LiveConnection {
  let stallMs = options.stallTimeoutMs ?? 45_000;
  let closed = false;
  let controller: AbortController | undefined;
  let wake: (() => void) | undefined;
  const reader = createSseReader(options.onMessage);

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = deps.setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        deps.clearTimeout(handle);
        resolve();
      };
    });

  const readStream = async (body: ReadableStream<Uint8Array>, abort: AbortController) => {
    const decoder = new TextDecoder();
    const stream = body.getReader();
    let watchdog: unknown;
    const arm = () => {
      if (watchdog !== undefined) deps.clearTimeout(watchdog);
      watchdog = deps.setTimeout(() => {
        // Cancelling the reader ends the pending read at once, whatever the fetch implementation does on abort.
        abort.abort();
        void stream.cancel().catch(() => undefined);
      }, stallMs);
    };
    arm();
    try {
      for (;;) {
        const { done, value } = await stream.read();
        if (done) return;
        arm();
        reader.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      if (watchdog !== undefined) deps.clearTimeout(watchdog);
    }
  };

  const run = async () => {
    let failures = 0;
    let connectedBefore = false;
    options.onState('connecting');
    while (!closed) {
      controller = new AbortController();
      const headers: Record<string, string> = { ...options.headers, accept: 'text/event-stream' };
      if (reader.lastEventId !== undefined) headers['last-event-id'] = reader.lastEventId;
      try {
        const response = await deps.fetch(options.url, { headers, signal: controller.signal, credentials: 'same-origin', cache: 'no-store' });
        if (!response.ok || !response.body) {
          const action = classifyStatus(response.status);
          if (action === 'signed-out') {
            options.onState('signed-out');
            return;
          }
          if (action === 'unavailable') {
            options.onState('unavailable');
            await wait(options.unavailableRetryMs ?? 60_000);
            continue;
          }
          throw new Error(`HTTP ${response.status}`);
        }
        reader.reset();
        options.onState('live');
        if (connectedBefore) options.onResume?.();
        connectedBefore = true;
        failures = 0;
        await readStream(response.body, controller);
      } catch {
        // Network failure, abort by the watchdog, or a server error: reconnect below.
      }
      if (closed) return;
      options.onState('reconnecting');
      await wait(reconnectDelay(failures++, deps.random(), reader.retryMs));
    }
  };

  void run();
  return {
    close() {
      closed = true;
      controller?.abort();
      wake?.();
    },
    setStallTimeout(ms) {
      stallMs = ms;
    },
  };
}
