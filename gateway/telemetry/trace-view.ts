/**
 * What the admin API shows of a trace, computed from its events (pure): a summary per request for
 * `GET /admin/traces` (where it went, status, timings, usage, cost, attempts, warnings — in-flight requests
 * included) and the full detail for `GET /admin/traces/:id` (every event, the plan with its candidates and
 * skips, each attempt with its latency phases). A request no longer in the ring is summarised from its
 * ledger row instead (no events, no warnings).
 */
import { usdString } from '../accounting/cost.js';
import type { Usage } from '../core/usage.js';
import type { AttemptLogEntry } from '../routing/run-plan.js';
import type { Cost, RequestRecord } from '../store/types.js';
import type { Trace } from './trace-bus.js';
import type { AttemptStartedEvent, FinishedEvent, FirstByteEvent, PlannedEvent, ReceivedEvent, TraceEvent } from './trace-events.js';

export type TraceStatus = 'ok' | 'error' | 'cancelled' | 'in_flight';

export interface TraceAttempt {
  n: number;
  model: string;
  provider: string;
  upstreamModel: string;
  /** `in_flight` while the attempt has started and not ended. */
  outcome: AttemptLogEntry['outcome'] | 'in_flight';
  startedAt: number;
  /** Time allowed until the first byte (null for skips and ledger rows). */
  timeoutMs: number | null;
  /** Until the first byte (ok) or the failure; null while in flight. */
  latencyMs: number | null;
  errorKind: string | null;
  upstreamStatus: number | null;
  message: string | null;
  decision: AttemptLogEntry['decision'];
  why: string | null;
  /** Latency phases: waiting for a provider slot, then the provider until its first byte or failure, then backoff before the next attempt. */
  phases: { queueMs: number | null; upstreamMs: number | null; backoffMs: number | null };
}

export interface TraceSummary {
  id: string;
  /** Where the summary came from: the in-memory ring (events) or the ledger (the request left the ring). */
  source: 'ring' | 'ledger';
  startedAt: number;
  endpoint: string | null;
  client: string | null;
  userAgent: string | null;
  /** The model the client asked for (a route name, `provider/model`, or a bare model). */
  model: string | null;
  route: string | null;
  strategy: string | null;
  stream: boolean | null;
  /** Who answered (or, after a failure, the last target tried). */
  provider: string | null;
  upstreamModel: string | null;
  status: TraceStatus;
  httpStatus: number | null;
  errorKind: string | null;
  error: string | null;
  /** Null while in flight (see `elapsedMs`). */
  latencyMs: number | null;
  elapsedMs: number;
  firstByteMs: number | null;
  upstreamMs: number | null;
  overheadMs: number | null;
  usage: Usage | null;
  usageEstimated: boolean;
  cost: Cost | null;
  /** The cost in USD; null when unknown (no price) or nothing was used yet. */
  costUsd: string | null;
  attempts: TraceAttempt[];
  warnings: string[];
}

export interface TraceDetail {
  summary: TraceSummary;
  /** Every event, in publication order, with its offset from the request's arrival. */
  events: Array<TraceEvent & { offsetMs: number }>;
  plan: Omit<PlannedEvent, 'type' | 'id' | 'at'> | null;
  firstByte: Omit<FirstByteEvent, 'type' | 'id'> | null;
  timings: {
    /** Arrival to the first upstream attempt (decode, admission, planning). */
    beforeUpstreamMs: number | null;
    firstByteMs: number | null;
    /** First byte to the end (streams). */
    streamMs: number | null;
    upstreamMs: number | null;
    overheadMs: number | null;
    latencyMs: number | null;
  };
}

export interface TraceFilter {
  status?: TraceStatus;
  /** Requested model, or the model that answered (`upstreamModel` or `provider/upstreamModel`). */
  model?: string;
  provider?: string;
  route?: string;
  client?: string;
  since?: number;
}

const costUsd = (cost: Cost | null): string | null => (cost ? usdString(cost.totalMicros) : null);

function fromLog(entry: AttemptLogEntry, started: AttemptStartedEvent | undefined): TraceAttempt {
  const queueMs = started && entry.outcome !== 'skipped' ? Math.max(0, started.at - entry.startedAt) : null;
  return {
    n: entry.n,
    model: entry.model,
    provider: entry.provider,
    upstreamModel: entry.upstreamModel,
    outcome: entry.outcome,
    startedAt: entry.startedAt,
    timeoutMs: started?.timeoutMs ?? null,
    latencyMs: entry.outcome === 'skipped' ? null : entry.latencyMs,
    errorKind: entry.errorKind,
    upstreamStatus: entry.upstreamStatus,
    message: entry.message,
    decision: entry.decision,
    why: entry.why,
    phases: {
      queueMs,
      upstreamMs: entry.outcome === 'skipped' ? null : Math.max(0, entry.latencyMs - (queueMs ?? 0)),
      backoffMs: entry.waitMs,
    },
  };
}

function inFlightAttempt(started: AttemptStartedEvent): TraceAttempt {
  return {
    n: started.n,
    model: started.model,
    provider: started.provider,
    upstreamModel: started.upstreamModel,
    outcome: 'in_flight',
    startedAt: started.at,
    timeoutMs: started.timeoutMs,
    latencyMs: null,
    errorKind: null,
    upstreamStatus: null,
    message: null,
    decision: null,
    why: null,
    phases: { queueMs: null, upstreamMs: null, backoffMs: null },
  };
}

interface Folded {
  received: ReceivedEvent | undefined;
  planned: PlannedEvent | undefined;
  firstByte: FirstByteEvent | undefined;
  finished: FinishedEvent | undefined;
  started: Map<number, AttemptStartedEvent>;
  ended: AttemptLogEntry[];
  warnings: string[];
}

function fold(trace: Trace): Folded {
  const folded: Folded = { received: undefined, planned: undefined, firstByte: undefined, finished: trace.finished, started: new Map(), ended: [], warnings: [] };
  for (const event of trace.events) {
    switch (event.type) {
      case 'received':
        folded.received = event;
        break;
      case 'planned':
        folded.planned = event;
        break;
      case 'attempt-started':
        folded.started.set(event.n, event);
        break;
      case 'attempt-ended':
        folded.ended.push(event.attempt);
        break;
      case 'first-byte':
        folded.firstByte = event;
        break;
      case 'warnings':
        folded.warnings.push(...event.warnings);
        break;
      case 'finished':
        break;
    }
  }
  return folded;
}

function attemptsOf(folded: Folded): TraceAttempt[] {
  // The finished record holds the complete log (events may have been capped); else the ended events.
  const log = folded.finished?.record.attemptLog ?? folded.ended;
  const attempts = log.map((entry) => fromLog(entry, folded.started.get(entry.n)));
  const ended = new Set(log.map((entry) => entry.n));
  if (!folded.finished) {
    for (const started of folded.started.values()) if (!ended.has(started.n)) attempts.push(inFlightAttempt(started));
  }
  return attempts.sort((a, b) => a.n - b.n);
}

/** A summary from the ring's events; `now` gives in-flight requests their elapsed time. */
export function summarizeTrace(trace: Trace, now: number): TraceSummary {
  const folded = fold(trace);
  const { received, planned, firstByte, finished } = folded;
  const record = finished?.record;
  const startedAt = record?.startedAt ?? received?.at ?? trace.events[0]?.at ?? now;
  const attempts = attemptsOf(folded);
  const last = attempts[attempts.length - 1];
  return {
    id: trace.id,
    source: 'ring',
    startedAt,
    endpoint: record?.endpoint ?? received?.endpoint ?? null,
    client: record?.clientKey ?? received?.clientKey ?? null,
    userAgent: received?.userAgent ?? null,
    model: record?.model || planned?.requested || null,
    route: record?.route ?? planned?.route ?? null,
    strategy: planned?.strategy ?? null,
    stream: record?.stream ?? planned?.stream ?? null,
    provider: record?.provider ?? firstByte?.provider ?? last?.provider ?? null,
    upstreamModel: record?.upstreamModel ?? firstByte?.upstreamModel ?? last?.upstreamModel ?? null,
    status: record?.status ?? 'in_flight',
    httpStatus: record?.httpStatus ?? null,
    errorKind: record?.errorKind ?? null,
    error: finished?.error?.message ?? null,
    latencyMs: record?.latencyMs ?? null,
    elapsedMs: record?.latencyMs ?? Math.max(0, now - startedAt),
    firstByteMs: record?.firstByteMs ?? firstByte?.ms ?? null,
    upstreamMs: record?.upstreamMs ?? null,
    overheadMs: finished?.overheadMs ?? null,
    usage: record?.usage ?? null,
    usageEstimated: record?.usageEstimated ?? false,
    cost: record?.cost ?? null,
    costUsd: costUsd(record?.cost ?? null),
    attempts,
    warnings: finished?.warnings ? [...finished.warnings] : folded.warnings,
  };
}

/** A summary from a ledger row (the request has left the ring): no events, no warnings. */
export function summarizeRecord(record: RequestRecord): TraceSummary {
  return {
    id: record.id,
    source: 'ledger',
    startedAt: record.startedAt,
    endpoint: record.endpoint,
    client: record.clientKey,
    userAgent: null,
    model: record.model || null,
    route: record.route,
    strategy: null,
    stream: record.stream,
    provider: record.provider,
    upstreamModel: record.upstreamModel,
    status: record.status,
    httpStatus: record.httpStatus,
    errorKind: record.errorKind,
    error: null,
    latencyMs: record.latencyMs,
    elapsedMs: record.latencyMs,
    firstByteMs: record.firstByteMs,
    upstreamMs: record.upstreamMs,
    overheadMs: record.upstreamMs === null ? null : Math.max(0, record.latencyMs - record.upstreamMs),
    usage: record.usage,
    usageEstimated: record.usageEstimated,
    cost: record.cost,
    costUsd: costUsd(record.cost),
    attempts: record.attemptLog.map((entry) => fromLog(entry, undefined)),
    warnings: [],
  };
}

export function traceDetail(trace: Trace, now: number): TraceDetail {
  const summary = summarizeTrace(trace, now);
  const folded = fold(trace);
  const { planned, firstByte, finished } = folded;
  const firstStart = [...folded.started.values()].sort((a, b) => a.n - b.n)[0];
  const plan = planned ? { requested: planned.requested, route: planned.route, strategy: planned.strategy, stream: planned.stream, attempts: planned.attempts, skipped: planned.skipped } : null;
  return {
    summary,
    events: trace.events.map((event) => ({ ...event, offsetMs: event.at - summary.startedAt })),
    plan,
    firstByte: firstByte ? { at: firstByte.at, ms: firstByte.ms, provider: firstByte.provider, upstreamModel: firstByte.upstreamModel } : null,
    timings: {
      beforeUpstreamMs: firstStart ? Math.max(0, firstStart.at - summary.startedAt) : null,
      firstByteMs: summary.firstByteMs,
      streamMs: finished && firstByte && summary.stream ? Math.max(0, finished.at - firstByte.at) : null,
      upstreamMs: summary.upstreamMs,
      overheadMs: summary.overheadMs,
      latencyMs: summary.latencyMs,
    },
  };
}

export function matchesFilter(summary: TraceSummary, filter: TraceFilter): boolean {
  if (filter.status !== undefined && summary.status !== filter.status) return false;
  if (filter.provider !== undefined && summary.provider !== filter.provider) return false;
  if (filter.route !== undefined && summary.route !== filter.route) return false;
  if (filter.client !== undefined && summary.client !== filter.client) return false;
  if (filter.since !== undefined && summary.startedAt < filter.since) return false;
  if (filter.model !== undefined) {
    const model = filter.model;
    const answered = summary.upstreamModel !== null && (summary.upstreamModel === model || `${summary.provider ?? ''}/${summary.upstreamModel}` === model);
    if (summary.model !== model && !answered) return false;
  }
  return true;
}
