/** The Fastify app: hardened options, the single body parser, guards, error handling and all routes. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';
import { encodeErrorBody as encodeAnthropicError, errorStatus as anthropicErrorStatus } from '../dialects/anthropic-messages/errors.js';
import { encodeErrorBody } from '../dialects/openai-chat/errors.js';
import { registerUi } from '../ui.js';
import { handleClientError } from './client-error.js';
import { registerErrorHandling } from './error-handling.js';
import { registerAdmission } from './guards.js';
import { registerJsonBodyParser } from './json-body.js';
import { registerLocalhostGuard } from './localhost-guard.js';
import { registerPauseGate } from './pause-gate.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAdminPlaygroundRoutes } from './routes/admin-playground.js';
import { registerAdminSettingsRoutes } from './routes/admin-settings.js';
import { registerAdminClientKeyRoutes } from './routes/admin-client-keys.js';
import { registerAdminConfigRoutes } from './routes/admin-config.js';
import { registerAdminModelRoutes } from './routes/admin-models.js';
import { registerAdminSessionRoutes } from './routes/admin-session.js';
import { registerAdminLedgerRoutes } from './routes/admin-ledger.js';
import { registerAdminRoutingRoutes } from './routes/admin-routing.js';
import { registerAdminSecretsRoutes } from './routes/admin-secrets.js';
import { registerAdminTraceRoutes } from './routes/admin-traces.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoutes } from './routes/metrics.js';
import { registerV1Routes } from './routes/v1.js';

export interface ServerOptions {
  bodyLimitBytes: number;
  isClosing: () => boolean;
}

export async function buildServer(gateway: GatewayContext, options: ServerOptions): Promise<FastifyInstance> {
  const { requestTimeoutMs, allowedHosts, allowedOrigins } = gateway.config.server;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    // The whole request (headers and body) must arrive within this (408 otherwise); a client that declares
    // a body and never sends it cannot hold a connection forever. Node checks these deadlines only every
    // connectionsCheckingInterval (30 s by default), so the interval follows the timeout.
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(60_000, requestTimeoutMs),
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(requestTimeoutMs / 4))),
    },
    clientErrorHandler: handleClientError,
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
  // Host / Origin / CORS first: before authentication and before any handler, on every route.
  registerLocalhostGuard(app, { allowedHosts, allowedOrigins });
  registerAdmission(app, gateway, options.isClosing);
  // After authentication: while paused, model traffic gets 503 (admin API and UI keep working).
  if (gateway.pause) registerPauseGate(app, gateway.pause);

  registerHealthRoutes(app, gateway, options.isClosing);
  registerMetricsRoutes(app, gateway);
  registerV1Routes(app, gateway);
  registerAdminRoutes(app, gateway);
  registerAdminRoutingRoutes(app, gateway);
  registerAdminLedgerRoutes(app, gateway);
  registerAdminSecretsRoutes(app, gateway);
  registerAdminClientKeyRoutes(app, gateway);
  registerAdminSessionRoutes(app, gateway);
  registerAdminPlaygroundRoutes(app, gateway);
  registerAdminSettingsRoutes(app, gateway);
  registerAdminTraceRoutes(app, gateway);
  registerAdminConfigRoutes(app, gateway);
  registerAdminModelRoutes(app, gateway);
  await registerUi(app, gateway.uiRoot);
  return app;
}
