/** The client-facing API: `/v1/*`, authenticated with a client key. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { modelAllowed } from '../../client-keys/model-access.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { anthropicInbound } from '../../dialects/anthropic-messages/index.js';
import { openaiChatInbound } from '../../dialects/openai-chat/index.js';
import { openaiResponsesInbound } from '../../dialects/openai-responses/index.js';
import { handleCountTokens } from '../count-tokens.js';
import { handleEmbeddings } from '../embeddings.js';
import { handleGeneration } from '../generation.js';
import { requestMeta } from '../request-meta.js';

export function registerV1Routes(app: FastifyInstance, gateway: GatewayContext): void {
  app.post('/v1/chat/completions', { config: { auth: 'client', dialect: 'openai-chat' } }, (request, reply) =>
    handleGeneration(openaiChatInbound, request, reply, gateway),
  );

  // OpenAI Responses (Codex CLI, `openai.responses.*`).
  app.post('/v1/responses', { config: { auth: 'client', dialect: 'openai-responses' } }, (request, reply) =>
    handleGeneration(openaiResponsesInbound, request, reply, gateway),
  );

  // Anthropic Messages: Claude Code appends `?beta=true`; the query string is not part of the route.
  app.post('/v1/messages', { config: { auth: 'client', dialect: 'anthropic-messages' } }, (request, reply) =>
    handleGeneration(anthropicInbound, request, reply, gateway),
  );

  app.post('/v1/messages/count_tokens', { config: { auth: 'client', dialect: 'anthropic-messages' } }, (request, reply) =>
    handleCountTokens(request, reply, gateway),
  );

  app.post('/v1/embeddings', { config: { auth: 'client', dialect: 'openai-embeddings' } }, (request, reply) =>
    handleEmbeddings(request, reply, gateway),
  );

  // Routes are models too (listed first, owned by "signalbox"), and `auto` names the default route.
  const routeModels = (): Array<{ id: string; provider: string; created?: number }> => {
    const names = Object.keys(gateway.config.routes);
    if (names.length && !names.includes('auto')) names.push('auto');
    return names.map((id) => ({ id, provider: 'signalbox' }));
  };

  // A key limited to some models sees only those.
  const visibleModels = async (request: FastifyRequest): Promise<Array<{ id: string; provider: string; created?: number }>> => {
    const allowed = requestMeta(request).client?.models ?? null;
    return [...routeModels(), ...(await gateway.models.list())].filter((model) => modelAllowed(allowed, model.id));
  };

  app.get('/v1/models', { config: { auth: 'client', dialect: 'openai-chat' } }, async (request, reply) => {
    const models = await visibleModels(request);
    const created = Math.floor(gateway.startedAt / 1000);
    const data = models.map((model) => ({ id: model.id, object: 'model', created: model.created ?? created, owned_by: model.provider }));
    return reply.type('application/json').send(JSON.stringify({ object: 'list', data }));
  });

  // Model ids contain "/" (`oai/gpt-4o`), hence the wildcard.
  app.get('/v1/models/*', { config: { auth: 'client', dialect: 'openai-chat' } }, async (request, reply) => {
    const id = (request.params as { '*': string })['*'];
    const model = (await visibleModels(request)).find((entry) => entry.id === id);
    if (!model) throw new GatewayError('model_not_found', `The model '${id}' does not exist.`, { param: 'model', code: 'model_not_found' });
    const created = model.created ?? Math.floor(gateway.startedAt / 1000);
    return reply.type('application/json').send(JSON.stringify({ id: model.id, object: 'model', created, owned_by: model.provider }));
  });
}
