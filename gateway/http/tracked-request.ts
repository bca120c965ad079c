/**
 * The bookkeeping every proxied request shares, whatever its endpoint: its ledger row and attempt log, its
 * cancellation (client disconnect — the reply's close, not the request's — and graceful shutdown), the
 * response headers naming where it went (`x-signalbox-route|provider|model|attempts`), its usage and cost
 * (`x-signalbox-cost-usd`), and the row written exactly once when it ends, however it ends.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { computeCost, usdString } from '../accounting/cost.js';
import type { GatewayContext } from '../context.js';
import { GatewayError, toGatewayError } from '../core/errors.js';
import type { PlannedAttempt, RoutePlan } from '../routing/plan.js';
import type { ModelTarget } from '../routing/resolve-model.js';
import { redactSecrets } from '../secrets/redact.js';
import type { Usage } from '../core/usage.js';
import type { Cost, RequestRecord } from '../store/types.js';
import { captureBodies, type BodyCapture } from '../telemetry/trace-bodies.js';
import { Cancel } from '../upstream/cancel.js';
import { assertModelAllowed } from './model-access-check.js';
import { overheadMs, requestMeta } from './request-meta.js';

export interface TrackedRequest {
  readonly id: string;
  readonly record: RequestRecord;
  /** Aborted when the client goes away or shutdown ends the request. */
  readonly cancel: Cancel;
  /** Every upstream attempt, appended to by the retry loop. */
  readonly attemptLog: RecordAttempts;
  /** Body retention (request, upstream per attempt, response) when `traces.bodies` is on; else undefined. */
  readonly bodies: BodyCapture | undefined;
  /** Records the model asked for and the route it names; throws 403 when the client key may not use it. */
  planned(plan: RoutePlan): void;
  /** Records where the request went and names it in the response headers. */
  target(target: ModelTarget): void;
  /** Records the attempt count and the time to the first byte. */
  answered(attempts: number): void;
  /** Records usage (reported or estimated) and prices it with the target's price; null cost = unknown price. */
  account(usage: Usage, estimated: boolean): Cost | null;
  /** The `x-signalbox-cost-usd` value: the cost in USD, `unknown` when unpriced, 0 when nothing was used. */
  costHeader(): string;
  /** Milliseconds since the request arrived. */
  elapsed(): number;
  /** Budgets and rate limits, before anything is sent upstream: throws the 429 when one is reached. */
  admit(): void;
  /** Records a failure; returns it as a GatewayError. */
  fail(error: unknown): GatewayError;
  /** Publishes that an attempt is being sent (the attempt log records how it ended). */
  attemptStarted(attempt: PlannedAttempt, timeoutMs: number): void;
  /** Records what translation changed or dropped, for the trace. */
  warn(warnings: readonly string[]): void;
  /** Gateway time so far, excluding provider time (`x-signalbox-overhead-ms`), e.g. `0.42`. */
  overheadMs(): string;
  /** Detaches listeners and writes the ledger row. Call once, in `finally`. */
  end(): void;
}

type RecordAttempts = RequestRecord['attemptLog'];

/** W3C traceparent: version 00, 32-hex trace id, 16-hex parent id, 2-hex flags; all-zero ids are invalid. */
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

export function trackRequest(endpoint: string, request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext): TrackedRequest {
  const meta = requestMeta(request);
  const started = gateway.clock();
  const record: RequestRecord = {
    id: meta.id,
    startedAt: started,
    clientKey: meta.clientKey,
    endpoint,
    model: '',
    route: null,
    provider: null,
    upstreamModel: null,
    stream: false,
    status: 'error',
    httpStatus: 500,
    errorKind: null,
    attempts: 0,
    latencyMs: 0,
    firstByteMs: null,
    upstreamMs: null,
    usage: null,
    usageEstimated: false,
    cost: null,
    attemptLog: [],
    finishReasons: [],
  };
  const traces = gateway.traces;
  const header = (name: string): string | null => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : null;
  };
  const traceparent = header('traceparent');
  traces.publish({
    type: 'received',
    id: meta.id,
    at: started,
    endpoint,
    clientKey: meta.clientKey,
    traceparent: traceparent && TRACEPARENT.test(traceparent) ? traceparent : null,
    tracestate: traceparent ? header('tracestate')?.slice(0, 512) ?? null : null,
    userAgent: header('user-agent')?.slice(0, 256) ?? null,
  });
  const warnings: string[] = [];
  let failure: GatewayError | undefined;
  // The retry loop appends to the attempt log; each entry is also an event.
  const attemptLog: RecordAttempts = record.attemptLog;
  const retention = gateway.config.traces;
  const bodies = retention.bodies
    ? captureBodies(
        { requestId: meta.id, maxBytes: retention.maxBodyBytes, clock: gateway.clock, secrets: gateway.execute.secrets, store: gateway.store.traceBodies, nextAttempt: () => attemptLog.length + 1 },
        request,
      )
    : undefined;
  attemptLog.push = (...entries) => {
    const length = Array.prototype.push.apply(attemptLog, entries);
    for (const attempt of entries) traces.publish({ type: 'attempt-ended', id: meta.id, at: gateway.clock(), attempt });
    return length;
  };
  /** Provider time so far: every finished attempt, and the answering one until `now`. */
  const upstreamUntil = (now: number): { ms: number; called: boolean } => {
    let ms = 0;
    let called = false;
    for (const attempt of attemptLog) {
      if (attempt.outcome === 'skipped') continue;
      called = true;
      ms += attempt.outcome === 'ok' ? now - attempt.startedAt : attempt.latencyMs;
    }
    return { ms, called };
  };
  /** Time the gateway did not spend working: provider time plus backoff waits between attempts. */
  const notOverhead = (now: number): number => {
    let waits = 0;
    for (const attempt of attemptLog) waits += attempt.waitMs ?? 0;
    return upstreamUntil(now).ms + waits;
  };
  if (request.signalbox) request.signalbox.upstreamMs = () => notOverhead(gateway.clock());
  const cancel = new Cancel();
  const raw = reply.raw;
  const onClose = (): void => {
    if (!raw.writableFinished) cancel.abort(new GatewayError('client_cancelled', 'The client went away.'));
  };
  raw.on('close', onClose);
  const unregister = gateway.inFlight.add((reason) => cancel.abort(reason));

  let targeted: ModelTarget | undefined;
  const costHeader = (): string => {
    if (!record.usage) return usdString(0);
    return record.cost ? usdString(record.cost.totalMicros) : 'unknown';
  };

  return {
    id: meta.id,
    record,
    cancel,
    bodies,
    account(usage, estimated) {
      record.usage = usage;
      record.usageEstimated = estimated;
      const target = targeted;
      record.cost = target ? computeCost(usage, gateway.prices.lookup(target.provider, target.upstreamModel)) : null;
      return record.cost;
    },
    costHeader,
    elapsed: () => gateway.clock() - started,
    admit() {
      const refused = gateway.limits.admit(meta.clientKey, gateway.clock());
      if (refused) throw refused;
    },
    attemptLog,
    planned(plan) {
      record.model = plan.requested;
      assertModelAllowed(meta.client, plan);
      record.route = plan.route;
      if (plan.route) reply.header('x-signalbox-route', plan.route);
      traces.publish({
        type: 'planned',
        id: meta.id,
        at: gateway.clock(),
        requested: plan.requested,
        route: plan.route,
        strategy: plan.strategy,
        stream: record.stream,
        attempts: plan.attempts.map((attempt) => ({
          model: attempt.model,
          provider: attempt.target.provider.id,
          upstreamModel: attempt.target.upstreamModel,
          score: attempt.score,
          why: attempt.why,
          timeoutMs: attempt.timeoutMs,
        })),
        skipped: plan.skipped.map((skip) => ({ ...skip })),
      });
    },
    attemptStarted(attempt, timeoutMs) {
      const n = attemptLog.length + 1;
      traces.publish({
        type: 'attempt-started',
        id: meta.id,
        at: gateway.clock(),
        n,
        model: attempt.model,
        provider: attempt.target.provider.id,
        upstreamModel: attempt.target.upstreamModel,
        timeoutMs,
      });
    },
    warn(list) {
      if (!list.length) return;
      warnings.push(...list);
      traces.publish({ type: 'warnings', id: meta.id, at: gateway.clock(), warnings: [...list] });
    },
    overheadMs: () => overheadMs(meta),
    target(target) {
      targeted = target;
      record.provider = target.provider.id;
      record.upstreamModel = target.upstreamModel;
      reply.header('x-signalbox-provider', target.provider.id);
      reply.header('x-signalbox-model', target.upstreamModel);
    },
    answered(attempts) {
      record.attempts = attempts;
      record.firstByteMs = gateway.clock() - started;
      reply.header('x-signalbox-attempts', String(attempts));
      if (targeted) {
        traces.publish({ type: 'first-byte', id: meta.id, at: gateway.clock(), ms: record.firstByteMs, provider: targeted.provider.id, upstreamModel: targeted.upstreamModel });
      }
    },
    fail(error) {
      const failed = toGatewayError(error);
      failure = failed;
      record.errorKind = failed.kind;
      record.status = failed.kind === 'client_cancelled' ? 'cancelled' : 'error';
      if (!raw.headersSent) record.httpStatus = failed.status;
      const calls = record.attemptLog.filter((attempt) => attempt.outcome !== 'skipped');
      const last = calls[calls.length - 1];
      if (!raw.headersSent && gateway.config.ledger.costHeader) reply.header('x-signalbox-cost-usd', costHeader());
      if (last && !record.provider) {
        // Failed before answering: name the last target tried.
        record.attempts = calls.length;
        record.provider = last.provider;
        record.upstreamModel = last.upstreamModel;
        if (!raw.headersSent) {
          reply.header('x-signalbox-attempts', String(calls.length));
          reply.header('x-signalbox-provider', last.provider);
          reply.header('x-signalbox-model', last.upstreamModel);
        }
      }
      if (failed.kind === 'internal') {
        gateway.log.error('request failed', { id: meta.id, error: redactSecrets(String((error as Error | undefined)?.message), gateway.execute.secrets()) });
      }
      return failed;
    },
    end() {
      raw.off('close', onClose);
      unregister();
      const ended = gateway.clock();
      record.latencyMs = ended - started;
      // Time spent on providers: every failed attempt, and the answering one until now.
      const upstream = upstreamUntil(ended);
      record.upstreamMs = upstream.called ? upstream.ms : null;
      const usage = record.usage;
      if (usage) {
        const tokens = usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite + usage.outputText + usage.outputReasoning;
        gateway.limits.record(meta.clientKey, tokens, record.cost?.totalMicros ?? 0, ended);
      }
      gateway.store.record(record);
      bodies?.end();
      traces.publish({
        type: 'finished',
        id: meta.id,
        at: ended,
        record,
        overheadMs: Math.max(0, record.latencyMs - notOverhead(ended)),
        warnings,
        error: failure ? { kind: failure.kind, message: redactSecrets(failure.message, gateway.execute.secrets()), code: failure.code ?? null } : null,
      });
    },
  };
}
