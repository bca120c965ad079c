/**
 * What the OpenTelemetry spans of one finished request say, as plain data (no SDK): one SERVER span for the
 * request, one CLIENT span per upstream call, named and attributed per the GenAI semantic conventions
 * (`{gen_ai.operation.name} {gen_ai.request.model}`, `gen_ai.provider.name`, usage, response model) plus
 * `signalbox.*` attributes (request id, route, client key name, cost, overhead, retry/fallback decisions).
 *
 * Built after the request ended, from its trace events: the attempt log entries are final by then (the
 * retry loop sets an entry's decision after publishing it). Never prompts, bodies, headers, keys or
 * provider error messages (which may echo a prompt): kinds, codes, counts, names and times only.
 */
import type { ResolvedProvider } from '../providers/registry.js';
import type { AttemptLogEntry } from '../routing/run-plan.js';
import type { RequestRecord } from '../store/types.js';
import { GEN_AI_SYSTEM, genAiOperation } from './metrics-labels.js';
import type { AttemptStartedEvent, FinishedEvent, FirstByteEvent, PlannedEvent, ReceivedEvent, TraceEvent, WarningsEvent } from './trace-events.js';

export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;

export interface SpanEventDraft {
  name: string;
  atMs: number;
  attributes: Attributes;
}

export interface SpanDraft {
  name: string;
  kind: 'server' | 'client';
  /** Milliseconds since the epoch. */
  startMs: number;
  endMs: number;
  attributes: Attributes;
  events: SpanEventDraft[];
  status: { code: 'unset' } | { code: 'error'; message: string };
}

export interface TraceDraft {
  /** The client's W3C trace context (validated shape), continued by the request span. */
  traceparent: string | null;
  tracestate: string | null;
  request: SpanDraft;
  /** Children of the request span, one per upstream call, in order. */
  attempts: SpanDraft[];
}

export interface ProviderInfo {
  /** `gen_ai.system` (the attribute's earlier name, still what many backends group by). */
  system: string;
  /** `gen_ai.provider.name`. */
  providerName: string;
  /** `server.address` / `server.port` of the provider's base URL. */
  address: string | undefined;
  port: number | undefined;
}

export function providerInfo(provider: Pick<ResolvedProvider, 'type' | 'baseUrl'>): ProviderInfo {
  let address: string | undefined;
  let port: number | undefined;
  try {
    const url = new URL(provider.baseUrl);
    address = url.hostname.replace(/^\[|\]$/g, '');
    port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  } catch {
    // A base URL that does not parse never reached a provider either.
  }
  // The same values as the Prometheus `gen_ai_system` label; `gen_ai.provider.name` renamed one of them.
  const system = GEN_AI_SYSTEM[provider.type] ?? provider.type;
  return { system, providerName: system === 'xai' ? 'x_ai' : system, address, port };
}

/** `gen_ai.operation.name` of an inbound endpoint (as the metrics label it). */
export const operationName = genAiOperation;

const MAX_WARNINGS = 32;
const MAX_TEXT = 512;
const clip = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

function usageAttributes(record: RequestRecord, into: Attributes): void {
  const usage = record.usage;
  if (!usage) return;
  into['gen_ai.usage.input_tokens'] = usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite;
  into['gen_ai.usage.output_tokens'] = usage.outputText + usage.outputReasoning;
  if (usage.inputCacheRead) into['gen_ai.usage.cache_read.input_tokens'] = usage.inputCacheRead;
  if (usage.inputCacheWrite) into['gen_ai.usage.cache_creation.input_tokens'] = usage.inputCacheWrite;
  if (usage.outputReasoning) into['gen_ai.usage.reasoning.output_tokens'] = usage.outputReasoning;
  into['signalbox.usage_estimated'] = record.usageEstimated;
}

/** OpenAI-style spellings (`tool_calls`), the common vocabulary of `gen_ai.response.finish_reasons`. */
const finishReasonAttribute = (reasons: readonly string[]): string[] => reasons.map((reason) => reason.replace('-', '_'));

function providerAttributes(info: ProviderInfo | undefined, into: Attributes): void {
  if (!info) return;
  into['gen_ai.provider.name'] = info.providerName;
  into['gen_ai.system'] = info.system;
}

function attemptSpan(
  attempt: AttemptLogEntry,
  operation: string,
  record: RequestRecord,
  finished: FinishedEvent,
  started: AttemptStartedEvent | undefined,
  info: ProviderInfo | undefined,
): SpanDraft {
  const answered = attempt.outcome === 'ok';
  const attributes: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.request.model': attempt.upstreamModel,
  };
  providerAttributes(info, attributes);
  if (info?.address) attributes['server.address'] = info.address;
  if (info?.port) attributes['server.port'] = info.port;
  attributes['signalbox.provider'] = attempt.provider;
  attributes['signalbox.model'] = attempt.model;
  attributes['signalbox.attempt'] = attempt.n;
  if (started) attributes['signalbox.attempt.timeout_ms'] = started.timeoutMs;
  if (attempt.upstreamStatus !== null) attributes['http.response.status_code'] = attempt.upstreamStatus;
  if (attempt.decision) attributes['signalbox.attempt.decision'] = attempt.decision;
  if (attempt.why) attributes['signalbox.attempt.why'] = clip(attempt.why);
  if (attempt.waitMs !== null) attributes['signalbox.attempt.wait_ms'] = attempt.waitMs;
  let status: SpanDraft['status'] = { code: 'unset' };
  if (answered) {
    attributes['gen_ai.response.model'] = attempt.upstreamModel;
    if (record.finishReasons.length) attributes['gen_ai.response.finish_reasons'] = finishReasonAttribute(record.finishReasons);
    attributes['signalbox.attempt.first_byte_ms'] = attempt.latencyMs;
    usageAttributes(record, attributes);
    // The answering call lasts until the request ends (a stream keeps it open); a failure after the first
    // byte (mid-stream) is this call's failure.
    if (record.status === 'error' && record.errorKind) {
      attributes['error.type'] = record.errorKind;
      status = { code: 'error', message: record.errorKind };
    } else if (record.status === 'cancelled') {
      attributes['signalbox.cancelled'] = true;
    }
  } else if (attempt.errorKind) {
    attributes['error.type'] = attempt.errorKind;
    if (attempt.errorKind === 'client_cancelled') attributes['signalbox.cancelled'] = true;
    else status = { code: 'error', message: attempt.errorKind };
  }
  const startMs = attempt.startedAt;
  const endMs = answered ? finished.at : attempt.startedAt + attempt.latencyMs;
  return {
    name: `${operation} ${attempt.upstreamModel}`,
    kind: 'client',
    startMs,
    endMs: Math.max(startMs, endMs),
    attributes,
    events: [],
    status,
  };
}

/** The spans of one request from its trace events (in publication order); undefined until it finished. */
export function draftTrace(events: readonly TraceEvent[], provider: (id: string) => ProviderInfo | undefined): TraceDraft | undefined {
  let received: ReceivedEvent | undefined;
  let planned: PlannedEvent | undefined;
  let finished: FinishedEvent | undefined;
  let firstByte: FirstByteEvent | undefined;
  const warnings: WarningsEvent[] = [];
  const started = new Map<number, AttemptStartedEvent>();
  for (const event of events) {
    if (event.type === 'received') received = event;
    else if (event.type === 'planned') planned = event;
    else if (event.type === 'finished') finished = event;
    else if (event.type === 'first-byte') firstByte = event;
    else if (event.type === 'warnings') warnings.push(event);
    else if (event.type === 'attempt-started') started.set(event.n, event);
  }
  if (!finished) return undefined;
  const record = finished.record;
  const operation = operationName(record.endpoint);
  const requested = record.model || planned?.requested || '';
  const startMs = received?.at ?? record.startedAt;
  const info = record.provider ? provider(record.provider) : undefined;
  const answered = record.attemptLog.some((attempt) => attempt.outcome === 'ok');

  const attributes: Attributes = { 'gen_ai.operation.name': operation };
  if (requested) attributes['gen_ai.request.model'] = requested;
  providerAttributes(info, attributes);
  if (answered && record.upstreamModel) attributes['gen_ai.response.model'] = record.upstreamModel;
  if (record.finishReasons.length) attributes['gen_ai.response.finish_reasons'] = finishReasonAttribute(record.finishReasons);
  if (operation === 'chat') attributes['gen_ai.request.stream'] = record.stream;
  usageAttributes(record, attributes);
  if (record.stream && record.firstByteMs !== null && answered) attributes['gen_ai.response.time_to_first_chunk'] = record.firstByteMs / 1000;
  attributes['http.response.status_code'] = record.httpStatus;
  attributes['signalbox.request_id'] = record.id;
  attributes['signalbox.endpoint'] = record.endpoint;
  if (record.route) attributes['signalbox.route'] = record.route;
  if (planned) attributes['signalbox.route.strategy'] = planned.strategy;
  if (record.clientKey) attributes['signalbox.client_key'] = record.clientKey;
  if (record.provider) attributes['signalbox.provider'] = record.provider;
  attributes['signalbox.status'] = record.status;
  attributes['signalbox.attempts'] = record.attemptLog.filter((attempt) => attempt.outcome !== 'skipped').length;
  if (record.cost) attributes['signalbox.cost_usd'] = record.cost.totalMicros / 1_000_000;
  attributes['signalbox.overhead_ms'] = finished.overheadMs;
  if (record.upstreamMs !== null) attributes['signalbox.upstream_ms'] = record.upstreamMs;
  if (record.firstByteMs !== null) attributes['signalbox.first_byte_ms'] = record.firstByteMs;
  if (finished.warnings.length) attributes['signalbox.warning_count'] = finished.warnings.length;

  let status: SpanDraft['status'] = { code: 'unset' };
  if (record.status === 'error') {
    const kind = record.errorKind ?? finished.error?.kind ?? 'internal';
    attributes['error.type'] = kind;
    if (finished.error?.code) attributes['signalbox.error.code'] = finished.error.code;
    status = { code: 'error', message: kind };
  } else if (record.status === 'cancelled') {
    // The client went away: marked, but not a gateway error.
    attributes['error.type'] = record.errorKind ?? 'client_cancelled';
    attributes['signalbox.cancelled'] = true;
  }

  const spanEvents: SpanEventDraft[] = [];
  for (const skip of planned?.skipped ?? []) {
    spanEvents.push({
      name: 'signalbox.route.skipped',
      atMs: planned?.at ?? startMs,
      attributes: { 'signalbox.model': skip.model, ...(skip.provider ? { 'signalbox.provider': skip.provider } : {}), 'signalbox.skip.code': skip.code, 'signalbox.skip.reason': clip(skip.reason) },
    });
  }
  for (const attempt of record.attemptLog) {
    if (attempt.outcome !== 'skipped') continue;
    spanEvents.push({
      name: 'signalbox.attempt.skipped',
      atMs: attempt.startedAt,
      attributes: { 'signalbox.model': attempt.model, 'signalbox.provider': attempt.provider, 'signalbox.attempt.why': clip(attempt.message ?? attempt.why ?? '') },
    });
  }
  if (firstByte) {
    spanEvents.push({ name: 'signalbox.first_byte', atMs: firstByte.at, attributes: { 'signalbox.first_byte_ms': firstByte.ms, 'signalbox.provider': firstByte.provider } });
  }
  for (const warning of warnings) {
    spanEvents.push({ name: 'signalbox.translation_warnings', atMs: warning.at, attributes: { 'signalbox.warnings': warning.warnings.slice(0, MAX_WARNINGS).map(clip) } });
  }
  spanEvents.sort((a, b) => a.atMs - b.atMs);

  const attempts = record.attemptLog
    .filter((attempt) => attempt.outcome !== 'skipped')
    .map((attempt) => attemptSpan(attempt, operation, record, finished, started.get(attempt.n), provider(attempt.provider)));

  return {
    traceparent: received?.traceparent ?? null,
    tracestate: received?.tracestate ?? null,
    request: {
      name: requested ? `${operation} ${requested}` : operation,
      kind: 'server',
      startMs,
      endMs: Math.max(startMs, finished.at),
      attributes,
      events: spanEvents,
      status,
    },
    attempts,
  };
}
