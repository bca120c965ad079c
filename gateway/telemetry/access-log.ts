/**
 * The access log: one `request` line at info level per finished model request, from the trace bus's
 * `finished` event — what was asked, where it went, how it ended, how long it took, what it used. Built
 * from the ledger record only (never bodies, headers or keys: the client key appears by its name). At
 * debug level each upstream attempt adds an `attempt` line (outcome, error kind, upstream status, the
 * retry/fallback decision and why). Provider error messages are left out on purpose: they can quote the
 * prompt; the traces API and the UI show them.
 */
import type { LogFields, Logger } from './log.js';
import type { TraceBus } from './trace-bus.js';
import type { AttemptEndedEvent, FinishedEvent } from './trace-events.js';

export function accessLogFields(event: FinishedEvent): LogFields {
  const record = event.record;
  const usage = record.usage;
  return {
    id: record.id,
    endpoint: record.endpoint,
    model: record.model,
    route: record.route,
    provider: record.provider,
    upstreamModel: record.upstreamModel,
    stream: record.stream,
    status: record.status,
    httpStatus: record.httpStatus,
    errorKind: record.errorKind,
    errorCode: event.error?.code ?? null,
    attempts: record.attempts,
    latencyMs: record.latencyMs,
    firstByteMs: record.firstByteMs,
    overheadMs: event.overheadMs,
    inputTokens: usage ? usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite : null,
    cachedTokens: usage ? usage.inputCacheRead : null,
    outputTokens: usage ? usage.outputText + usage.outputReasoning : null,
    usageEstimated: usage ? record.usageEstimated : null,
    costUsd: record.cost ? record.cost.totalMicros / 1_000_000 : null,
    client: record.clientKey,
    warnings: event.warnings.length,
  };
}

export function attemptLogFields(event: AttemptEndedEvent): LogFields {
  const attempt = event.attempt;
  return {
    id: event.id,
    n: attempt.n,
    provider: attempt.provider,
    upstreamModel: attempt.upstreamModel,
    outcome: attempt.outcome,
    errorKind: attempt.errorKind,
    upstreamStatus: attempt.upstreamStatus,
    latencyMs: attempt.latencyMs,
    decision: attempt.decision,
    why: attempt.why,
    waitMs: attempt.waitMs,
  };
}

/** Subscribes the access log to the bus; returns the unsubscribe function. */
export function subscribeAccessLog(bus: TraceBus, log: Logger): () => void {
  return bus.subscribe((event) => {
    if (event.type === 'finished') log.info('request', accessLogFields(event));
    else if (event.type === 'attempt-ended') log.debug('attempt', attemptLogFields(event));
  });
}
