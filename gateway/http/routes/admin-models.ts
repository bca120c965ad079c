/**
 * `GET /admin/models`: every model the admin can use (configured lists and those discovered from the
 * providers, via the model catalogue) with its price in USD per 1M tokens (null when unknown), and the
 * routes. Admin-authenticated; no client key or model allow-list applies.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../../context.js';

export function registerAdminModelRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  app.get('/admin/models', admin, async () => {
    const [models] = await Promise.all([gateway.models.list(), gateway.prices.ready()]);
    const data = models.map(({ id, provider, model }) => {
      const resolved = gateway.providers.get(provider);
      const price = resolved ? gateway.prices.lookup(resolved, model) : undefined;
      return {
        id,
        provider,
        model,
        price: price ? { input: price.input, output: price.output, cacheRead: price.cacheRead ?? null, cacheWrite: price.cacheWrite ?? null } : null,
      };
    });
    const routes = Object.entries(gateway.config.routes).map(([name, route]) => ({ name, strategy: route.strategy, targets: route.targets }));
    return { data, routes };
  });
}
