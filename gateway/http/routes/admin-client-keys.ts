/**
 * Client keys in the admin API: `GET /admin/client-keys` (every key, revoked ones included, never a key or
 * its hash), `POST` (creates one; the answer is the only time the key exists in clear), `PATCH /:ref` (name,
 * models, limits), `DELETE /:ref` (revokes; the key stops working on the next request), and
 * `GET /admin/client-keys/first-run` (the key created on first run, handed out once; then `key: null`).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LimitSet } from '../../config/ledger-schema.js';
import { Identifier } from '../../config/schema.js';
import type { GatewayContext } from '../../context.js';
import { validateRequest } from '../../dialects/validation.js';

const Models = z.array(z.string().min(1).max(256)).max(1000);

const CreateBody = z.strictObject({
  name: Identifier,
  models: Models.nullable().optional(),
  limits: LimitSet.nullable().optional(),
});

const PatchBody = z
  .strictObject({
    name: Identifier.optional(),
    models: Models.nullable().optional(),
    limits: LimitSet.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'must change at least one of name, models, limits');

const RefParams = z.object({ ref: z.string().min(1).max(64) });

export function registerAdminClientKeyRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  app.get('/admin/client-keys', admin, async () => ({ data: gateway.clientKeys.list() }));

  app.post('/admin/client-keys', admin, async (request, reply) => {
    const body = validateRequest(CreateBody, request.body);
    const { key, view } = gateway.clientKeys.create(body);
    gateway.log.info('client key created', { name: view.name, id: view.id });
    return reply.status(201).header('cache-control', 'no-store').send({ ...view, key });
  });

  app.get('/admin/client-keys/first-run', admin, async (_request, reply) => {
    // `key` is null once it was handed out (or when this was not a first run).
    const key = gateway.takeFirstRunKey() ?? null;
    return reply.header('cache-control', 'no-store').send({ name: key ? 'default' : null, key });
  });

  app.patch('/admin/client-keys/:ref', admin, async (request) => {
    const { ref } = validateRequest(RefParams, request.params);
    const view = gateway.clientKeys.update(ref, validateRequest(PatchBody, request.body));
    gateway.log.info('client key changed', { name: view.name, id: view.id });
    return view;
  });

  app.delete('/admin/client-keys/:ref', admin, async (request) => {
    const { ref } = validateRequest(RefParams, request.params);
    const view = gateway.clientKeys.revoke(ref);
    gateway.log.info('client key revoked', { name: view.name, id: view.id });
    return view;
  });
}
