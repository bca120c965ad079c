/** Serving `POST /v1/embeddings`: decode, resolve, call, encode in the client's encoding, record. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { decodeEmbeddingsRequest, encodeEmbeddingsResponse } from '../dialects/openai-embeddings/codec.js';
import { executeEmbeddings } from '../routing/execute-embeddings.js';
import { resolveModel } from '../routing/resolve-model.js';
import { trackRequest } from './tracked-request.js';

export async function handleEmbeddings(request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext): Promise<void> {
  const tracked = trackRequest('openai-embeddings', request, reply, gateway);
  try {
    const embedding = decodeEmbeddingsRequest(request.body);
    const target = resolveModel(embedding.model, gateway.providers);
    tracked.target(embedding.model, target);
    const { response, attempt } = await executeEmbeddings(embedding, target, gateway.execute, tracked.cancel);
    tracked.answered(attempt.attempts);
    tracked.record.usage = { inputUncached: response.inputTokens, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 };
    tracked.record.status = 'ok';
    tracked.record.httpStatus = 200;
    await reply.type('application/json').send(JSON.stringify(encodeEmbeddingsResponse(response, embedding.encoding)));
  } catch (error) {
    throw tracked.fail(error);
  } finally {
    tracked.end();
  }
}
