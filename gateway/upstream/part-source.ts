/**
 * A provider's SSE response body as a push source of canonical part batches. Push, not async iteration:
 * each upstream read is decoded and handed to the consumer synchronously (one turn of the event loop per
 * read, as a plain proxy would), with backpressure through pause/resume.
 *
 * Life cycle: `first()` reads until the first content (or error, or the end): the executor decides
 * error-vs-stream on it, before anything is committed to the client, so a provider that fails after its
 * preamble (role chunk, message_start) can still be replaced by another. `pipe(sink)` then delivers what
 * `first()` saw and every later batch, and resolves when the stream is over. A failure after the first
 * content arrives as an error part.
 */
import type { GatewayError } from '../core/errors.js';
import type { StreamDecoder, StreamPart } from '../core/stream.js';
import type { UpstreamResponse } from './http-client.js';
import { createSseDecoder, type SseEvent } from './sse.js';

export interface PartSink {
  /** Receives one batch; returning false pauses the source until `resume()`. */
  write(batch: StreamPart[]): boolean;
}

export interface PartSource {
  /** Resolves with the parts up to the first content or error, or undefined when the stream ended without any part. */
  first(): Promise<StreamPart[] | undefined>;
  /** Delivers the first batch and all later ones; resolves when the stream is over. */
  pipe(sink: PartSink): Promise<void>;
  resume(): void;
  /** Stops reading and releases the upstream connection. */
  close(): void;
}

export interface PartSourceOptions {
  /** Maps every error part (and read failure) to the provider-attributed error the client sees. */
  toError: (error: unknown) => GatewayError;
  /** Called once when the source is finished (releases the call's deadline and signal link). */
  onFinish?: () => void;
}

/** Parts a stream opens with before any content: they commit nothing to the client yet. */
const PRELUDE = new Set<StreamPart['type']>(['message-start', 'text-start', 'reasoning-start', 'usage']);
export const isPrelude = (part: StreamPart): boolean => PRELUDE.has(part.type);

/** A source over a fixed list of parts (a provider that answered a stream request with one JSON body). */
export function staticPartSource(parts: StreamPart[]): PartSource {
  return {
    first: () => Promise.resolve(parts),
    pipe(sink) {
      sink.write(parts);
      return Promise.resolve();
    },
    resume: () => undefined,
    close: () => undefined,
  };
}

export function ssePartSource(response: UpstreamResponse, decoder: StreamDecoder<SseEvent>, options: PartSourceOptions): PartSource {
  const body = response.body;
  const sse = createSseDecoder();
  let pending: StreamPart[] = [];
  /** The batch handed out by first(), delivered again as the first batch of pipe(). */
  let held: StreamPart[] | undefined;
  let sink: PartSink | undefined;
  let ended = false;
  let settle: (() => void) | undefined;
  let firstWaiter: ((batch: StreamPart[] | undefined) => void) | undefined;

  let errored = false;
  const collect = (parts: StreamPart[]): void => {
    for (const part of parts) {
      if (part.type === 'error') {
        errored = true;
        pending.push({ type: 'error', error: options.toError(part.error) });
      } else pending.push(part);
    }
  };

  const flush = (): void => {
    if (!pending.length) return;
    if (firstWaiter) {
      if (pending.every(isPrelude)) return;
      const resolve = firstWaiter;
      firstWaiter = undefined;
      body.pause();
      held = pending;
      pending = [];
      resolve(held);
      return;
    }
    if (!sink) return;
    const batch = pending;
    pending = [];
    if (!sink.write(batch) && !ended) body.pause();
  };

  const finish = (): void => {
    if (ended) return;
    ended = true;
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('error', onError);
    body.on('error', () => undefined);
    if (!body.destroyed) body.destroy();
    if (firstWaiter) {
      const resolve = firstWaiter;
      firstWaiter = undefined;
      held = pending.length ? pending : undefined;
      pending = [];
      resolve(held);
    }
    if (sink) flush();
    options.onFinish?.();
    settle?.();
  };

  const onData = (chunk: Buffer): void => {
    try {
      for (const event of sse.feed(chunk)) {
        collect(decoder.push(event));
        if (decoder.done) break;
      }
    } catch (error) {
      pending.push({ type: 'error', error: options.toError(error) });
      finish();
      return;
    }
    if (errored) finish();
    else flush();
  };

  const onEnd = (): void => {
    for (const event of sse.end()) collect(decoder.push(event));
    collect(decoder.end());
    finish();
  };

  const onError = (error: unknown): void => {
    pending.push({ type: 'error', error: options.toError(error) });
    finish();
  };

  body.on('data', onData);
  body.on('end', onEnd);
  body.on('error', onError);

  return {
    first() {
      if (held || ended) return Promise.resolve(held);
      return new Promise((resolve) => {
        firstWaiter = resolve;
      });
    },
    pipe(target) {
      sink = target;
      let flowing = true;
      if (held) {
        flowing = target.write(held);
        held = undefined;
      }
      if (pending.length) {
        const batch = pending;
        pending = [];
        flowing = target.write(batch) && flowing;
      }
      if (ended) return Promise.resolve();
      return new Promise<void>((resolve) => {
        settle = resolve;
        if (flowing) body.resume();
      });
    },
    resume() {
      if (!ended) body.resume();
    },
    close() {
      finish();
    },
  };
}
