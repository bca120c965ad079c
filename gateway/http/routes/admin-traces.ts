/**
 * Traces in the admin API: `GET /admin/traces` (recent requests from the in-memory ring, newest first,
 * in-flight ones included, filtered), `GET /admin/traces/:id` (every event, the plan, each attempt with its
 * phases, and — when `traces.bodies` is on — the retained bodies; requests that left the ring are summarised
 * from the ledger), `GET /admin/traces/live` (SSE stream of trace events, reconnect-safe with
 * `Last-Event-ID`, heartbeats, bounded per-subscriber buffers) and `GET /admin/traces/live/stats`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { validateRequest } from '../../dialects/validation.js';
import type { TraceBody } from '../../store/trace-bodies.js';
import { createLiveTraces } from '../../telemetry/live-traces.js';
import type { TraceEventType } from '../../telemetry/trace-events.js';
import { matchesFilter, summarizeRecord, summarizeTrace, traceDetail } from '../../telemetry/trace-view.js';
import { OVERHEAD_HEADER } from '../guards.js';
import { overheadMs, requestMeta } from '../request-meta.js';

/** A time as epoch milliseconds or an ISO 8601 date/time. */
const Instant = z.union([
  z.coerce.number().int().min(0),
  z.iso.datetime({ offset: true }).transform((value) => Date.parse(value)),
  z.iso.date().transform((value) => Date.parse(`${value}T00:00:00Z`)),
]);

const TracesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  status: z.enum(['ok', 'error', 'cancelled', 'in_flight']).optional(),
  model: z.string().max(256).optional(),
  provider: z.string().max(64).optional(),
  route: z.string().max(64).optional(),
  client: z.string().max(64).optional(),
  since: Instant.optional(),
});

const EVENT_TYPES = ['received', 'planned', 'attempt-started', 'attempt-ended', 'first-byte', 'warnings', 'finished'] as const satisfies readonly TraceEventType[];

const LiveQuery = z.object({
  /** Comma-separated event types, e.g. `finished` or `attempt-ended,finished`. */
  type: z
    .string()
    .max(200)
    .transform((value) => value.split(',').map((type) => type.trim()).filter(Boolean))
    .pipe(z.array(z.enum(EVENT_TYPES)).min(1))
    .optional(),
  /** Only one request's events. */
  id: z.string().min(1).max(64).optional(),
  /** For clients that cannot send the `Last-Event-ID` header on their first connection. */
  lastEventId: z.string().max(32).optional(),
});

const TraceParams = z.object({ id: z.string().min(1).max(64) });

interface BodyView {
  at: number;
  contentType: string;
  /** Size before truncation. */
  bytes: number;
  truncated: boolean;
  body: string;
}

const view = (body: TraceBody): BodyView => ({ at: body.at, contentType: body.contentType, bytes: body.bytes, truncated: body.truncated, body: body.body });

function bodiesOf(gateway: GatewayContext, id: string): Record<string, unknown> {
  const { bodies, maxBodyBytes, retentionDays } = gateway.config.traces;
  if (!bodies) {
    return { retained: false, note: 'Body retention is off (traces.bodies): no request or response bodies are kept.', request: null, upstream: [], response: null };
  }
  const kept = gateway.store.traceBodies.list(id);
  const request = kept.find((body) => body.kind === 'request');
  const response = kept.find((body) => body.kind === 'response');
  return {
    retained: true,
    note: kept.length ? null : `No bodies are kept for this request (older than ${retentionDays} days, or none was sent).`,
    maxBodyBytes,
    request: request ? view(request) : null,
    upstream: kept.filter((body) => body.kind === 'upstream').map((body) => ({ attempt: body.attempt, ...view(body) })),
    response: response ? view(response) : null,
  };
}

export function registerAdminTraceRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };
  const config = gateway.config.traces;
  // createGateway makes the hub (and closes it first at shutdown); a bare context gets its own.
  const live = gateway.liveTraces ?? createLiveTraces(gateway.traces, { ...config.live, clock: gateway.clock });
  // Streams end when the server closes, whoever closes it: they must not hold close() up.
  app.addHook('preClose', async () => live.close());

  app.get('/admin/traces', admin, async (request) => {
    const query = validateRequest(TracesQuery, request.query);
    const { limit, ...filter } = query;
    const now = gateway.clock();
    const data = [];
    for (const trace of gateway.traces.recent(config.ringSize)) {
      const summary = summarizeTrace(trace, now);
      if (!matchesFilter(summary, filter)) continue;
      data.push(summary);
      if (data.length >= limit) break;
    }
    return { data, bodiesRetained: config.bodies };
  });

  app.get('/admin/traces/live/stats', admin, async () => live.stats());

  app.get('/admin/traces/live', admin, async (request, reply) => {
    const query = validateRequest(LiveQuery, request.query);
    const header = request.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' ? header : undefined) ?? query.lastEventId;
    if (live.full()) {
      throw new GatewayError('overloaded', `Too many live trace streams are open (traces.live.maxSubscribers = ${config.live.maxSubscribers}): close another window or script, then retry.`, {
        code: 'too_many_live_streams',
        retryAfterMs: 5_000,
      });
    }
    reply.hijack();
    const raw = reply.raw;
    const headers: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      [OVERHEAD_HEADER]: overheadMs(requestMeta(request)),
    });
    live.attach(raw, { types: query.type ? new Set(query.type) : undefined, requestId: query.id, lastEventId });
  });

  app.get('/admin/traces/:id', admin, async (request) => {
    const { id } = validateRequest(TraceParams, request.params);
    const trace = gateway.traces.get(id);
    if (trace) return { ...traceDetail(trace, gateway.clock()), bodies: bodiesOf(gateway, id) };
    const record = gateway.store.request(id);
    if (!record) throw new GatewayError('not_found', `No trace or request with id '${id}' is known.`, { code: 'not_found' });
    return {
      summary: summarizeRecord(record),
      events: [],
      plan: null,
      firstByte: null,
      timings: { beforeUpstreamMs: null, firstByteMs: record.firstByteMs, streamMs: null, upstreamMs: record.upstreamMs, overheadMs: summarizeRecord(record).overheadMs, latencyMs: record.latencyMs },
      bodies: bodiesOf(gateway, id),
    };
  });
}
