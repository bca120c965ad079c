/**
 * Config for routing and resilience: named routes (addressable as model names), the retry policy, the
 * circuit breaker, and per-model price overrides. Defaults follow ../shared/reference/security.md §3.2.
 */
import { z } from 'zod';

/** Route names are model names a client sends: no `/` (that addresses a provider directly). */
export const RouteName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/, 'must be letters, digits, ".", "_", ":" or "-" (no "/"; at most 63 characters)');

export const STRATEGIES = ['fallback', 'weighted', 'cheapest', 'fastest'] as const;
export type Strategy = (typeof STRATEGIES)[number];

const TimeoutMs = z.int().min(100).max(3_600_000);

export const RouteTarget = z.strictObject({
  model: z.string().min(1).max(256).meta({ description: 'A model as a client would name it: "<provider>/<model>" or a vendor model name.' }),
  weight: z.number().positive().max(1_000_000).optional().meta({ description: 'Relative share of traffic (strategy weighted; default 1).' }),
  timeoutMs: TimeoutMs.optional().meta({ description: 'Time allowed until the first byte from this target; overrides the route and the provider.' }),
});

export const RouteConfig = z.strictObject({
  strategy: z.enum(STRATEGIES).default('fallback').meta({
    description: 'fallback: in order · weighted: by weight, then the rest · cheapest: by estimated cost · fastest: by measured latency.',
  }),
  targets: z.array(RouteTarget).min(1).max(32),
  timeoutMs: TimeoutMs.optional().meta({ description: 'Time allowed per attempt until the first byte; overrides each provider\'s timeoutMs.' }),
  totalTimeoutMs: TimeoutMs.optional().meta({ description: 'Deadline for the whole request before it is answered, retries included.' }),
  maxRetries: z.int().min(0).max(10).optional().meta({ description: 'Retries of the same target on retriable errors (default routing.retry.maxRetries).' }),
  description: z.string().max(500).optional(),
});

export const RetryConfig = z.strictObject({
  maxRetries: z.int().min(0).max(10).default(2).meta({ description: 'Retries of one target on 429/5xx/connect failures before falling back.' }),
  baseDelayMs: z.int().min(0).max(60_000).default(250).meta({ description: 'Full-jitter exponential backoff base.' }),
  maxDelayMs: z.int().min(0).max(120_000).default(4_000).meta({ description: 'Backoff cap for one wait.' }),
  maxRetryAfterMs: z.int().min(0).max(600_000).default(20_000).meta({ description: 'Longest provider Retry-After honoured; longer → fall back or fail fast.' }),
  maxTotalWaitMs: z.int().min(0).max(3_600_000).default(60_000).meta({ description: 'Cumulative waiting allowed per request.' }),
  budgetRatio: z.number().min(0).max(10).default(0.2).meta({ description: 'Retries allowed as a share of requests over the last 10 s (a retry storm guard).' }),
  budgetMinPerSecond: z.number().min(0).max(1000).default(5).meta({ description: 'Retries always allowed per second, whatever the ratio.' }),
  retryAfterReset: z.boolean().default(false).meta({
    description: 'Retry a request whose connection was reset after it was sent. Off by default: the provider may already have processed (and billed) it.',
  }),
});

export const BreakerConfig = z.strictObject({
  consecutiveFailures: z.int().min(1).max(1000).default(5).meta({ description: 'Opens after this many failures in a row.' }),
  errorRatio: z.number().gt(0).max(1).default(0.5).meta({ description: 'Opens when failures / attempts over the window exceed this…' }),
  minAttempts: z.int().min(1).max(100_000).default(20).meta({ description: '…and the window holds at least this many attempts.' }),
  windowMs: z.int().min(1_000).max(3_600_000).default(60_000),
  cooldownMs: z.int().min(100).max(3_600_000).default(30_000).meta({ description: 'Time open before one probe request is let through.' }),
});

export const RoutingConfig = z.strictObject({
  defaultRoute: RouteName.optional().meta({ description: 'Route used for model "auto" (default: the route named "auto", else the first route).' }),
  totalTimeoutMs: TimeoutMs.default(600_000).meta({ description: 'Deadline per request until it is answered, retries included.' }),
  idleTimeoutMs: TimeoutMs.default(120_000).meta({ description: 'Longest silence inside an answer (keep-alive comments count as activity).' }),
  retry: RetryConfig.default(RetryConfig.parse({})),
  breaker: BreakerConfig.default(BreakerConfig.parse({})),
});

/** USD per 1M tokens. */
export const ModelPriceConfig = z.strictObject({
  input: z.number().min(0).max(100_000),
  output: z.number().min(0).max(100_000),
  cacheRead: z.number().min(0).max(100_000).optional(),
  cacheWrite: z.number().min(0).max(100_000).optional(),
});

export const PricesConfig = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}\/.+$/, 'must be "<provider>/<model>"'), ModelPriceConfig)
  .meta({ description: 'Per-model price overrides in USD per 1M tokens, keyed "<provider>/<model>".' });

export type RouteConfig = z.output<typeof RouteConfig>;
export type RouteTarget = z.output<typeof RouteTarget>;
export type RetryConfig = z.output<typeof RetryConfig>;
export type BreakerConfig = z.output<typeof BreakerConfig>;
export type RoutingConfig = z.output<typeof RoutingConfig>;
export type ModelPriceConfig = z.output<typeof ModelPriceConfig>;
