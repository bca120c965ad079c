/**
 * Per-provider concurrency limit with a bounded FIFO queue. A request takes a slot before calling the
 * provider and gives it back when its answer is over (stream included). When all slots are taken it
 * waits in the queue; when the queue is full it fails at once with 503 `overloaded` (code `queue_full`),
 * which routing treats as "try another target". A waiter whose request is cancelled leaves the queue.
 */
import { GatewayError } from '../core/errors.js';
import type { CancelSignal } from '../upstream/cancel.js';

export type Release = () => void;

export interface Limiter {
  acquire(signal: CancelSignal): Promise<Release>;
  readonly active: number;
  readonly queued: number;
}

interface Waiter {
  resolve: (release: Release) => void;
  reject: (error: unknown) => void;
  signal: CancelSignal;
  onAbort: () => void;
}

export function createLimiter(provider: string, maxConcurrency: number, maxQueue: number): Limiter {
  let active = 0;
  const queue: Waiter[] = [];

  const release = (): void => {
    const next = queue.shift();
    if (next) {
      next.signal.removeListener('abort', next.onAbort);
      next.resolve(once());
      return;
    }
    active--;
  };
  // Each grant returns its slot exactly once, however often its release is called.
  const once = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason as Error);
      if (active < maxConcurrency) {
        active++;
        return Promise.resolve(once());
      }
      if (queue.length >= maxQueue) {
        return Promise.reject(
          new GatewayError('overloaded', `Provider "${provider}" has ${maxConcurrency} requests in flight and ${queue.length} waiting; try again shortly.`, {
            provider,
            code: 'queue_full',
          }),
        );
      }
      return new Promise<Release>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const at = queue.indexOf(waiter);
            if (at >= 0) queue.splice(at, 1);
            reject(signal.reason);
          },
        };
        if (signal.aborted) return reject(signal.reason);
        signal.once('abort', waiter.onAbort);
        queue.push(waiter);
      });
    },
  };
}
