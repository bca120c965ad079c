/**
 * Prometheus metrics of one gateway: a registry of its own (tests run many gateways in one process; the
 * prom-client default registry is never used), request metrics fed by the trace bus, live gauges read at
 * scrape time, and the Node process metrics. The subscriber is a few counter increments per finished
 * request; nothing is added to the request path.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { ResolvedProvider } from '../providers/registry.js';
import { GEN_AI_SYSTEM } from './metrics-labels.js';
import { registerLiveMetrics, type LiveSources } from './metrics-live.js';
import { createRequestMetrics } from './metrics-requests.js';
import type { TraceBus } from './trace-bus.js';
import type { TraceEvent } from './trace-events.js';

export interface MetricsSources extends LiveSources {
  traces: Pick<TraceBus, 'subscribe'>;
  providers: ReadonlyMap<string, Pick<ResolvedProvider, 'type'>>;
}

export interface MetricsOptions {
  /** Distinct label sets per metric before model labels fold into `other`. */
  maxSeriesPerMetric: number;
  /** Node process metrics (default true), registered on the first scrape. */
  processMetrics?: boolean;
}

export interface GatewayMetrics {
  readonly registry: Registry;
  /** `text/plain; version=0.0.4; charset=utf-8`. */
  readonly contentType: string;
  /** The Prometheus text exposition. */
  scrape(): Promise<string>;
  /** The trace-bus subscriber (exposed for the micro-benchmark). */
  observe(event: TraceEvent): void;
  /** Unsubscribes from the trace bus. */
  close(): void;
}

export function createGatewayMetrics(sources: MetricsSources, options: MetricsOptions): GatewayMetrics {
  const registry = new Registry();
  const requests = createRequestMetrics(registry, {
    maxSeries: options.maxSeriesPerMetric,
    systemOf: (provider) => {
      const type = sources.providers.get(provider)?.type;
      return type ? GEN_AI_SYSTEM[type] : '_OTHER';
    },
  });
  registerLiveMetrics(registry, sources, options.maxSeriesPerMetric);

  const observe = (event: TraceEvent): void => {
    if (event.type === 'finished') requests.finished(event);
    else if (event.type === 'planned' && event.skipped.length) requests.planned(event);
  };
  const unsubscribe = sources.traces.subscribe(observe);
  // collectDefaultMetrics starts a GC observer and an event-loop-delay monitor that cannot be stopped:
  // started on the first scrape, so gateways that are never scraped (most tests) start none.
  let processMetrics = options.processMetrics ?? true;

  return {
    registry,
    contentType: registry.contentType,
    async scrape() {
      if (processMetrics) {
        processMetrics = false;
        collectDefaultMetrics({ register: registry });
      }
      return await registry.metrics();
    },
    observe,
    close: unsubscribe,
  };
}
