import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../test/helpers/prometheus-text.js';
import type { TargetHealthReport } from '../routing/health.js';
import type { RequestRecord } from '../store/types.js';
import { createGatewayMetrics, type MetricsSources } from './metrics.js';
import { createTraceBus } from './trace-bus.js';
import type { FinishedEvent } from './trace-events.js';

const record = (overrides: Partial<RequestRecord> = {}): RequestRecord => ({
  id: 'sbr_1',
  startedAt: 0,
  clientKey: 'test',
  endpoint: 'openai-chat',
  model: 'ant/claude-x',
  route: null,
  provider: 'ant',
  upstreamModel: 'claude-x',
  stream: false,
  status: 'ok',
  httpStatus: 200,
  errorKind: null,
  attempts: 1,
  latencyMs: 1500,
  firstByteMs: 700,
  upstreamMs: 1490,
  usage: { inputUncached: 10, inputCacheRead: 20, inputCacheWrite: 5, outputText: 7, outputReasoning: 3 },
  usageEstimated: false,
  cost: { inputMicros: 1, cacheReadMicros: 1, cacheWriteMicros: 1, outputMicros: 2, totalMicros: 5 },
  finishReasons: ['stop'],
  attemptLog: [],
  ...overrides,
});

const finished = (overrides: Partial<RequestRecord> = {}, overheadMs = 0.4): FinishedEvent => ({
  type: 'finished',
  id: overrides.id ?? 'sbr_1',
  at: 0,
  record: record(overrides),
  overheadMs,
  warnings: [],
  error: null,
});

const report = (target: string, state: TargetHealthReport['state']): TargetHealthReport => ({
  target,
  state,
  consecutiveFailures: 0,
  window: { attempts: 0, failures: 0 },
  openReason: null,
  reopensAt: null,
  lastFailureAt: null,
  lastFailureKind: null,
  latency: { ttftMs: null, totalMs: null, samples: 0 },
});

function setup(options: { maxSeries?: number; targets?: TargetHealthReport[] } = {}) {
  const bus = createTraceBus();
  const sources: MetricsSources = {
    traces: bus,
    providers: new Map([
      ['ant', { type: 'anthropic' }],
      ['gem', { type: 'gemini' }],
      ['lab', { type: 'openai-compatible' }],
    ] as const),
    router: {
      health: { report: () => options.targets ?? [] } as unknown as MetricsSources['router']['health'],
      load: () => [{ provider: 'ant', active: 3, queued: 2, maxConcurrency: 4, maxQueue: 8 }],
    },
    inFlight: { size: () => 5 },
    store: { stats: () => ({ pending: 1, dropped: 7 }) },
    version: '9.9.9',
  };
  const metrics = createGatewayMetrics(sources, { maxSeriesPerMetric: options.maxSeries ?? 200, processMetrics: false });
  return { bus, metrics, scrape: async () => parseExposition(await metrics.scrape()) };
}

describe('gateway metrics', () => {
  it('turns a finished event into counters and histograms in base units, with GenAI names', async () => {
    const { bus, scrape } = setup();
    bus.publish(finished());
    const m = await scrape();
    expect(m.value('signalbox_requests_total', { provider: 'ant', model: 'claude-x', status: 'ok', code: '200', error_kind: '' })).toBe(1);
    expect(m.value('signalbox_request_duration_seconds_sum')).toBe(1.5);
    expect(m.value('signalbox_request_duration_seconds_bucket', { le: '1' })).toBe(0);
    expect(m.value('signalbox_request_duration_seconds_bucket', { le: '2' })).toBe(1);
    expect(m.value('signalbox_time_to_first_token_seconds_sum')).toBe(0.7);
    expect(m.value('signalbox_gateway_overhead_seconds_sum')).toBeCloseTo(0.0004, 12);
    expect(m.value('signalbox_gateway_overhead_seconds_bucket', { le: '0.00025' })).toBe(0);
    expect(m.value('signalbox_gateway_overhead_seconds_bucket', { le: '0.0005' })).toBe(1);
    expect(m.value('signalbox_tokens_total', { kind: 'input_cache_read' })).toBe(20);
    expect(m.value('signalbox_tokens_total', { kind: 'output_reasoning' })).toBe(3);
    expect(m.value('signalbox_cost_usd_total')).toBe(0.000005);
    const genAi = { gen_ai_operation_name: 'chat', gen_ai_system: 'anthropic', gen_ai_request_model: 'ant/claude-x', gen_ai_response_model: 'claude-x' };
    expect(m.value('gen_ai_client_token_usage_sum', { ...genAi, gen_ai_token_type: 'input' })).toBe(35);
    expect(m.value('gen_ai_client_token_usage_sum', { ...genAi, gen_ai_token_type: 'output' })).toBe(10);
    expect(m.value('gen_ai_client_operation_duration_seconds_count', { ...genAi, error_type: '' })).toBe(1);
  });

  it('counts unpriced, estimated and usage-less requests apart from priced ones', async () => {
    const { bus, scrape } = setup();
    bus.publish(finished({ cost: null, usageEstimated: true, provider: 'gem', upstreamModel: 'gemini-x' }));
    bus.publish(finished({ usage: null, cost: null, provider: 'lab', upstreamModel: 'local' }));
    const m = await scrape();
    expect(m.value('signalbox_unpriced_requests_total', { provider: 'gem' })).toBe(1);
    expect(m.value('signalbox_estimated_usage_requests_total', { provider: 'gem' })).toBe(1);
    expect(m.value('signalbox_requests_without_usage_total', { provider: 'lab' })).toBe(1);
    expect(m.sum('signalbox_cost_usd_total')).toBe(0);
    expect(m.value('gen_ai_client_operation_duration_seconds_count', { gen_ai_system: 'gcp.gemini' })).toBe(1);
    expect(m.value('gen_ai_client_operation_duration_seconds_count', { gen_ai_system: '_OTHER' })).toBe(1);
  });

  it('counts attempts, retries and fallbacks from the attempt log, and skipped targets from the plan', async () => {
    const { bus, scrape } = setup();
    const attempt = { model: 'x', startedAt: 0, latencyMs: 1, upstreamStatus: null, message: null, why: null, waitMs: null };
    bus.publish(
      finished({
        attemptLog: [
          { ...attempt, n: 1, provider: 'ant', upstreamModel: 'a', outcome: 'error', errorKind: 'rate_limited', decision: 'retry' },
          { ...attempt, n: 2, provider: 'ant', upstreamModel: 'a', outcome: 'error', errorKind: 'upstream_server_error', decision: 'fallback' },
          { ...attempt, n: 3, provider: 'gem', upstreamModel: 'b', outcome: 'skipped', errorKind: null, decision: 'fallback' },
          { ...attempt, n: 4, provider: 'lab', upstreamModel: 'c', outcome: 'ok', errorKind: null, decision: null },
        ],
      }),
    );
    bus.publish({
      type: 'planned',
      id: 'sbr_2',
      at: 0,
      requested: 'r',
      route: 'r',
      strategy: 'fallback',
      stream: false,
      attempts: [],
      skipped: [{ model: 'gem/b', provider: 'gem', code: 'circuit-open', reason: 'open' }],
    });
    const m = await scrape();
    expect(m.sum('signalbox_upstream_attempts_total')).toBe(4);
    expect(m.value('signalbox_upstream_attempts_total', { provider: 'gem', outcome: 'skipped' })).toBe(1);
    expect(m.value('signalbox_upstream_retries_total', { provider: 'ant', error_kind: 'rate_limited' })).toBe(1);
    expect(m.value('signalbox_upstream_fallbacks_total', { provider: 'ant', reason: 'upstream_server_error' })).toBe(1);
    expect(m.value('signalbox_upstream_fallbacks_total', { provider: 'gem', reason: 'skipped' })).toBe(1);
    expect(m.value('signalbox_targets_skipped_total', { provider: 'gem', reason: 'circuit-open' })).toBe(1);
  });

  it('records embeddings as the embeddings operation, with input tokens only', async () => {
    const { bus, scrape } = setup();
    bus.publish(finished({ endpoint: 'openai-embeddings', usage: { inputUncached: 4, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 } }));
    const m = await scrape();
    expect(m.value('gen_ai_client_token_usage_sum', { gen_ai_operation_name: 'embeddings', gen_ai_token_type: 'input' })).toBe(4);
    expect(m.select('gen_ai_client_token_usage_sum', { gen_ai_token_type: 'output' })).toEqual([]);
    expect(m.select('signalbox_tokens_total').map((sample) => sample.labels.kind)).toEqual(['input_uncached']);
  });

  it('folds new model labels into "other" beyond the series cap, and counts the folds', async () => {
    const { bus, scrape } = setup({ maxSeries: 10 });
    for (let i = 0; i < 30; i++) bus.publish(finished({ model: `lab/m${i}`, provider: 'lab', upstreamModel: `m${i}` }));
    // A model seen before the cap was reached keeps its own series.
    bus.publish(finished({ model: 'lab/m3', provider: 'lab', upstreamModel: 'm3' }));
    const m = await scrape();
    const series = m.select('signalbox_requests_total');
    expect(series).toHaveLength(11);
    expect(m.sum('signalbox_requests_total')).toBe(31);
    expect(m.value('signalbox_requests_total', { model: 'other' })).toBe(20);
    expect(m.value('signalbox_requests_total', { model: 'm3' })).toBe(2);
    expect(m.value('signalbox_metrics_series_folded_total', { metric: 'signalbox_requests_total' })).toBe(20);
    expect(m.value('gen_ai_client_operation_duration_seconds_count', { gen_ai_request_model: 'other', gen_ai_response_model: 'other' })).toBe(20);
  });

  it('clips very long label values', async () => {
    const { bus, scrape } = setup();
    bus.publish(finished({ upstreamModel: 'x'.repeat(300) }));
    const [sample] = (await scrape()).select('signalbox_requests_total');
    expect(sample?.labels.model).toBe('x'.repeat(128));
  });

  it('reads live state at scrape time: in flight, breaker states, slots, queue, ledger backlog', async () => {
    const { scrape } = setup({
      maxSeries: 3,
      targets: [report('ant/a', 'closed'), report('ant/b', 'half-open'), report('ant/c', 'open'), report('gem/d', 'probing'), report('gem/e', 'open')],
    });
    const m = await scrape();
    expect(m.value('signalbox_active_requests')).toBe(5);
    expect(m.select('signalbox_circuit_breaker_state').map((sample) => [sample.labels.provider, sample.labels.model, sample.value])).toEqual([
      ['ant', 'a', 0],
      ['ant', 'b', 1],
      ['ant', 'c', 2],
      ['other', 'other', 2],
    ]);
    expect(m.value('signalbox_provider_slots_in_use', { provider: 'ant' })).toBe(3);
    expect(m.value('signalbox_provider_slots_max', { provider: 'ant' })).toBe(4);
    expect(m.value('signalbox_provider_queue_depth', { provider: 'ant' })).toBe(2);
    expect(m.value('signalbox_ledger_pending_records')).toBe(1);
    expect(m.value('signalbox_ledger_dropped_records_total')).toBe(7);
    expect(m.value('signalbox_build_info', { version: '9.9.9' })).toBe(1);
    expect(m.types.get('signalbox_ledger_dropped_records_total')).toBe('counter');
  });

  it('keeps each gateway in its own registry, and stops counting once closed', async () => {
    const one = setup();
    const two = setup();
    one.bus.publish(finished());
    expect((await one.scrape()).sum('signalbox_requests_total')).toBe(1);
    expect((await two.scrape()).sum('signalbox_requests_total')).toBe(0);
    expect(globalRegistry.getMetricsAsArray().filter((metric) => metric.name.startsWith('signalbox_'))).toEqual([]);
    one.metrics.close();
    one.bus.publish(finished());
    expect((await one.scrape()).sum('signalbox_requests_total')).toBe(1);
    expect(one.bus.subscribers()).toBe(0);
  });

  it('adds the Node process metrics on the first scrape (unless turned off)', async () => {
    const quiet = setup();
    expect((await quiet.scrape()).types.get('process_cpu_seconds_total')).toBeUndefined();
    const sources = { traces: createTraceBus(), providers: new Map(), router: { health: { report: () => [] }, load: () => [] }, inFlight: { size: () => 0 }, store: { stats: () => ({ pending: 0, dropped: 0 }) }, version: '1' };
    const metrics = createGatewayMetrics(sources as unknown as MetricsSources, { maxSeriesPerMetric: 200 });
    expect(metrics.registry.getSingleMetric('process_cpu_seconds_total')).toBeUndefined();
    const m = parseExposition(await metrics.scrape());
    expect(m.types.get('process_cpu_seconds_total')).toBe('counter');
    expect(m.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
    // A second scrape does not register them twice (prom-client would throw).
    expect(parseExposition(await metrics.scrape()).types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
  });
});
