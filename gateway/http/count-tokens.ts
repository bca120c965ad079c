/**
 * `POST /v1/messages/count_tokens` (Anthropic): exact from Anthropic and Gemini upstreams, a tokenizer
 * estimate otherwise. Claude Code calls it constantly, so it is cheap and not written to the ledger.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../core/errors.js';
import { decodeCountTokensRequest } from '../dialects/anthropic-messages/decode-request.js';
import { countInputTokens } from '../routing/count-tokens.js';
import { requestNeeds } from '../routing/needs.js';
import { Cancel } from '../upstream/cancel.js';
import { assertModelAllowed } from './model-access-check.js';
import { requestMeta } from './request-meta.js';

export async function handleCountTokens(request: FastifyRequest, reply: FastifyReply, gateway: GatewayContext): Promise<void> {
  const canonical = decodeCountTokensRequest(request.body, { headers: request.headers });
  // A route counts with the target it would send to first.
  const plan = await gateway.router.plan(canonical.model, () => requestNeeds(canonical));
  assertModelAllowed(requestMeta(request).client, plan);
  const target = plan.attempts[0]?.target;
  if (!target) throw new GatewayError('provider_unavailable', `No target of '${canonical.model}' is available.`, { code: 'no_available_target' });
  if (plan.route) reply.header('x-signalbox-route', plan.route);
  reply.header('x-signalbox-provider', target.provider.id);
  reply.header('x-signalbox-model', target.upstreamModel);
  const cancel = new Cancel();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) cancel.abort(new GatewayError('client_cancelled', 'The client went away.'));
  };
  reply.raw.on('close', onClose);
  try {
    const { inputTokens, exact } = await countInputTokens(canonical, target, gateway.execute, cancel);
    reply.header('x-signalbox-token-count', exact ? 'exact' : 'estimate');
    await reply.type('application/json').send(JSON.stringify({ input_tokens: inputTokens }));
  } finally {
    reply.raw.off('close', onClose);
  }
}
