/**
 * Config for Prometheus metrics (`GET /metrics`): on by default (the route still needs a client key or the
 * admin token), and the cap on distinct label sets per metric that keeps a stream of odd model names from
 * growing the scrape without bound.
 */
import { z } from 'zod';

export const MetricsConfig = z.strictObject({
  enabled: z.boolean().default(true).meta({ description: 'Serve Prometheus metrics at GET /metrics (client key or admin token required).' }),
  maxSeriesPerMetric: z
    .int()
    .min(10)
    .max(100_000)
    .default(200)
    .meta({ description: 'Distinct label sets kept per metric; beyond it, model and route labels of new series become "other".' }),
});

export type MetricsConfig = z.output<typeof MetricsConfig>;
