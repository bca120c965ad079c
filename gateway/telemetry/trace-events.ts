/**
 * Trace events: what happens to one request, in order, as plain data. The request path publishes them on
 * the trace bus (trace-bus.ts); everything that watches requests — the live traces API, Prometheus metrics,
 * OpenTelemetry export — subscribes to the bus instead of reaching into the request path. Events carry no
 * bodies, headers or credentials; messages are already cleaned of secrets.
 */
import type { GatewayError } from '../core/errors.js';
import type { AttemptLogEntry } from '../routing/run-plan.js';
import type { RequestRecord } from '../store/types.js';

interface EventBase {
  /** The request id (`sbr_…`), also the `x-signalbox-request-id` header. */
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface ReceivedEvent extends EventBase {
  type: 'received';
  /** Inbound dialect / endpoint, e.g. `openai-chat`. */
  endpoint: string;
  clientKey: string | null;
  /** W3C trace context sent by the client, if any (validated shape, else null). */
  traceparent: string | null;
  tracestate: string | null;
  userAgent: string | null;
}

export interface PlannedAttemptSummary {
  model: string;
  provider: string;
  upstreamModel: string;
  score: number | null;
  why: string;
  timeoutMs: number;
}

export interface PlannedEvent extends EventBase {
  type: 'planned';
  requested: string;
  route: string | null;
  strategy: string;
  stream: boolean;
  attempts: PlannedAttemptSummary[];
  skipped: Array<{ model: string; provider: string | null; code: string; reason: string }>;
}

export interface AttemptStartedEvent extends EventBase {
  type: 'attempt-started';
  /** 1-based within the request (matches the attempt log's `n` of the same call). */
  n: number;
  model: string;
  provider: string;
  upstreamModel: string;
  timeoutMs: number;
}

export interface AttemptEndedEvent extends EventBase {
  type: 'attempt-ended';
  /** The attempt log entry: outcome, error kind, upstream status, latency, decision and why. */
  attempt: AttemptLogEntry;
}

export interface FirstByteEvent extends EventBase {
  type: 'first-byte';
  /** Since the request arrived. */
  ms: number;
  provider: string;
  upstreamModel: string;
}

export interface WarningsEvent extends EventBase {
  type: 'warnings';
  /** What translation changed or dropped (e.g. `cache_control` on a provider without caching). */
  warnings: string[];
}

export interface FinishedEvent extends EventBase {
  type: 'finished';
  /** The ledger row: status, tokens, cost, timings, attempts. */
  record: RequestRecord;
  /** Gateway time: the request's latency minus provider time and backoff waits between attempts. */
  overheadMs: number;
  warnings: string[];
  /** The failure, if it failed (message already cleaned). */
  error: { kind: GatewayError['kind']; message: string; code: string | null } | null;
}

export type TraceEvent = ReceivedEvent | PlannedEvent | AttemptStartedEvent | AttemptEndedEvent | FirstByteEvent | WarningsEvent | FinishedEvent;
export type TraceEventType = TraceEvent['type'];
