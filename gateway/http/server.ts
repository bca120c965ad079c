/** The Fastify app: hardened options, the single body parser, guards, error handling and all routes. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';
import { encodeErrorBody as encodeAnthropicError, errorStatus as anthropicErrorStatus } from '../dialects/anthropic-messages/errors.js';
import { encodeErrorBody } from '../dialects/openai-chat/errors.js';
import { registerUi } from '../ui.js';
import { registerErrorHandling } from './error-handling.js';
import { registerAdmission } from './guards.js';
import { registerJsonBodyParser } from './json-body.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAdminLedgerRoutes } from './routes/admin-ledger.js';
import { registerAdminRoutingRoutes } from './routes/admin-routing.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerV1Routes } from './routes/v1.js';

export interface ServerOptions {
  bodyLimitBytes: number;
  isClosing: () => boolean;
}

export async function buildServer(gateway: GatewayContext, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    // The whole request (headers and body) must arrive within this; a client that declares a body and
    // never sends it cannot hold a connection forever.
    requestTimeout: 120_000,
    keepAliveTimeout: 72_000,
    // Shutdown is handled by the gateway (503 `shutting_down` in the client's dialect).
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // No route has an Ajv schema, but if one ever does it must not coerce types.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true },
  });

  const openai = { body: encodeErrorBody };
  const anthropic = { body: encodeAnthropicError, status: anthropicErrorStatus };
  registerErrorHandling(app, { 'openai-chat': openai, 'openai-embeddings': openai, 'openai-responses': openai, 'anthropic-messages': anthropic }, openai, gateway.log);
  registerJsonBodyParser(app);
  registerAdmission(app, gateway, options.isClosing);

  registerHealthRoutes(app, gateway, options.isClosing);
  registerV1Routes(app, gateway);
  registerAdminRoutes(app, gateway);
  registerAdminRoutingRoutes(app, gateway);
  registerAdminLedgerRoutes(app, gateway);
  await registerUi(app, gateway.uiRoot);
  return app;
}
