/**
 * One line of a request list, whether it came from the ledger (`/admin/requests`) or from the live stream
 * (possibly still running), and the merge of both: the live stream is newer, the ledger goes further back.
 */
import type { RequestRecord, RequestStatus } from '../api/types';
import type { LiveTrace } from '../live/live-trace';

export type RowStatus = RequestStatus | 'running';

export interface TraceRow {
  id: string;
  startedAt: number;
  endpoint: string | null;
  clientKey: string | null;
  model: string;
  route: string | null;
  provider: string | null;
  upstreamModel: string | null;
  stream: boolean | null;
  status: RowStatus;
  httpStatus: number | null;
  errorKind: string | null;
  attempts: number;
  latencyMs: number | null;
  firstByteMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costMicros: number | null;
  usageEstimated: boolean;
  warnings: number;
}

export function rowFromRecord(record: RequestRecord, warnings = 0): TraceRow {
  const usage = record.usage;
  return {
    id: record.id,
    startedAt: record.startedAt,
    endpoint: record.endpoint,
    clientKey: record.clientKey,
    model: record.model,
    route: record.route,
    provider: record.provider,
    upstreamModel: record.upstreamModel,
    stream: record.stream,
    status: record.status,
    httpStatus: record.httpStatus,
    errorKind: record.errorKind,
    attempts: record.attempts,
    latencyMs: record.latencyMs,
    firstByteMs: record.firstByteMs,
    inputTokens: usage ? usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite : null,
    outputTokens: usage ? usage.outputText + usage.outputReasoning : null,
    costMicros: record.cost?.totalMicros ?? null,
    usageEstimated: record.usageEstimated,
    warnings,
  };
}

export function rowFromLive(trace: LiveTrace): TraceRow {
  if (trace.record) return rowFromRecord(trace.record, trace.warnings.length);
  const last = trace.attempts[trace.attempts.length - 1];
  return {
    id: trace.id,
    startedAt: trace.startedAt,
    endpoint: trace.endpoint,
    clientKey: trace.clientKey,
    model: trace.model ?? '…',
    route: trace.route,
    provider: trace.current?.provider ?? last?.provider ?? null,
    upstreamModel: trace.current?.upstreamModel ?? last?.upstreamModel ?? null,
    stream: trace.stream,
    status: 'running',
    httpStatus: null,
    errorKind: null,
    attempts: Math.max(trace.attempts.length, trace.current?.n ?? 0),
    latencyMs: null,
    firstByteMs: trace.firstByteMs,
    inputTokens: null,
    outputTokens: null,
    costMicros: null,
    usageEstimated: false,
    warnings: trace.warnings.length,
  };
}

/** Live rows over ledger rows, one per id, newest first. */
export function mergeRows(live: readonly TraceRow[], ledger: readonly TraceRow[]): TraceRow[] {
  const byId = new Map<string, TraceRow>();
  for (const row of ledger) byId.set(row.id, row);
  for (const row of live) {
    const known = byId.get(row.id);
    // A finished ledger row wins over a live row that is still "running" (the finished event may be late).
    if (known && row.status === 'running') continue;
    byId.set(row.id, row);
  }
  return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
}
