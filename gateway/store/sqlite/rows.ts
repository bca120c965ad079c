/**
 * Rows of the `requests` and `attempts` tables, and the mapping between them and `RequestRecord` /
 * `AttemptLogEntry` (snake_case columns, 0/1 booleans, usage and cost flattened into nullable columns).
 */
import type { FinishReasonKind } from '../../core/response.js';
import type { AttemptLogEntry } from '../../routing/run-plan.js';
import type { RequestRecord } from '../types.js';

/** A `requests` row as read back (`SELECT *`). */
export interface Row {
  id: string;
  started_at: number;
  client_key: string | null;
  endpoint: string;
  model: string;
  route: string | null;
  provider: string | null;
  upstream_model: string | null;
  stream: number;
  status: RequestRecord['status'];
  http_status: number;
  error_kind: string | null;
  attempts: number;
  latency_ms: number;
  first_byte_ms: number | null;
  upstream_ms: number | null;
  input_uncached: number | null;
  input_cache_read: number | null;
  input_cache_write: number | null;
  output_text: number | null;
  output_reasoning: number | null;
  usage_estimated: number;
  cost_input: number | null;
  cost_cache_read: number | null;
  cost_cache_write: number | null;
  cost_output: number | null;
  cost_total: number | null;
  finish_reasons: string | null;
}

/** An `attempts` row as read back (`SELECT *`). */
export interface AttemptRow {
  seq: number;
  model: string;
  provider: string;
  upstream_model: string;
  started_at: number;
  latency_ms: number;
  outcome: AttemptLogEntry['outcome'];
  error_kind: string | null;
  upstream_status: number | null;
  decision: AttemptLogEntry['decision'];
  why: string | null;
  wait_ms: number | null;
}

export function fromAttemptRow(row: AttemptRow): AttemptLogEntry {
  return {
    n: row.seq,
    model: row.model,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    startedAt: row.started_at,
    latencyMs: row.latency_ms,
    outcome: row.outcome,
    errorKind: row.error_kind,
    upstreamStatus: row.upstream_status,
    message: null,
    decision: row.decision,
    why: row.why,
    waitMs: row.wait_ms,
  };
}

const FINISH_REASONS: ReadonlySet<string> = new Set<FinishReasonKind>(['stop', 'length', 'tool-calls', 'content-filter', 'other']);

/** The stored comma list back to kinds; anything unknown (a hand-edited row) reads as `other`. */
function finishReasonsOf(stored: string | null): FinishReasonKind[] {
  if (!stored) return [];
  return stored.split(',').map((reason) => (FINISH_REASONS.has(reason) ? (reason as FinishReasonKind) : 'other'));
}

export function fromRow(row: Row, attemptLog: AttemptLogEntry[] = []): RequestRecord {
  return {
    id: row.id,
    startedAt: row.started_at,
    clientKey: row.client_key,
    endpoint: row.endpoint,
    model: row.model,
    route: row.route,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    stream: row.stream === 1,
    status: row.status,
    httpStatus: row.http_status,
    errorKind: row.error_kind,
    attempts: row.attempts,
    latencyMs: row.latency_ms,
    firstByteMs: row.first_byte_ms,
    upstreamMs: row.upstream_ms,
    usage:
      row.input_uncached === null
        ? null
        : {
            inputUncached: row.input_uncached,
            inputCacheRead: row.input_cache_read ?? 0,
            inputCacheWrite: row.input_cache_write ?? 0,
            outputText: row.output_text ?? 0,
            outputReasoning: row.output_reasoning ?? 0,
          },
    usageEstimated: row.usage_estimated === 1,
    cost:
      row.cost_total === null
        ? null
        : {
            inputMicros: row.cost_input ?? 0,
            cacheReadMicros: row.cost_cache_read ?? 0,
            cacheWriteMicros: row.cost_cache_write ?? 0,
            outputMicros: row.cost_output ?? 0,
            totalMicros: row.cost_total,
          },
    attemptLog,
    finishReasons: finishReasonsOf(row.finish_reasons),
  };
}

/** Named parameters for the `requests` insert. */
export function toParams(row: RequestRecord): Record<string, string | number | null> {
  const usage = row.usage ?? null;
  const cost = row.cost ?? null;
  return {
    id: row.id,
    startedAt: row.startedAt,
    clientKey: row.clientKey ?? null,
    endpoint: row.endpoint,
    model: row.model,
    route: row.route ?? null,
    provider: row.provider ?? null,
    upstreamModel: row.upstreamModel ?? null,
    stream: row.stream ? 1 : 0,
    status: row.status,
    httpStatus: row.httpStatus,
    errorKind: row.errorKind ?? null,
    attempts: row.attempts,
    latencyMs: row.latencyMs,
    firstByteMs: row.firstByteMs ?? null,
    upstreamMs: row.upstreamMs ?? null,
    inputUncached: usage ? usage.inputUncached : null,
    inputCacheRead: usage ? usage.inputCacheRead : null,
    inputCacheWrite: usage ? usage.inputCacheWrite : null,
    outputText: usage ? usage.outputText : null,
    outputReasoning: usage ? usage.outputReasoning : null,
    usageEstimated: row.usageEstimated ? 1 : 0,
    costInput: cost ? cost.inputMicros : null,
    costCacheRead: cost ? cost.cacheReadMicros : null,
    costCacheWrite: cost ? cost.cacheWriteMicros : null,
    costOutput: cost ? cost.outputMicros : null,
    costTotal: cost ? cost.totalMicros : null,
    finishReasons: row.finishReasons?.length ? row.finishReasons.join(',') : null,
  };
}

/** Named parameters for the `attempts` insert. Provider messages are not stored: they can quote the request. */
export function toAttemptParams(requestId: string, attempt: AttemptLogEntry): Record<string, string | number | null> {
  return {
    requestId,
    n: attempt.n,
    model: attempt.model,
    provider: attempt.provider,
    upstreamModel: attempt.upstreamModel,
    startedAt: attempt.startedAt,
    latencyMs: attempt.latencyMs,
    outcome: attempt.outcome,
    errorKind: attempt.errorKind ?? null,
    upstreamStatus: attempt.upstreamStatus ?? null,
    decision: attempt.decision ?? null,
    why: attempt.why ?? null,
    waitMs: attempt.waitMs ?? null,
  };
}
