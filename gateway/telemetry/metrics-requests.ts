/**
 * The request metrics, fed by trace events (never by the request path): one `finished` event updates the
 * request counters and histograms from its ledger record — status, timings, usage, cost and the attempt
 * log (retries, fallbacks) — and a `planned` event counts the targets planning skipped. Names follow
 * Prometheus conventions (base units, `_total` counters) and, where one exists, the OpenTelemetry GenAI
 * semantic conventions (`gen_ai.client.operation.duration`, `gen_ai.client.token.usage`, with their
 * advisory buckets). Every metric is listed in README.md ("Metrics").
 */
import type { Registry } from 'prom-client';
import { counterFamily, histogramFamily, type FamilyOptions } from './metrics-family.js';
import { clip, genAiOperation } from './metrics-labels.js';
import type { FinishedEvent, PlannedEvent } from './trace-events.js';

/** Whole requests: from a fraction of a second (embeddings, cache hits) to long agentic answers. */
export const REQUEST_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300, 600];
/** Time to the first token (or whole answer, non-streamed). */
export const FIRST_TOKEN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60, 120];
/** The gateway's own time: 0.1 ms to 1 s. */
export const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** Advisory buckets of gen_ai.client.operation.duration (seconds). */
const GEN_AI_DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** Advisory buckets of gen_ai.client.token.usage (tokens). */
const GEN_AI_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** Labels that can carry client-chosen values; folded to `other` beyond the series cap. */
const OPEN_LABELS = ['model', 'gen_ai_request_model', 'gen_ai_response_model'];

const TOKEN_KINDS = [
  ['inputUncached', 'input_uncached'],
  ['inputCacheRead', 'input_cache_read'],
  ['inputCacheWrite', 'input_cache_write'],
  ['outputText', 'output_text'],
  ['outputReasoning', 'output_reasoning'],
] as const;

export interface RequestMetrics {
  finished(event: FinishedEvent): void;
  planned(event: PlannedEvent): void;
}

export interface RequestMetricsOptions {
  maxSeries: number;
  /** `gen_ai.system` of a provider id (from its type). */
  systemOf: (provider: string) => string;
}

export function createRequestMetrics(registry: Registry, options: RequestMetricsOptions): RequestMetrics {
  const folded = counterFamily(registry, {
    name: 'signalbox_metrics_series_folded_total',
    help: 'Observations recorded with model labels "other" because their metric had reached its series cap.',
    labelNames: ['metric'],
    maxSeries: Number.MAX_SAFE_INTEGER,
  });
  const family = (name: string, help: string, labelNames: readonly string[]): FamilyOptions => ({
    name,
    help,
    labelNames,
    open: OPEN_LABELS,
    maxSeries: options.maxSeries,
    onFold: () => folded.inc([name]),
  });
  const counter = (name: string, help: string, labelNames: readonly string[]) => counterFamily(registry, family(name, help, labelNames));
  const histogram = (name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) =>
    histogramFamily(registry, { ...family(name, help, labelNames), buckets });

  const genAiDuration = histogram(
    'gen_ai_client_operation_duration_seconds',
    'GenAI operation duration (OpenTelemetry GenAI semantic conventions), per request that reached a provider.',
    ['gen_ai_operation_name', 'gen_ai_system', 'gen_ai_request_model', 'gen_ai_response_model', 'error_type'],
    GEN_AI_DURATION_BUCKETS,
  );
  const genAiTokens = histogram(
    'gen_ai_client_token_usage',
    'Tokens used per request (OpenTelemetry GenAI semantic conventions), by gen_ai_token_type input or output.',
    ['gen_ai_operation_name', 'gen_ai_system', 'gen_ai_request_model', 'gen_ai_response_model', 'gen_ai_token_type'],
    GEN_AI_TOKEN_BUCKETS,
  );
  const requests = counter('signalbox_requests_total', 'Requests served, by inbound dialect, route, provider, upstream model, status, HTTP code and error kind.', [
    'dialect',
    'route',
    'provider',
    'model',
    'status',
    'code',
    'error_kind',
  ]);
  const duration = histogram(
    'signalbox_request_duration_seconds',
    'Whole request duration, retries and fallbacks included.',
    ['dialect', 'route', 'provider', 'model', 'status', 'stream'],
    REQUEST_BUCKETS,
  );
  const firstToken = histogram(
    'signalbox_time_to_first_token_seconds',
    'Time from arrival to the first token sent (streams) or to the whole answer (non-streamed).',
    ['dialect', 'route', 'provider', 'model', 'stream'],
    FIRST_TOKEN_BUCKETS,
  );
  const overhead = histogram('signalbox_gateway_overhead_seconds', 'Time spent in the gateway itself, provider time excluded.', ['dialect', 'provider'], OVERHEAD_BUCKETS);
  const attempts = counter('signalbox_upstream_attempts_total', 'Upstream attempts, by outcome (ok, error, skipped) and error kind.', ['provider', 'model', 'outcome', 'error_kind']);
  const retries = counter('signalbox_upstream_retries_total', 'Failed attempts retried on the same target.', ['provider', 'model', 'error_kind']);
  const fallbacks = counter('signalbox_upstream_fallbacks_total', 'Attempts after which the request fell back to the next target (reason: error kind, or skipped).', [
    'provider',
    'model',
    'reason',
  ]);
  const skipped = counter('signalbox_targets_skipped_total', 'Route targets skipped when planning (circuit open, missing capability, unavailable…).', ['provider', 'reason']);
  const tokens = counter('signalbox_tokens_total', 'Tokens by kind: input_uncached, input_cache_read, input_cache_write, output_text, output_reasoning.', [
    'provider',
    'model',
    'kind',
  ]);
  const cost = counter('signalbox_cost_usd_total', 'Known cost in USD (requests with an unknown price are counted in signalbox_unpriced_requests_total).', ['provider', 'model']);
  const unpriced = counter('signalbox_unpriced_requests_total', 'Requests with usage but no known price.', ['provider', 'model']);
  const estimated = counter('signalbox_estimated_usage_requests_total', 'Requests whose usage was estimated with a tokenizer (the provider reported none).', ['provider', 'model']);
  const noUsage = counter('signalbox_requests_without_usage_total', 'Requests answered by a provider (status ok) with no usage recorded.', ['provider', 'model']);
  const warnings = counter('signalbox_translation_warnings_total', 'Translation warnings (what a target could not express and was dropped).', ['dialect', 'provider']);

  return {
    finished({ record, overheadMs, warnings: warned }) {
      const dialect = record.endpoint;
      const route = record.route ?? '';
      const provider = record.provider ?? '';
      const model = record.upstreamModel === null ? '' : clip(record.upstreamModel);
      const stream = record.stream ? 'true' : 'false';
      const status = record.status;
      const errorKind = record.errorKind ?? '';
      requests.inc([dialect, route, provider, model, status, String(record.httpStatus), errorKind]);
      duration.observe([dialect, route, provider, model, status, stream], record.latencyMs / 1000);
      if (record.firstByteMs !== null) firstToken.observe([dialect, route, provider, model, stream], record.firstByteMs / 1000);
      overhead.observe([dialect, provider], overheadMs / 1000);
      if (warned.length) warnings.inc([dialect, provider], warned.length);

      for (const attempt of record.attemptLog) {
        const target = attempt.provider;
        const targetModel = clip(attempt.upstreamModel);
        const kind = attempt.errorKind ?? '';
        attempts.inc([target, targetModel, attempt.outcome, kind]);
        if (attempt.decision === 'retry') retries.inc([target, targetModel, kind]);
        else if (attempt.decision === 'fallback') fallbacks.inc([target, targetModel, attempt.errorKind ?? attempt.outcome]);
      }

      const usage = record.usage;
      if (usage) {
        for (const [field, kind] of TOKEN_KINDS) if (usage[field] > 0) tokens.inc([provider, model, kind], usage[field]);
        if (record.cost) cost.inc([provider, model], record.cost.totalMicros / 1_000_000);
        else unpriced.inc([provider, model]);
        if (record.usageEstimated) estimated.inc([provider, model]);
      } else if (status === 'ok' && provider) {
        noUsage.inc([provider, model]);
      }

      // The GenAI client metrics describe calls to a provider: requests that never reached one are left out.
      if (!provider) return;
      const operation = genAiOperation(dialect);
      const system = options.systemOf(provider);
      const requested = clip(record.model);
      genAiDuration.observe([operation, system, requested, model, errorKind], record.latencyMs / 1000);
      if (!usage) return;
      genAiTokens.observe([operation, system, requested, model, 'input'], usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite);
      // Embeddings produce no output tokens (the conventions record input only).
      if (operation !== 'embeddings') genAiTokens.observe([operation, system, requested, model, 'output'], usage.outputText + usage.outputReasoning);
    },
    planned(event) {
      for (const skip of event.skipped) skipped.inc([skip.provider ?? '', skip.code]);
    },
  };
}
