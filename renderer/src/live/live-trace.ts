/**
 * One request as the live stream tells it, folded from its trace events (a pure reducer): what is known
 * while it runs (endpoint, model, the attempt in progress, first byte) and, once finished, the ledger
 * record with warnings and gateway overhead.
 */
import type { AttemptLogEntry, RequestRecord } from '../api/types';
import type { TraceEvent } from './trace-events';

export interface LiveTrace {
  id: string;
  startedAt: number;
  endpoint: string | null;
  clientKey: string | null;
  model: string | null;
  route: string | null;
  stream: boolean | null;
  /** The attempt in flight (started, not ended yet). */
  current: { n: number; provider: string; upstreamModel: string; startedAt: number } | null;
  attempts: AttemptLogEntry[];
  firstByteMs: number | null;
  warnings: string[];
  planned: Array<{ model: string; provider: string; upstreamModel: string; why: string }>;
  skipped: Array<{ model: string; provider: string | null; code: string; reason: string }>;
  record: RequestRecord | null;
  overheadMs: number | null;
  error: { kind: string; message: string; code: string | null } | null;
}

export function emptyTrace(id: string, at: number): LiveTrace {
  return {
    id,
    startedAt: at,
    endpoint: null,
    clientKey: null,
    model: null,
    route: null,
    stream: null,
    current: null,
    attempts: [],
    firstByteMs: null,
    warnings: [],
    planned: [],
    skipped: [],
    record: null,
    overheadMs: null,
    error: null,
  };
}

const uniq = (values: string[]): string[] => [...new Set(values)];

/** The trace after one more event (a new object; the input is not changed). */
export function reduceTrace(previous: LiveTrace | undefined, event: TraceEvent): LiveTrace {
  const trace = previous ? { ...previous } : emptyTrace(event.id, event.at);
  switch (event.type) {
    case 'received':
      return { ...trace, startedAt: event.at, endpoint: event.endpoint, clientKey: event.clientKey };
    case 'planned':
      return {
        ...trace,
        model: event.requested,
        route: event.route,
        stream: event.stream,
        planned: event.attempts.map(({ model, provider, upstreamModel, why }) => ({ model, provider, upstreamModel, why })),
        skipped: event.skipped,
      };
    case 'attempt-started':
      return { ...trace, current: { n: event.n, provider: event.provider, upstreamModel: event.upstreamModel, startedAt: event.at } };
    case 'attempt-ended': {
      const attempts = [...trace.attempts.filter((attempt) => attempt.n !== event.attempt.n), event.attempt].sort((a, b) => a.n - b.n);
      return { ...trace, attempts, current: trace.current?.n === event.attempt.n ? null : trace.current };
    }
    case 'first-byte':
      return { ...trace, firstByteMs: event.ms };
    case 'warnings':
      return { ...trace, warnings: uniq([...trace.warnings, ...event.warnings]) };
    case 'finished':
      return {
        ...trace,
        startedAt: event.record.startedAt,
        endpoint: event.record.endpoint,
        clientKey: event.record.clientKey,
        model: event.record.model,
        route: event.record.route,
        stream: event.record.stream,
        current: null,
        attempts: event.record.attemptLog.length ? event.record.attemptLog : trace.attempts,
        firstByteMs: event.record.firstByteMs ?? trace.firstByteMs,
        warnings: uniq([...trace.warnings, ...event.warnings]),
        record: event.record,
        overheadMs: event.overheadMs,
        error: event.error,
      };
  }
}
