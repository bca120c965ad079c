/**
 * The live traces the UI holds: a bounded map of LiveTrace by request id, fed by the live stream, read by
 * React through useSyncExternalStore (the snapshot is a new array only when something changed).
 */
import { reduceTrace, type LiveTrace } from './live-trace';
import type { TraceEvent } from './trace-events';

export interface TraceStore {
  apply(event: TraceEvent): void;
  /** Newest first. */
  snapshot(): readonly LiveTrace[];
  get(id: string): LiveTrace | undefined;
  subscribe(listener: () => void): () => void;
}

/** Runs a callback soon; listeners are told at most once per frame however many events arrive. */
export type Scheduler = (callback: () => void) => void;

const nextFrame: Scheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') requestAnimationFrame(callback);
  else setTimeout(callback, 50);
};

export function createTraceStore(capacity = 2000, schedule: Scheduler = nextFrame): TraceStore {
  const traces = new Map<string, LiveTrace>();
  const listeners = new Set<() => void>();
  let cached: LiveTrace[] | null = [];
  let pending = false;
  const notify = () => {
    if (pending) return;
    pending = true;
    schedule(() => {
      pending = false;
      for (const listener of listeners) listener();
    });
  };

  return {
    apply(event) {
      const next = reduceTrace(traces.get(event.id), event);
      // Re-inserting keeps Map order = order of first sight; delete first only for new ids over capacity.
      traces.set(event.id, next);
      if (traces.size > capacity) traces.delete(traces.keys().next().value as string);
      cached = null;
      notify();
    },
    snapshot() {
      if (!cached) cached = [...traces.values()].sort((a, b) => b.startedAt - a.startedAt);
      return cached;
    },
    get: (id) => traces.get(id),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
