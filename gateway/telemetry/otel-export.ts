/**
 * OpenTelemetry export: spans built from the trace bus and sent over OTLP/HTTP (JSON) by the OpenTelemetry
 * SDK (BasicTracerProvider + BatchSpanProcessor + OTLPTraceExporter), off the request path.
 *
 *   bus listener ──(buffers events per request; on `finished` queues the request)──▶ ready queue
 *   setImmediate drain ──(otel-spans.ts drafts; SDK spans with explicit times and parents)──▶ batch processor
 *   batch processor ──(every second or 512 spans; short export timeout)──▶ collector
 *
 * The listener does a Map lookup and an array push; nothing else runs inside a request. Every queue is
 * bounded: requests in flight (`maxPending`), finished requests awaiting the drain, and spans awaiting
 * export (`maxQueueSize`). When the collector is slow or down the export queue fills and whole traces are
 * dropped and counted — never partial traces, never unbounded growth, never a blocked request. The SDK is
 * imported only when export is on (its ~80 ms of module loading is not paid otherwise).
 */
import type { Context, Span, SpanKind as SpanKindType, Tracer } from '@opentelemetry/api';
import type { ReadableSpan, Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtelConfig } from '../config/otel-schema.js';
import type { ResolvedProvider } from '../providers/registry.js';
import { lookupKeychain } from '../secrets/keychain-lookup.js';
import type { SecretVault } from '../secrets/vault.js';
import type { Logger } from './log.js';
import { describeOtel, otelKeychainNames, resolveOtel, type OtelSettings, type SamplerSetting } from './otel-config.js';
import { draftTrace, providerInfo, type ProviderInfo, type SpanDraft } from './otel-spans.js';
import type { TraceBus } from './trace-bus.js';
import type { TraceEvent } from './trace-events.js';

export interface OtelStats {
  /** Spans the collector accepted. */
  exportedSpans: number;
  /** Spans sent but not accepted (collector error, unreachable, timeout). */
  failedSpans: number;
  /** Requests whose spans were never built: export queue full, too many requests in flight, or still running at close. */
  droppedTraces: number;
  /** Spans waiting for export now. */
  queuedSpans: number;
  /** Why the last export failed (an error code or HTTP status, never a message body), or null after a success. */
  lastError: string | null;
}

export interface OtelExport {
  stats(): OtelStats;
  /** Stops listening, exports what is queued within a bounded wait, and shuts the SDK down. */
  close(): Promise<void>;
}

export interface OtelExportOptions {
  settings: OtelSettings;
  traces: Pick<TraceBus, 'subscribe'>;
  providers: ReadonlyMap<string, Pick<ResolvedProvider, 'type' | 'baseUrl'>>;
  log: Logger;
  version: string;
  /** Requests tracked while in flight (default 10000); beyond it the oldest is dropped. */
  maxPending?: number;
  /** Longest wait for the final export on close (default: the export timeout, at most 2 s). */
  flushTimeoutMs?: number;
  /** Delay before a partial batch is exported (default 1000). */
  scheduledDelayMs?: number;
}

const MAX_EVENTS_PER_REQUEST = 256;
const MAX_BATCH = 512;
const DRAIN_CHUNK = 64;

/** Milliseconds since the epoch as an OpenTelemetry HrTime (unambiguous: a bare number may be read as performance time). */
function hrTime(ms: number): [number, number] {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6));
  return [seconds, nanos];
}

/** An error class safe to log: a network error code, an HTTP status, or a timeout. */
function errorClass(error: unknown): string {
  if (!error || typeof error !== 'object') return 'unknown';
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'number') return `HTTP ${code}`;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  if (typeof message === 'string' && /timed? ?out/i.test(message)) return 'timeout';
  if (typeof message === 'string' && /concurrent export limit/i.test(message)) return 'busy';
  return typeof name === 'string' && /^[A-Za-z]{1,40}$/.test(name) ? name : 'unknown';
}

export async function startOtelExport(options: OtelExportOptions): Promise<OtelExport> {
  const { settings, log } = options;
  const [api, core, sdk, otlp, resources] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const maxPending = options.maxPending ?? 10_000;
  const maxQueue = settings.maxQueueSize;
  const flushTimeoutMs = options.flushTimeoutMs ?? Math.min(settings.timeoutMs, 2_000);

  let exportedSpans = 0;
  let failedSpans = 0;
  let droppedTraces = 0;
  /** Spans ended (handed to the batch processor) and not yet taken by an export: the processor's queue. */
  let queuedSpans = 0;
  let lastError: string | null = null;
  let failing = false;

  const exporter = new otlp.OTLPTraceExporter({
    url: settings.url,
    headers: settings.headers,
    timeoutMillis: settings.timeoutMs,
    concurrencyLimit: 2,
    // Given explicitly, so the SDK's own process-wide OTEL_EXPORTER_OTLP_COMPRESSION fallback never applies.
    compression: settings.compression as NonNullable<ConstructorParameters<typeof otlp.OTLPTraceExporter>[0]>['compression'],
  });
  const where = describeOtel(settings).endpoint;
  // Counts what the processor hands over and what the collector made of it.
  const counting: SpanExporter = {
    export(spans: ReadableSpan[], done) {
      queuedSpans -= spans.length;
      exporter.export(spans, (result) => {
        if (result.code === core.ExportResultCode.SUCCESS) {
          exportedSpans += spans.length;
          lastError = null;
          if (failing) {
            failing = false;
            log.info('OpenTelemetry export recovered', { endpoint: where, failedSpans });
          }
        } else {
          failedSpans += spans.length;
          lastError = errorClass(result.error);
          if (!failing) {
            failing = true;
            log.warn('OpenTelemetry export failed; spans are dropped until the collector answers', { endpoint: where, error: lastError });
          }
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };

  const samplerOf = (setting: SamplerSetting): Sampler => {
    const root =
      'ratio' in setting
        ? new sdk.TraceIdRatioBasedSampler(setting.ratio)
        : setting.kind.endsWith('always_off')
          ? new sdk.AlwaysOffSampler()
          : new sdk.AlwaysOnSampler();
    return setting.kind.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root }) : root;
  };
  const provider = new sdk.BasicTracerProvider({
    resource: resources.defaultResource().merge(
      resources.resourceFromAttributes({ ...settings.resourceAttributes, 'service.name': settings.serviceName, 'service.version': options.version }),
    ),
    sampler: samplerOf(settings.sampler),
    spanProcessors: [
      new sdk.BatchSpanProcessor(counting, {
        maxQueueSize: maxQueue,
        maxExportBatchSize: Math.min(MAX_BATCH, maxQueue),
        scheduledDelayMillis: options.scheduledDelayMs ?? 1_000,
        exportTimeoutMillis: settings.timeoutMs + 1_000,
      }),
    ],
  });
  const tracer: Tracer = provider.getTracer('signalbox', options.version);
  const propagator = new core.W3CTraceContextPropagator();

  const infos = new Map<string, ProviderInfo | undefined>();
  const infoOf = (id: string): ProviderInfo | undefined => {
    if (!infos.has(id)) {
      const resolved = options.providers.get(id);
      infos.set(id, resolved ? providerInfo(resolved) : undefined);
    }
    return infos.get(id);
  };

  const kindOf = (draft: SpanDraft): SpanKindType => (draft.kind === 'server' ? api.SpanKind.SERVER : api.SpanKind.CLIENT);
  const finish = (span: Span, draft: SpanDraft): void => {
    for (const event of draft.events) span.addEvent(event.name, event.attributes, hrTime(event.atMs));
    if (draft.status.code === 'error') span.setStatus({ code: api.SpanStatusCode.ERROR, message: draft.status.message });
    span.end(hrTime(draft.endMs));
  };

  const exportTrace = (events: TraceEvent[]): void => {
    const draft = draftTrace(events, infoOf);
    if (!draft) return;
    const spans = 1 + draft.attempts.length;
    if (queuedSpans + spans > maxQueue) {
      droppedTraces++;
      return;
    }
    let parent: Context = api.ROOT_CONTEXT;
    if (draft.traceparent) {
      const carrier: Record<string, string> = { traceparent: draft.traceparent };
      if (draft.tracestate) carrier.tracestate = draft.tracestate;
      parent = propagator.extract(api.ROOT_CONTEXT, carrier, api.defaultTextMapGetter);
    }
    const request = tracer.startSpan(draft.request.name, { kind: kindOf(draft.request), startTime: hrTime(draft.request.startMs), attributes: draft.request.attributes }, parent);
    // Sampled out: nothing is recorded or exported (children would follow their parent's decision anyway).
    if (!request.isRecording()) return;
    const inRequest = api.trace.setSpan(api.ROOT_CONTEXT, request);
    for (const attempt of draft.attempts) {
      const span = tracer.startSpan(attempt.name, { kind: kindOf(attempt), startTime: hrTime(attempt.startMs), attributes: attempt.attributes }, inRequest);
      finish(span, attempt);
    }
    finish(request, draft.request);
    queuedSpans += spans;
  };

  // Requests in flight: their events so far (the bus delivers them in order, synchronously).
  const pending = new Map<string, TraceEvent[]>();
  const ready: TraceEvent[][] = [];
  let drainScheduled = false;
  let closed = false;

  const build = (limit: number): void => {
    const batch = ready.splice(0, limit);
    for (const events of batch) {
      try {
        exportTrace(events);
      } catch (error) {
        droppedTraces++;
        log.warn('OpenTelemetry span building failed', { error: errorClass(error) });
      }
    }
  };
  // A few requests per turn of the event loop (~30 µs each), so a burst never holds up request handling.
  const drain = (): void => {
    build(DRAIN_CHUNK);
    if (ready.length && !closed) setImmediate(drain);
    else drainScheduled = false;
  };

  const unsubscribe = options.traces.subscribe((event) => {
    if (closed) return;
    if (event.type === 'received') {
      if (pending.size >= maxPending) {
        pending.delete(pending.keys().next().value as string);
        droppedTraces++;
      }
      pending.set(event.id, [event]);
      return;
    }
    const events = pending.get(event.id);
    if (!events) return;
    if (event.type !== 'finished') {
      if (events.length < MAX_EVENTS_PER_REQUEST) events.push(event);
      return;
    }
    pending.delete(event.id);
    events.push(event);
    if (ready.length >= maxQueue) {
      droppedTraces++;
      return;
    }
    ready.push(events);
    if (!drainScheduled) {
      drainScheduled = true;
      setImmediate(drain);
    }
  });

  let closing: Promise<void> | undefined;
  const shutdown = async (): Promise<void> => {
    closed = true;
    unsubscribe();
    build(Infinity);
    droppedTraces += pending.size;
    pending.clear();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), flushTimeoutMs);
    });
    const outcome = await Promise.race([provider.shutdown().then(() => 'done' as const, () => 'failed' as const), timedOut]);
    clearTimeout(timer);
    if (outcome !== 'done' || droppedTraces || failedSpans) {
      log.warn('OpenTelemetry export stopped', {
        endpoint: where,
        flushed: outcome === 'done',
        exportedSpans,
        failedSpans,
        droppedTraces,
        unsentSpans: Math.max(0, queuedSpans),
      });
    } else {
      log.info('OpenTelemetry export stopped', { endpoint: where, exportedSpans });
    }
  };

  return {
    stats: () => ({ exportedSpans, failedSpans, droppedTraces, queuedSpans: Math.max(0, queuedSpans), lastError }),
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}

export interface OtelSetupOptions {
  config: OtelConfig;
  env: Readonly<Record<string, string | undefined>>;
  vault: SecretVault;
  traces: Pick<TraceBus, 'subscribe'>;
  providers: ReadonlyMap<string, Pick<ResolvedProvider, 'type' | 'baseUrl'>>;
  log: Logger;
  version: string;
}

/**
 * Resolves config and environment and starts export when it is on. Never throws: a problem (unresolvable
 * header reference, SDK that fails to load) is logged and the gateway runs without export.
 */
export async function setupOtel(options: OtelSetupOptions): Promise<OtelExport | undefined> {
  try {
    const names = otelKeychainNames(options.config);
    const keychain = names.length ? await lookupKeychain(options.vault, names) : new Map();
    const resolution = resolveOtel(options.config, options.env, keychain);
    for (const problem of resolution.problems) options.log.warn('OpenTelemetry config', { problem });
    if (!resolution.enabled) return undefined;
    const started = await startOtelExport({ ...options, settings: resolution.settings });
    options.log.info('OpenTelemetry export on', describeOtel(resolution.settings));
    return started;
  } catch (error) {
    options.log.warn('OpenTelemetry export could not start; continuing without it', { error: errorClass(error) });
    return undefined;
  }
}
