/**
 * `GET /metrics`: Prometheus text exposition of the gateway's metrics (see README "Metrics"). Not public:
 * a client key or the admin token (auth level `metrics`). Absent (404) when `metrics.enabled` is false.
 * The metrics subscribe to the trace bus here, when the server is built, and unsubscribe when it closes.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../../context.js';
import { createGatewayMetrics } from '../../telemetry/metrics.js';

export function registerMetricsRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const config = gateway.config.metrics;
  if (!config.enabled) return;
  const metrics = createGatewayMetrics(
    { traces: gateway.traces, providers: gateway.providers, router: gateway.router, inFlight: gateway.inFlight, store: gateway.store, version: gateway.version },
    { maxSeriesPerMetric: config.maxSeriesPerMetric },
  );
  app.addHook('onClose', async () => metrics.close());

  app.get('/metrics', { config: { auth: 'metrics', dialect: 'openai-chat' } }, async (_request, reply) => {
    const body = await metrics.scrape();
    return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(body);
  });
}
