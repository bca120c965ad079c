/**
 * Cancellation for a request and its upstream calls. An EventEmitter with `aborted` and `reason` is what
 * undici accepts as a `signal`, and it costs a fraction of an AbortController (Node's EventTarget
 * add/remove listener is ~10 µs on this hardware; this is on the hot path of every request).
 */
import { EventEmitter } from 'node:events';

export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  once(event: 'abort', listener: () => void): unknown;
  removeListener(event: 'abort', listener: () => void): unknown;
}

export class Cancel extends EventEmitter implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** A child that is cancelled with its parent, or on its own (deadline); `release` detaches it. */
export function linkedCancel(parent: CancelSignal): { cancel: Cancel; release: () => void } {
  const cancel = new Cancel();
  if (parent.aborted) {
    cancel.abort(parent.reason);
    return { cancel, release: () => undefined };
  }
  const onAbort = (): void => cancel.abort(parent.reason);
  parent.once('abort', onAbort);
  return { cancel, release: () => parent.removeListener('abort', onAbort) };
}

/** Waits `ms`; rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal: CancelSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeListener('abort', onAbort);
      resolve();
    }, ms);
    signal.once('abort', onAbort);
  });
}
