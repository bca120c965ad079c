/**
 * The admin API (`/admin/*`) used by the UI: authenticated with the admin token, read-only for now.
 * Nothing here returns a secret value: config holds references, providers report only whether their key
 * resolved. `GET /admin/status` also names where the gateway keeps its files (`paths`, absolute; for
 * Settings → About).
 */
import type { FastifyInstance } from 'fastify';
import { configJsonSchema } from '../../config/json-schema.js';
import type { GatewayContext } from '../../context.js';
import { PROVIDER_CATALOG } from '../../providers/catalog.js';


export function registerAdminRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  app.get('/admin/status', admin, async () => ({
    version: gateway.version,
    startedAt: new Date(gateway.startedAt).toISOString(),
    uptimeMs: gateway.clock() - gateway.startedAt,
    inFlight: gateway.inFlight.size(),
    paused: gateway.pause?.paused ?? false,
    store: gateway.store.health(),
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
    clientKeys: gateway.clientKeys.list().filter((key) => key.revokedAt === null).map((key) => ({ name: key.name, source: key.source })),
    problems: gateway.clientKeys.problems,
    // Absolute paths only (no secrets live in them); null when this gateway has no such file.
    paths: gateway.paths ?? { dataDir: null, configFile: gateway.configEditor.file, logFile: null, database: null },
  }));

  app.get('/admin/config', admin, async () => gateway.config);

  app.get('/admin/config/schema', admin, async () => configJsonSchema());

  app.get('/admin/providers/catalog', admin, async () =>
    Object.entries(PROVIDER_CATALOG).map(([type, definition]) => ({ type, ...definition })),
  );
}
