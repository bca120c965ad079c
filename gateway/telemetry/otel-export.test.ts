import { afterEach, describe, expect, it } from 'vitest';
import { startOtlpCollector, type OtlpCollector } from '../../test/mocks/otlp-collector.js';
import type { RequestRecord } from '../store/types.js';
import type { Logger } from './log.js';
import { resolveOtel, type OtelSettings } from './otel-config.js';
import { OtelConfig } from '../config/otel-schema.js';
import { startOtelExport, type OtelExport } from './otel-export.js';
import { createTraceBus, type TraceBus } from './trace-bus.js';

const T0 = Date.now();
const lines: Array<{ level: string; message: string; fields: unknown }> = [];
const log: Logger = {
  debug: (message, fields) => void lines.push({ level: 'debug', message, fields }),
  info: (message, fields) => void lines.push({ level: 'info', message, fields }),
  warn: (message, fields) => void lines.push({ level: 'warn', message, fields }),
  error: (message, fields) => void lines.push({ level: 'error', message, fields }),
};
const providers = new Map([['p', { type: 'openai' as const, baseUrl: 'http://127.0.0.1:9/v1' }]]);

function settingsFor(url: string, over: Record<string, unknown> = {}): OtelSettings {
  const resolution = resolveOtel(OtelConfig.parse({ endpoint: url, ...over }), {});
  if (!resolution.enabled) throw new Error(resolution.why);
  return resolution.settings;
}

function record(id: string): RequestRecord {
  return {
    id,
    startedAt: T0,
    clientKey: null,
    endpoint: 'openai-chat',
    model: 'p/m',
    route: null,
    provider: 'p',
    upstreamModel: 'm',
    stream: false,
    status: 'ok',
    httpStatus: 200,
    errorKind: null,
    attempts: 1,
    latencyMs: 20,
    firstByteMs: 20,
    upstreamMs: 18,
    usage: null,
    usageEstimated: false,
    cost: null,
    finishReasons: ['stop'],
    attemptLog: [
      { n: 1, model: 'p/m', provider: 'p', upstreamModel: 'm', startedAt: T0 + 1, latencyMs: 18, outcome: 'ok', errorKind: null, upstreamStatus: null, message: null, decision: null, why: null, waitMs: null },
    ],
  };
}

const received = (bus: TraceBus, id: string): void =>
  bus.publish({ type: 'received', id, at: T0, endpoint: 'openai-chat', clientKey: null, traceparent: null, tracestate: null, userAgent: null });
const finished = (bus: TraceBus, id: string): void => bus.publish({ type: 'finished', id, at: T0 + 20, record: record(id), overheadMs: 2, warnings: [], error: null });

let collector: OtlpCollector | undefined;
let otel: OtelExport | undefined;
afterEach(async () => {
  await otel?.close();
  await collector?.close();
  otel = undefined;
  collector = undefined;
  lines.length = 0;
});

describe('startOtelExport', () => {
  it('tracks a bounded number of requests in flight: the oldest is dropped and counted', async () => {
    collector = await startOtlpCollector();
    const bus = createTraceBus();
    otel = await startOtelExport({ settings: settingsFor(collector.url), traces: bus, providers, log, version: 'test', maxPending: 2 });
    for (const id of ['r1', 'r2', 'r3']) received(bus, id);
    for (const id of ['r1', 'r2', 'r3']) finished(bus, id);
    // Events of requests never seen as received are ignored.
    finished(bus, 'stray');
    bus.publish({ type: 'warnings', id: 'stray2', at: T0, warnings: ['x'] });
    await otel.close();
    const ids = collector.spans.filter((span) => span.kind === 2).map((span) => span.attributes['signalbox.request_id']);
    expect(ids.sort()).toEqual(['r2', 'r3']);
    expect(collector.spans).toHaveLength(4);
    expect(otel.stats()).toMatchObject({ exportedSpans: 4, droppedTraces: 1, failedSpans: 0, queuedSpans: 0 });
  });

  it('drops whole traces, counted, when the collector never answers and the export queue is full; close does not wait for it', async () => {
    collector = await startOtlpCollector('hang');
    const bus = createTraceBus();
    // Queue 16 spans = 8 requests of 2 spans; a full batch is exported at once (and hangs at the collector).
    otel = await startOtelExport({ settings: settingsFor(collector.url, { maxQueueSize: 16, timeoutMs: 30_000 }), traces: bus, providers, log, version: 'test', scheduledDelayMs: 60_000, flushTimeoutMs: 100 });
    for (let i = 0; i < 20; i++) {
      received(bus, `r${i}`);
      finished(bus, `r${i}`);
    }
    await collector.waitFor(() => collector!.held() > 0);
    // 8 requests exported (hanging), 8 queued, 4 dropped whole.
    expect(otel.stats()).toMatchObject({ droppedTraces: 4, queuedSpans: 16, exportedSpans: 0 });
    await otel.close();
    // Closed while the collector still holds the export: the wait was bounded.
    expect(collector.held()).toBeGreaterThan(0);
    expect(lines.find((line) => line.message === 'OpenTelemetry export stopped')).toMatchObject({ level: 'warn', fields: expect.objectContaining({ flushed: false, droppedTraces: 4 }) });
  });

  it('counts failed exports and logs the failure once, by status, then the recovery', async () => {
    collector = await startOtlpCollector({ status: 400 });
    const bus = createTraceBus();
    otel = await startOtelExport({ settings: settingsFor(collector.url), traces: bus, providers, log, version: 'test', scheduledDelayMs: 10 });
    received(bus, 'a');
    finished(bus, 'a');
    await collector.waitFor(() => collector!.requests.length >= 1);
    received(bus, 'b');
    finished(bus, 'b');
    await collector.waitFor(() => collector!.requests.length >= 2);
    const waitForStats = async (predicate: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await waitForStats(() => otel!.stats().failedSpans === 4);
    expect(otel.stats()).toMatchObject({ failedSpans: 4, lastError: 'HTTP 400' });
    expect(lines.filter((line) => line.message.startsWith('OpenTelemetry export failed'))).toHaveLength(1);
    collector.setMode('ok');
    received(bus, 'c');
    finished(bus, 'c');
    await collector.waitFor((spans) => spans.length === 2);
    await waitForStats(() => otel!.stats().exportedSpans === 2);
    expect(otel.stats()).toMatchObject({ exportedSpans: 2, lastError: null });
    expect(lines.some((line) => line.message === 'OpenTelemetry export recovered')).toBe(true);
  });

  it('exports nothing for a sampled-out trace (ratio 0) while still answering the bus cheaply', async () => {
    collector = await startOtlpCollector();
    const bus = createTraceBus();
    otel = await startOtelExport({ settings: settingsFor(collector.url, { sampleRatio: 0 }), traces: bus, providers, log, version: 'test' });
    received(bus, 'x');
    finished(bus, 'x');
    bus.publish({ type: 'received', id: 'y', at: T0, endpoint: 'openai-chat', clientKey: null, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: null, userAgent: null });
    finished(bus, 'y');
    await otel.close();
    // Parent-based: the client's sampled flag wins over the ratio for its trace; the new trace is sampled out.
    expect(collector.spans.map((span) => span.attributes['signalbox.request_id']).filter(Boolean)).toEqual(['y']);
    expect(collector.spans.every((span) => span.traceId === '4bf92f3577b34da6a3ce929d0e0e4736')).toBe(true);
  });
});
