/**
 * Serving one generation request in any inbound dialect: decode → resolve model → execute → encode, with
 * client-disconnect abort (on the reply's close, not the request's), backpressure, graceful-shutdown
 * handling, response headers, and the ledger row written in `finally` whatever happened.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError, isGatewayError, toGatewayError } from '../core/errors.js';
import type { CanonicalRequest } from '../core/request.js';
import type { Usage } from '../core/usage.js';
import type { InboundCodec } from '../dialects/codec.js';
import { execute } from '../routing/execute.js';
import { resolveModel } from '../routing/resolve-model.js';
import { Cancel } from '../upstream/cancel.js';
import type { RequestRecord } from '../store/types.js';
import { redactSecrets } from '../secrets/redact.js';
import { requestMeta } from './request-meta.js';

function sseErrorFallback(codec: InboundCodec, error: GatewayError): string {
  const encoder = codec.createStreamEncoder({ model: '', messages: [], stream: true, streamUsage: false });
  return encoder.push({ type: 'error', error });
}

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

export async function handleGeneration(codec: InboundCodec, request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext): Promise<void> {
  const meta = requestMeta(request);
  const started = gateway.clock();
  const record: RequestRecord = {
    id: meta.id,
    startedAt: started,
    clientKey: meta.clientKey,
    endpoint: codec.dialect,
    model: '',
    provider: null,
    upstreamModel: null,
    stream: false,
    status: 'error',
    httpStatus: 500,
    errorKind: null,
    attempts: 0,
    latencyMs: 0,
    firstByteMs: null,
    usage: null,
  };
  const controller = new Cancel();
  const raw = reply.raw;
  const onClose = (): void => {
    if (!raw.writableFinished) controller.abort(new GatewayError('client_cancelled', 'The client went away.'));
  };
  raw.on('close', onClose);
  const unregister = gateway.inFlight.add((reason) => controller.abort(reason));
  try {
    const canonical: CanonicalRequest = codec.decodeRequest(request.body);
    record.model = canonical.model;
    record.stream = canonical.stream;
    const target = resolveModel(canonical.model, gateway.providers);
    record.provider = target.provider.id;
    record.upstreamModel = target.upstreamModel;
    reply.header('x-signalbox-provider', target.provider.id);
    reply.header('x-signalbox-model', target.upstreamModel);

    const result = await execute(canonical, target, gateway.execute, controller);
    record.attempts = result.attempt.attempts;
    record.firstByteMs = gateway.clock() - started;
    reply.header('x-signalbox-attempts', String(result.attempt.attempts));
    if (result.attempt.warnings.length) gateway.log.debug('translation warnings', { id: meta.id, warnings: result.attempt.warnings.join('; ') });

    if (result.kind === 'response') {
      record.usage = result.response.usage ?? null;
      record.status = 'ok';
      record.httpStatus = 200;
      await reply.type('application/json').send(JSON.stringify(codec.encodeResponse(result.response)));
      return;
    }

    // Committed: from here on the status is 200 and failures travel in-band.
    reply.hijack();
    raw.writeHead(200, streamHeaders(reply));
    record.httpStatus = 200;
    const encoder = codec.createStreamEncoder(canonical);
    let usage: Usage | null = null;
    let failure: GatewayError | undefined;
    const source = result.source;
    const onDrain = (): void => source.resume();
    raw.on('drain', onDrain);
    await source.pipe({
      write(batch) {
        let out = '';
        for (const part of batch) {
          if (part.type === 'usage') usage = part.usage;
          else if (part.type === 'error') failure = part.error;
          out += encoder.push(part);
        }
        // A closed client has already aborted the upstream call (see onClose).
        if (!out || raw.destroyed) return true;
        return raw.write(out);
      },
    });
    raw.off('drain', onDrain);
    record.usage = usage;
    if (controller.aborted && isGatewayError(controller.reason) && controller.reason.kind === 'client_cancelled') {
      record.status = 'cancelled';
      record.errorKind = 'client_cancelled';
    } else if (failure) {
      record.errorKind = failure.kind;
      if (failure.kind === 'client_cancelled') record.status = 'cancelled';
    } else {
      record.status = 'ok';
    }
    if (!raw.destroyed) raw.end(failure ? undefined : encoder.end());
  } catch (error) {
    const failure = toGatewayError(error);
    record.errorKind = failure.kind;
    if (failure.kind === 'client_cancelled') record.status = 'cancelled';
    if (failure.kind === 'internal') {
      gateway.log.error('request failed', { id: meta.id, error: redactSecrets(String((error as Error)?.message), gateway.execute.secrets()) });
    }
    if (!raw.headersSent) {
      record.httpStatus = failure.status;
      throw failure;
    }
    // Already streaming (a failure in our own encoding path): end in-band, as any mid-stream error.
    if (!raw.destroyed) raw.end(sseErrorFallback(codec, failure));
  } finally {
    raw.off('close', onClose);
    unregister();
    record.latencyMs = gateway.clock() - started;
    gateway.store.record(record);
  }
}
