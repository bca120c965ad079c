/**
 * Serving one generation request in any inbound dialect: decode → plan the route → run the attempts →
 * encode. Non-streaming answers are one JSON body; streams are committed (200 + SSE headers) once an
 * attempt has produced its first content, then piped with backpressure, and end with the dialect's
 * terminator or one in-band error.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../core/errors.js';
import type { CanonicalRequest } from '../core/request.js';
import type { Usage } from '../core/usage.js';
import type { InboundCodec } from '../dialects/codec.js';
import { execute, type ExecutionResult } from '../routing/execute.js';
import { requestNeeds } from '../routing/needs.js';
import { cutAfterFirstContent, failBeforeSending, type Fault } from '../routing/fault-injection.js';
import type { PlannedAttempt } from '../routing/plan.js';
import type { Committed } from '../routing/run-plan.js';
import type { CancelSignal } from '../upstream/cancel.js';
import type { PartSource } from '../upstream/part-source.js';
import { createOutputCollector, estimateUsage, responseTexts, type OutputCollector } from '../accounting/usage-estimate.js';
import { toUsd } from '../accounting/cost.js';
import { OVERHEAD_HEADER } from './guards.js';
import { recordFinish } from './finish-reasons.js';
import { trackRequest, type TrackedRequest } from './tracked-request.js';

/** Dialects whose non-streamed answers carry Signalbox's `cost` and `latency` objects. */
const COST_IN_BODY = new Set(['openai-chat', 'openai-responses']);

function streamHeaders(reply: FastifyReply, costTrailer: boolean, overhead: string): Record<string, string | number | string[]> {
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = value;
  }
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  headers.connection = 'keep-alive';
  headers['x-accel-buffering'] = 'no';
  headers[OVERHEAD_HEADER] = overhead;
  // The cost is known only at the end: it follows the body as an HTTP trailer.
  if (costTrailer) headers.trailer = 'x-signalbox-cost-usd';
  return headers;
}

async function streamToClient(
  codec: InboundCodec,
  request: CanonicalRequest,
  source: PartSource,
  reply: FastifyReply,
  tracked: TrackedRequest,
  gateway: GatewayContext,
): Promise<GatewayError | undefined> {
  const raw = reply.raw;
  const costTrailer = gateway.config.ledger.costHeader;
  // Committed: from here on the status is 200 and failures travel in-band.
  reply.hijack();
  raw.writeHead(200, streamHeaders(reply, costTrailer, tracked.overheadMs()));
  tracked.record.httpStatus = 200;
  const encoder = codec.createStreamEncoder(request);
  let usage: Usage | null = null;
  let failure: GatewayError | undefined;
  const output: OutputCollector = createOutputCollector();
  const onDrain = (): void => source.resume();
  raw.on('drain', onDrain);
  await source.pipe({
    write(batch) {
      let out = '';
      try {
        for (const part of batch) {
          tracked.bodies?.part(part);
          if (part.type === 'usage') usage = part.usage;
          else if (part.type === 'error') failure = part.error;
          else if (part.type === 'finish') recordFinish(tracked.record.finishReasons, part.choice, part.reason.unified);
          else output.push(part);
          out += encoder.push(part);
        }
      } catch (error) {
        // A bug in our own encoding must still end the stream in-band, never hang or crash: through the
        // same encoder if it still works (it owns sequence numbers and block state), else a fresh one.
        failure = tracked.fail(error);
        const part = { type: 'error' as const, error: failure };
        try {
          out += encoder.push(part);
        } catch {
          out += codec.createStreamEncoder(request).push(part);
        }
        source.close();
      }
      // A closed client has already cancelled the upstream call (see tracked-request.ts).
      if (!out || raw.destroyed) return true;
      return raw.write(out);
    },
  });
  raw.off('drain', onDrain);
  if (failure) tracked.fail(tracked.cancel.aborted ? tracked.cancel.reason : failure);
  else tracked.record.status = 'ok';
  // No usage from the provider (or the stream was cut short): count what was generated.
  await account(tracked, gateway, usage ?? (await estimateUsage(request, output.texts())), usage === null);
  if (!raw.destroyed) {
    if (!failure) raw.write(encoder.end());
    if (costTrailer) raw.addTrailers({ 'x-signalbox-cost-usd': tracked.costHeader() });
    raw.end();
  }
  return failure;
}

async function account(tracked: TrackedRequest, gateway: GatewayContext, usage: Usage, estimated: boolean): Promise<void> {
  await gateway.prices.ready();
  tracked.account(usage, estimated);
}

export interface GenerationOptions {
  /** Playground only: targets (`provider/model` or the route's model name) to fail on purpose, for this request. */
  faults?: ReadonlyMap<string, Fault>;
}

/** Runs one attempt, failing it first when the playground asked for a fault on its target. */
async function attemptWithFaults(
  run: () => Promise<ExecutionResult>,
  attempt: PlannedAttempt,
  signal: CancelSignal,
  faults: ReadonlyMap<string, Fault> | undefined,
): Promise<ExecutionResult> {
  const fault = faults && (faults.get(attempt.key) ?? faults.get(attempt.model));
  if (!fault) return run();
  if (fault !== 'cut') return failBeforeSending(fault, attempt.target, signal);
  const result = await run();
  if (result.kind === 'stream') return { ...result, source: cutAfterFirstContent(result.source, attempt.target) };
  // Not streamed: the answer is lost after it was sent (a reset).
  throw new GatewayError('upstream_reset', `Injected by the playground: the connection to ${attempt.target.provider.id} was reset after the request was sent.`, {
    provider: attempt.target.provider.id,
    code: 'injected_fault',
    injected: true,
  });
}

export async function handleGeneration(codec: InboundCodec, request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext, options: GenerationOptions = {}): Promise<void> {
  const tracked = trackRequest(codec.dialect, request, reply, gateway);
  let committed: Committed<ExecutionResult> | undefined;
  let failure: GatewayError | undefined;
  let canonical: CanonicalRequest | undefined;
  try {
    const decoded = codec.decodeRequest(request.body, { headers: request.headers });
    canonical = decoded;
    tracked.admit();
    tracked.record.stream = decoded.stream;
    tracked.record.model = decoded.model;
    const plan = await gateway.router.plan(decoded.model, () => requestNeeds(decoded));
    tracked.planned(plan);
    committed = await gateway.router.run(
      plan,
      ({ attempt, timeoutMs, remainingMs, signal, firstByte }) => {
        tracked.attemptStarted(attempt, timeoutMs);
        const run = (): Promise<ExecutionResult> =>
          execute(decoded, attempt.target, gateway.execute, signal, {
            firstByteTimeoutMs: timeoutMs,
            totalTimeoutMs: remainingMs,
            onFirstByte: firstByte,
            onUpstreamBody: tracked.bodies?.upstream(),
          });
        return options.faults ? attemptWithFaults(run, attempt, signal, options.faults) : run();
      },
      tracked.cancel,
      tracked.attemptLog,
    );
    const result = committed.value;
    tracked.target(committed.attempt.target);
    tracked.answered(committed.attempts);
    if (result.attempt.warnings.length) gateway.log.debug('translation warnings', { id: tracked.id, warnings: result.attempt.warnings.join('; ') });
    tracked.warn(result.attempt.warnings);
    if (result.kind === 'stream') {
      failure = await streamToClient(codec, decoded, result.source, reply, tracked, gateway);
      return;
    }
    const reported = result.response.usage;
    await account(tracked, gateway, reported ?? (await estimateUsage(decoded, responseTexts(result.response))), !reported);
    tracked.record.status = 'ok';
    tracked.record.httpStatus = 200;
    for (const choice of result.response.choices) recordFinish(tracked.record.finishReasons, choice.index, choice.finishReason.unified);
    const body = codec.encodeResponse(result.response, decoded) as Record<string, unknown>;
    const ledger = gateway.config.ledger;
    if (ledger.costInResponses && COST_IN_BODY.has(codec.dialect)) {
      const cost = tracked.record.cost;
      body.cost = cost
        ? { input_cost: toUsd(cost.inputMicros + cost.cacheReadMicros + cost.cacheWriteMicros), output_cost: toUsd(cost.outputMicros), total_cost: toUsd(cost.totalMicros), currency: 'USD' }
        : { input_cost: null, output_cost: null, total_cost: null, currency: 'USD' };
      body.latency = { total_time_ms: tracked.elapsed(), ttfb_ms: tracked.record.firstByteMs };
    }
    if (ledger.costHeader) reply.header('x-signalbox-cost-usd', tracked.costHeader());
    const text = JSON.stringify(body);
    tracked.bodies?.response(text);
    await reply.type('application/json').send(text);
  } catch (error) {
    failure = tracked.fail(error);
    // The client left (or shutdown ended it) after the request was sent: the provider may bill the input.
    const sent = tracked.attemptLog.some((attempt) => attempt.outcome !== 'skipped');
    if (canonical && sent && (failure.kind === 'client_cancelled' || failure.kind === 'shutting_down')) {
      await account(tracked, gateway, await estimateUsage(canonical, []), true);
    }
    throw failure;
  } finally {
    committed?.finish(failure);
    tracked.end();
  }
}
