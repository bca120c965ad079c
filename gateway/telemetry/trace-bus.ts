/**
 * The trace bus: request-path code publishes trace events; subscribers (live SSE, metrics, OTLP export)
 * receive them synchronously and must be cheap — a subscriber that throws is reported once and never
 * breaks a request. The bus also keeps the most recent traces (events grouped by request id) in a bounded
 * ring, for `GET /admin/traces`.
 */
import type { FinishedEvent, TraceEvent } from './trace-events.js';

export interface Trace {
  id: string;
  /** In publication order (bounded per trace). */
  events: TraceEvent[];
  /** Set when the request ended. */
  finished: FinishedEvent | undefined;
}

export interface TraceBus {
  publish(event: TraceEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: TraceEvent) => void): () => void;
  /** Newest first. */
  recent(limit: number): Trace[];
  get(id: string): Trace | undefined;
  /** Number of live subscribers. */
  subscribers(): number;
}

export interface TraceBusOptions {
  /** Traces kept (default 1000). */
  capacity?: number;
  /** Events kept per trace (default 200; later ones are counted in the trace's last event only). */
  maxEventsPerTrace?: number;
  onListenerError?: (error: unknown) => void;
}

export function createTraceBus(options: TraceBusOptions = {}): TraceBus {
  const capacity = Math.max(1, options.capacity ?? 1000);
  const maxEvents = Math.max(2, options.maxEventsPerTrace ?? 200);
  const traces = new Map<string, Trace>();
  const listeners = new Set<(event: TraceEvent) => void>();
  let reportedListenerError = false;

  const traceOf = (id: string): Trace => {
    let trace = traces.get(id);
    if (!trace) {
      trace = { id, events: [], finished: undefined };
      traces.set(id, trace);
      // Map iteration order is insertion order: the first key is the oldest trace.
      if (traces.size > capacity) traces.delete(traces.keys().next().value as string);
    }
    return trace;
  };

  return {
    publish(event) {
      const trace = traceOf(event.id);
      if (event.type === 'finished') {
        trace.finished = event;
        trace.events.push(event);
      } else if (trace.events.length < maxEvents - 1) {
        trace.events.push(event);
      }
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          if (!reportedListenerError) {
            reportedListenerError = true;
            options.onListenerError?.(error);
          }
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recent(limit) {
      const out: Trace[] = [];
      const all = [...traces.values()];
      for (let i = all.length - 1; i >= 0 && out.length < limit; i--) out.push(all[i] as Trace);
      return out;
    },
    get: (id) => traces.get(id),
    subscribers: () => listeners.size,
  };
}
