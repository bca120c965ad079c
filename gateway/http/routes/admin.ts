/**
 * The admin API (`/admin/*`) used by the UI: authenticated with the admin token, read-only for now.
 * Nothing here returns a secret value: config holds references, providers report only whether their key
 * resolved.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { configJsonSchema } from '../../config/json-schema.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { PROVIDER_CATALOG } from '../../providers/catalog.js';
import { validateRequest } from '../../dialects/validation.js';

const RequestsQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const RequestParams = z.object({ id: z.string().min(1).max(64) });

export function registerAdminRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  app.get('/admin/status', admin, async () => ({
    version: gateway.version,
    startedAt: new Date(gateway.startedAt).toISOString(),
    uptimeMs: gateway.clock() - gateway.startedAt,
    inFlight: gateway.inFlight.size(),
    store: { open: gateway.store.isOpen(), ...gateway.store.stats() },
    providers: [...gateway.providers.values()].map((provider) => ({
      id: provider.id,
      type: provider.type,
      label: provider.definition.label,
      baseUrl: provider.baseUrl,
      models: provider.models ?? null,
      enabled: provider.enabled,
      hasKey: provider.apiKey !== undefined,
      unavailable: provider.unavailable ?? null,
    })),
    clientKeys: gateway.clientKeys.entries.map((entry) => ({ name: entry.name })),
    problems: gateway.clientKeys.problems,
  }));

  app.get('/admin/config', admin, async () => gateway.config);

  app.get('/admin/config/schema', admin, async () => configJsonSchema());

  app.get('/admin/providers/catalog', admin, async () =>
    Object.entries(PROVIDER_CATALOG).map(([type, definition]) => ({ type, ...definition })),
  );

  app.get('/admin/requests', admin, async (request) => {
    const { limit } = validateRequest(RequestsQuery, request.query);
    // The list omits attempt logs; GET /admin/requests/:id has them.
    return { data: gateway.store.recentRequests(limit).map(({ attemptLog: _omitted, ...record }) => record) };
  });

  app.get('/admin/requests/:id', admin, async (request) => {
    const { id } = validateRequest(RequestParams, request.params);
    const record = gateway.store.request(id);
    if (!record) throw new GatewayError('not_found', `No request with id '${id}' is recorded.`, { code: 'not_found' });
    return record;
  });
}
