/**
 * Requests being served right now, so shutdown can wait for them and, after the grace period, end them
 * (streams get an in-band error event, waiting calls a 503) instead of cutting sockets.
 */
import type { GatewayError } from '../core/errors.js';

export interface InFlight {
  /** Registers a request; returns the function that unregisters it. */
  add(abort: (reason: GatewayError) => void): () => void;
  size(): number;
  abortAll(reason: GatewayError): void;
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>;
}

export function createInFlight(): InFlight {
  const active = new Set<(reason: GatewayError) => void>();
  let waiters: Array<() => void> = [];
  const settle = (): void => {
    if (active.size) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  return {
    add(abort) {
      active.add(abort);
      return () => {
        active.delete(abort);
        settle();
      };
    },
    size: () => active.size,
    abortAll(reason) {
      for (const abort of [...active]) abort(reason);
    },
    idle() {
      if (!active.size) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
