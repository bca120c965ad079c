/**
 * Micro-benchmark of the Prometheus metrics subscriber: what publishing one `finished` trace event costs
 * with the metrics subscribed, against the bare bus. `npx tsx test/bench/metrics-subscriber.ts [N]`.
 */
import type { RequestRecord } from '../../gateway/store/types.js';
import { createGatewayMetrics, type MetricsSources } from '../../gateway/telemetry/metrics.js';
import { createTraceBus } from '../../gateway/telemetry/trace-bus.js';
import type { FinishedEvent } from '../../gateway/telemetry/trace-events.js';

const N = Number(process.argv[2] ?? 200_000);
const PROVIDERS = ['oai', 'ant', 'gem'];
const MODELS = Array.from({ length: 20 }, (_, i) => `model-${i}`);

function event(i: number): FinishedEvent {
  const provider = PROVIDERS[i % PROVIDERS.length] as string;
  const model = MODELS[i % MODELS.length] as string;
  const record: RequestRecord = {
    id: `sbr_${i}`,
    startedAt: i,
    clientKey: 'test',
    endpoint: i % 7 === 0 ? 'anthropic-messages' : 'openai-chat',
    model: `${provider}/${model}`,
    route: i % 5 === 0 ? 'fast' : null,
    provider,
    upstreamModel: model,
    stream: i % 2 === 0,
    status: i % 50 === 0 ? 'error' : 'ok',
    httpStatus: i % 50 === 0 ? 502 : 200,
    errorKind: i % 50 === 0 ? 'upstream_server_error' : null,
    attempts: 1,
    latencyMs: 200 + (i % 3000),
    firstByteMs: 100 + (i % 900),
    upstreamMs: 190 + (i % 3000),
    usage: { inputUncached: 1200, inputCacheRead: 300, inputCacheWrite: 0, outputText: 250, outputReasoning: i % 3 === 0 ? 40 : 0 },
    usageEstimated: false,
    cost: { inputMicros: 100, cacheReadMicros: 10, cacheWriteMicros: 0, outputMicros: 300, totalMicros: 410 },
    finishReasons: ['stop'],
    attemptLog: [
      { n: 1, model: `${provider}/${model}`, provider, upstreamModel: model, startedAt: i, latencyMs: 100, outcome: 'ok', errorKind: null, upstreamStatus: null, message: null, decision: null, why: null, waitMs: null },
    ],
  };
  return { type: 'finished', id: record.id, at: i, record, overheadMs: 0.3 + (i % 10) / 10, warnings: [], error: null };
}

const events = Array.from({ length: 4096 }, (_, i) => event(i));

function timePublish(withMetrics: boolean): number {
  const bus = createTraceBus({ capacity: 1000 });
  const sources = {
    traces: bus,
    providers: new Map([
      ['oai', { type: 'openai' }],
      ['ant', { type: 'anthropic' }],
      ['gem', { type: 'gemini' }],
    ]),
    router: { health: { report: () => [] }, load: () => [] },
    inFlight: { size: () => 0 },
    store: { stats: () => ({ pending: 0, dropped: 0 }) },
    version: 'bench',
  } as unknown as MetricsSources;
  const metrics = withMetrics ? createGatewayMetrics(sources, { maxSeriesPerMetric: 200, processMetrics: false }) : undefined;
  for (let i = 0; i < 20_000; i++) bus.publish(events[i % events.length] as FinishedEvent);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) bus.publish(events[i % events.length] as FinishedEvent);
  const perEvent = Number(process.hrtime.bigint() - start) / 1000 / N;
  if (metrics) lastScrape = metrics;
  return perEvent;
}

let lastScrape: ReturnType<typeof createGatewayMetrics> | undefined;

const runs = 5;
const bare: number[] = [];
const metered: number[] = [];
for (let run = 0; run < runs; run++) {
  bare.push(timePublish(false));
  metered.push(timePublish(true));
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
console.log(`finished events: ${N} × ${runs} runs (median)`);
console.log(`bus only:          ${median(bare).toFixed(2)} µs/event`);
console.log(`bus + metrics:     ${median(metered).toFixed(2)} µs/event`);
console.log(`metrics subscriber: ${(median(metered) - median(bare)).toFixed(2)} µs/request`);

if (lastScrape) {
  const scraper = lastScrape;
  const start = process.hrtime.bigint();
  const text = await scraper.scrape();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const samples = text.split('\n').filter((line) => line && !line.startsWith('#')).length;
  console.log(`one scrape:         ${ms.toFixed(1)} ms for ${samples} samples (${(text.length / 1024).toFixed(0)} KiB)`);
}
