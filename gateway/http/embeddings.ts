/** Serving `POST /v1/embeddings`: decode, resolve, call, encode in the client's encoding, record. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { decodeEmbeddingsRequest, encodeEmbeddingsResponse } from '../dialects/openai-embeddings/codec.js';
import { executeEmbeddings } from '../routing/execute-embeddings.js';
import { resolveModel } from '../routing/resolve-model.js';
import { Cancel } from '../upstream/cancel.js';
import type { RequestRecord } from '../store/types.js';
import { requestMeta } from './request-meta.js';

export async function handleEmbeddings(request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext): Promise<void> {
  const meta = requestMeta(request);
  const started = gateway.clock();
  const record: RequestRecord = {
    id: meta.id,
    startedAt: started,
    clientKey: meta.clientKey,
    endpoint: 'openai-embeddings',
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
  const onClose = (): void => {
    if (!reply.raw.writableFinished) controller.abort(new GatewayError('client_cancelled', 'The client went away.'));
  };
  reply.raw.on('close', onClose);
  const unregister = gateway.inFlight.add((reason) => controller.abort(reason));
  try {
    const embedding = decodeEmbeddingsRequest(request.body);
    record.model = embedding.model;
    const target = resolveModel(embedding.model, gateway.providers);
    record.provider = target.provider.id;
    record.upstreamModel = target.upstreamModel;
    reply.header('x-signalbox-provider', target.provider.id);
    reply.header('x-signalbox-model', target.upstreamModel);
    const { response, attempt } = await executeEmbeddings(embedding, target, gateway.execute, controller);
    record.attempts = attempt.attempts;
    record.firstByteMs = gateway.clock() - started;
    record.usage = { inputUncached: response.inputTokens, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 };
    record.status = 'ok';
    record.httpStatus = 200;
    reply.header('x-signalbox-attempts', String(attempt.attempts));
    await reply.type('application/json').send(JSON.stringify(encodeEmbeddingsResponse(response, embedding.encoding)));
  } catch (error) {
    const failure = toGatewayError(error);
    record.errorKind = failure.kind;
    record.httpStatus = failure.status;
    if (failure.kind === 'client_cancelled') record.status = 'cancelled';
    throw failure;
  } finally {
    reply.raw.off('close', onClose);
    unregister();
    record.latencyMs = gateway.clock() - started;
    gateway.store.record(record);
  }
}
