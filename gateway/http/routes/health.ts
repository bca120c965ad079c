/**
 * Unauthenticated probes. Deliberately minimal: no product name, version or configuration, so a web page
 * probing localhost learns nothing beyond "something answers".
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../../context.js';

export function registerHealthRoutes(app: FastifyInstance, gateway: GatewayContext, isClosing: () => boolean): void {
  app.get('/health', { config: { auth: 'public' } }, async (_request, reply) => reply.send({ status: 'ok' }));

  app.get('/ready', { config: { auth: 'public' } }, async (_request, reply) => {
    const ready = !isClosing() && gateway.store.isOpen();
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
}
