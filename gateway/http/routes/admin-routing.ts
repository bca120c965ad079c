/**
 * Routing in the admin API: `POST /admin/routing/preview` runs the very planning function requests use on
 * a request body (in any inbound dialect) and returns the ordered attempts with scores and reasons and the
 * skipped targets — the routing playground's "what would happen". `GET /admin/routing/health` reports each
 * target's circuit and measured latency, and each provider's concurrency load.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../../context.js';
import { anthropicInbound } from '../../dialects/anthropic-messages/index.js';
import type { InboundCodec } from '../../dialects/codec.js';
import { openaiChatInbound } from '../../dialects/openai-chat/index.js';
import { openaiResponsesInbound } from '../../dialects/openai-responses/index.js';
import { validateRequest } from '../../dialects/validation.js';
import { requestNeeds } from '../../routing/needs.js';
import type { RoutePlan } from '../../routing/plan.js';

const INBOUND: Record<string, InboundCodec> = {
  'openai-chat': openaiChatInbound,
  'openai-responses': openaiResponsesInbound,
  'anthropic-messages': anthropicInbound,
};

const PreviewQuery = z.object({ dialect: z.enum(['openai-chat', 'openai-responses', 'anthropic-messages']).default('openai-chat') });

function describePlan(plan: RoutePlan, needs: ReturnType<typeof requestNeeds>): unknown {
  return {
    model: plan.requested,
    route: plan.route,
    strategy: plan.strategy,
    totalTimeoutMs: plan.totalTimeoutMs,
    needs,
    attempts: plan.attempts.map((attempt, index) => ({
      order: index + 1,
      model: attempt.model,
      provider: attempt.target.provider.id,
      upstreamModel: attempt.target.upstreamModel,
      score: attempt.score,
      why: attempt.why,
      timeoutMs: attempt.timeoutMs,
      maxRetries: attempt.maxRetries,
      circuit: attempt.circuit,
      forced: attempt.forced,
    })),
    skipped: plan.skipped,
  };
}

export function registerAdminRoutingRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  app.post('/admin/routing/preview', admin, async (request) => {
    const { dialect } = validateRequest(PreviewQuery, request.query);
    const codec = INBOUND[dialect] as InboundCodec;
    const canonical = codec.decodeRequest(request.body, { headers: request.headers });
    const needs = requestNeeds(canonical);
    const plan = await gateway.router.plan(canonical.model, () => needs);
    return describePlan(plan, needs);
  });

  app.get('/admin/routing/health', admin, async () => ({
    targets: gateway.router.health.report(),
    providers: gateway.router.load(),
  }));
}
