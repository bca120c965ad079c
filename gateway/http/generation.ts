/**
 * Serving one generation request in any inbound dialect: decode → plan the route → run the attempts →
 * encode. Non-streaming answers are one JSON body; streams are committed (200 + SSE headers) once an
 * attempt has produced its first content, then piped with backpressure, and end with the dialect's
 * terminator or one in-band error.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import type { GatewayError } from '../core/errors.js';
import type { CanonicalRequest } from '../core/request.js';
import type { Usage } from '../core/usage.js';
import type { InboundCodec } from '../dialects/codec.js';
import { execute, type ExecutionResult } from '../routing/execute.js';
import { requestNeeds } from '../routing/needs.js';
import type { Committed } from '../routing/run-plan.js';
import type { PartSource } from '../upstream/part-source.js';
import { trackRequest, type TrackedRequest } from './tracked-request.js';

function streamHeaders(reply: FastifyReply): Record<string, string | number | string[]> {
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = value;
  }
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  headers.connection = 'keep-alive';
  headers['x-accel-buffering'] = 'no';
  return headers;
}

async function streamToClient(codec: InboundCodec, request: CanonicalRequest, source: PartSource, reply: FastifyReply, tracked: TrackedRequest): Promise<GatewayError | undefined> {
  const raw = reply.raw;
  // Committed: from here on the status is 200 and failures travel in-band.
  reply.hijack();
  raw.writeHead(200, streamHeaders(reply));
  tracked.record.httpStatus = 200;
  const encoder = codec.createStreamEncoder(request);
  let usage: Usage | null = null;
  let failure: GatewayError | undefined;
  const onDrain = (): void => source.resume();
  raw.on('drain', onDrain);
  await source.pipe({
    write(batch) {
      let out = '';
      try {
        for (const part of batch) {
          if (part.type === 'usage') usage = part.usage;
          else if (part.type === 'error') failure = part.error;
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
  tracked.record.usage = usage;
  if (failure) tracked.fail(tracked.cancel.aborted ? tracked.cancel.reason : failure);
  else tracked.record.status = 'ok';
  if (!raw.destroyed) raw.end(failure ? undefined : encoder.end());
  return failure;
}

export async function handleGeneration(codec: InboundCodec, request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext): Promise<void> {
  const tracked = trackRequest(codec.dialect, request, reply, gateway);
  let committed: Committed<ExecutionResult> | undefined;
  let failure: GatewayError | undefined;
  try {
    const canonical = codec.decodeRequest(request.body, { headers: request.headers });
    tracked.record.stream = canonical.stream;
    tracked.record.model = canonical.model;
    const plan = await gateway.router.plan(canonical.model, () => requestNeeds(canonical));
    tracked.planned(plan);
    committed = await gateway.router.run(
      plan,
      ({ attempt, timeoutMs, remainingMs, signal, firstByte }) =>
        execute(canonical, attempt.target, gateway.execute, signal, { firstByteTimeoutMs: timeoutMs, totalTimeoutMs: remainingMs, onFirstByte: firstByte }),
      tracked.cancel,
      tracked.attemptLog,
    );
    const result = committed.value;
    tracked.target(committed.attempt.target);
    tracked.answered(committed.attempts);
    if (result.attempt.warnings.length) gateway.log.debug('translation warnings', { id: tracked.id, warnings: result.attempt.warnings.join('; ') });
    if (result.kind === 'stream') {
      failure = await streamToClient(codec, canonical, result.source, reply, tracked);
      return;
    }
    tracked.record.usage = result.response.usage ?? null;
    tracked.record.status = 'ok';
    tracked.record.httpStatus = 200;
    await reply.type('application/json').send(JSON.stringify(codec.encodeResponse(result.response, canonical)));
  } catch (error) {
    failure = tracked.fail(error);
    throw failure;
  } finally {
    committed?.finish(failure);
    tracked.end();
  }
}
