/** Serving `POST /v1/embeddings`: decode, plan (routes work here too), call, encode in the client's encoding, record. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { decodeEmbeddingsRequest, encodeEmbeddingsResponse } from '../dialects/openai-embeddings/codec.js';
import { toUsd } from '../accounting/cost.js';
import type { GatewayError } from '../core/errors.js';
import { executeEmbeddings } from '../routing/execute-embeddings.js';
import { embeddingNeeds } from '../routing/needs.js';
import { trackRequest } from './tracked-request.js';

export async function handleEmbeddings(request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext): Promise<void> {
  const tracked = trackRequest('openai-embeddings', request, reply, gateway);
  let finish: ((error?: GatewayError) => void) | undefined;
  let failure: GatewayError | undefined;
  try {
    const embedding = decodeEmbeddingsRequest(request.body);
    tracked.admit();
    tracked.record.model = embedding.model;
    const plan = await gateway.router.plan(embedding.model, () => embeddingNeeds(embedding.input));
    tracked.planned(plan);
    const committed = await gateway.router.run(
      plan,
      ({ attempt, timeoutMs, remainingMs, signal, firstByte }) => {
        tracked.attemptStarted(attempt, timeoutMs);
        return executeEmbeddings(embedding, attempt.target, gateway.execute, signal, {
          firstByteTimeoutMs: timeoutMs,
          totalTimeoutMs: remainingMs,
          onFirstByte: firstByte,
          onUpstreamBody: tracked.bodies?.upstream(),
        });
      },
      tracked.cancel,
      tracked.attemptLog,
    );
    finish = committed.finish;
    const { response } = committed.value;
    tracked.target(committed.attempt.target);
    tracked.answered(committed.attempts);
    await gateway.prices.ready();
    const cost = tracked.account({ inputUncached: response.inputTokens, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 }, false);
    tracked.record.status = 'ok';
    tracked.record.httpStatus = 200;
    const body = encodeEmbeddingsResponse(response, embedding.encoding) as unknown as Record<string, unknown>;
    const ledger = gateway.config.ledger;
    if (ledger.costInResponses) {
      body.cost = cost
        ? { input_cost: toUsd(cost.totalMicros), output_cost: 0, total_cost: toUsd(cost.totalMicros), currency: 'USD' }
        : { input_cost: null, output_cost: null, total_cost: null, currency: 'USD' };
      body.latency = { total_time_ms: tracked.elapsed(), ttfb_ms: tracked.record.firstByteMs };
    }
    if (ledger.costHeader) reply.header('x-signalbox-cost-usd', tracked.costHeader());
    const text = JSON.stringify(body);
    tracked.bodies?.response(text);
    await reply.type('application/json').send(text);
  } catch (error) {
    failure = tracked.fail(error);
    throw failure;
  } finally {
    finish?.(failure);
    tracked.end();
  }
}
