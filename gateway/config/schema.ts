/**
 * The config document, validated by zod. Types are derived from it; the JSON Schema offered to editors
 * (`signalbox config schema`) is generated from the same object, so the three never disagree.
 */
import { z } from 'zod';
import { PROVIDER_TYPES } from '../providers/catalog.js';
import { checkBaseUrl } from '../upstream/egress-policy.js';
import { LedgerConfig, LimitsConfig } from './ledger-schema.js';
import { LoggingConfig } from './logging-schema.js';
import { MetricsConfig } from './metrics-schema.js';
import { OtelConfig } from './otel-schema.js';
import { TracesConfig } from './traces-schema.js';
import { PricesConfig, RouteConfig, RouteName, RoutingConfig } from './routing-schema.js';

/** Provider ids and client-key names: what appears before the `/` of a model name. */
export const Identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, "-" or "_" (at most 63 characters)');

/**
 * A reference to a secret, never the secret itself: config files are shared, synced and committed.
 * `env:NAME` reads an environment variable when the gateway starts; `keychain:NAME` reads the OS keychain
 * entry NAME (service `signalbox`), set with `signalbox keys set NAME` or in the UI.
 */
export const SecretRef = z
  .string()
  .regex(
    /^(?:env:[A-Za-z_][A-Za-z0-9_]*|keychain:[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/,
    'must be a secret reference such as env:OPENAI_API_KEY or keychain:openai (secret values never go in the config file)',
  )
  .meta({ description: 'Secret reference: env:VARIABLE_NAME, or keychain:NAME for an entry in the OS keychain (set with `signalbox keys set NAME`)' });

const HttpUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.hash && !url.search;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials, query or fragment');

const ModelName = z.string().min(1).max(256);

export const ProviderConfig = z
  .strictObject({
    type: z.enum(PROVIDER_TYPES).meta({ description: 'Wire protocol and preset.' }),
    baseUrl: HttpUrl.optional().meta({ description: 'API base URL, e.g. https://api.openai.com/v1. Optional for presets.' }),
    apiKey: SecretRef.optional(),
    models: z
      .array(ModelName)
      .optional()
      .meta({ description: 'Models offered. When absent they are discovered from the provider\'s model list.' }),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name'), z.string().regex(/^[^\r\n\0]*$/))
      .optional()
      .meta({ description: 'Extra headers sent with every request (e.g. OpenRouter HTTP-Referer).' }),
    timeoutMs: z
      .int()
      .min(100)
      .max(3_600_000)
      .optional()
      .meta({ description: 'Time allowed until the first byte of the answer (default 120000); a route\'s timeoutMs overrides it.' }),
    maxConcurrency: z
      .int()
      .min(1)
      .max(10_000)
      .default(64)
      .meta({ description: 'Requests in flight to this provider at once; more wait in a queue.' }),
    maxQueue: z
      .int()
      .min(0)
      .max(100_000)
      .default(256)
      .meta({ description: 'Requests allowed to wait for a slot; beyond it requests fail with 503 overloaded (or fall back).' }),
    capabilities: z
      .strictObject({ tools: z.boolean().optional(), vision: z.boolean().optional(), jsonSchema: z.boolean().optional() })
      .optional()
      .meta({ description: 'Overrides what the preset says the provider supports (e.g. a local model without tool calling).' }),
    enabled: z.boolean().default(true),
    allowLinkLocal: z
      .boolean()
      .default(false)
      .meta({ description: 'Allow a base URL on a link-local or cloud-metadata address (169.254.0.0/16, fe80::/10, …); refused otherwise.' }),
  })
  .superRefine((provider, context) => {
    if (provider.type === 'openai-compatible' && !provider.baseUrl) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'is required for type openai-compatible' });
    }
    const egress = provider.baseUrl && !provider.allowLinkLocal ? checkBaseUrl(provider.baseUrl) : { ok: true as const };
    if (!egress.ok) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: `points at ${egress.reason}; set allowLinkLocal: true on this provider if that is intended` });
    }
  });

const ClientKeyModels = z
  .array(z.string().min(1).max(256))
  .optional()
  .meta({ description: 'Models and routes the key may use: exact names, `provider/*` or `*`. Absent: all.' });

export const ClientKeyConfig = z.union([
  z.strictObject({ name: Identifier, key: SecretRef, models: ClientKeyModels }),
  z.strictObject({
    name: Identifier,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256 digest').meta({
      description: 'SHA-256 of a generated key (the key itself is shown once, when created).',
    }),
    models: ClientKeyModels,
  }),
]);

export const ServerConfig = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(0).max(65535).default(6464),
  /** Largest accepted request body. */
  bodyLimitMb: z.number().positive().max(512).default(32),
  /** How long in-flight streams may run after a shutdown signal before they are ended with an error. */
  shutdownGraceMs: z.int().min(0).max(600_000).default(10_000),
  requestTimeoutMs: z
    .int()
    .min(100)
    .max(3_600_000)
    .default(60_000)
    .meta({ description: 'Time a client has to send a whole request (headers and body); slower requests get 408.' }),
  allowRemote: z
    .boolean()
    .default(false)
    .meta({ description: 'Allow binding a non-loopback interface (e.g. 0.0.0.0). Also requires at least one client key.' }),
  allowedHosts: z
    .array(z.string().regex(/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port, e.g. 192.168.1.20:6464'))
    .default([])
    .meta({ description: 'Host header values accepted besides 127.0.0.1:PORT, localhost:PORT and [::1]:PORT (for a LAN bind).' }),
  allowedOrigins: z
    .array(
      z.string().refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.toLowerCase();
        } catch {
          return false;
        }
      }, 'must be an origin such as https://app.example.com (scheme, host and port only)'),
    )
    .default([])
    .meta({ description: 'Browser origins allowed to call /v1/* cross-origin (CORS); none by default.' }),
  authFailures: z
    .strictObject({
      burst: z.int().min(1).max(100_000).default(100),
      perMinute: z.int().min(1).max(1_000_000).default(600),
    })
    .default({ burst: 100, perMinute: 600 })
    .meta({
      description:
        'Failed authentications allowed per remote address: a burst, then a sustained rate per minute. Beyond it, failures get 429 with Retry-After instead of 401 (valid keys always pass).',
    }),
});

export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    server: ServerConfig.default(ServerConfig.parse({})),
    providers: z.record(Identifier, ProviderConfig).default({}),
    clientKeys: z.array(ClientKeyConfig).default([]),
    routes: z.record(RouteName, RouteConfig).default({}).meta({ description: 'Named routes, addressable as model names.' }),
    routing: RoutingConfig.default(RoutingConfig.parse({})),
    prices: PricesConfig.default({}),
    ledger: LedgerConfig.default(LedgerConfig.parse({})),
    limits: LimitsConfig.default(LimitsConfig.parse({})),
    logging: LoggingConfig.default(LoggingConfig.parse({})),
    metrics: MetricsConfig.default(MetricsConfig.parse({})).meta({ description: 'Prometheus metrics at GET /metrics.' }),
    traces: TracesConfig.default(TracesConfig.parse({})).meta({ description: 'Live traces and opt-in body retention.' }),
    otel: OtelConfig.default(OtelConfig.parse({})).meta({ description: 'OpenTelemetry: export traces over OTLP/HTTP to a collector (off by default).' }),
  })
  .superRefine((config, context) => {
    // Cross-references the field schemas cannot see: targets name configured providers, not other routes.
    for (const [name, route] of Object.entries(config.routes)) {
      route.targets.forEach((target, index) => {
        const path = ['routes', name, 'targets', index, 'model'];
        const slash = target.model.indexOf('/');
        if (slash > 0 && !(target.model.slice(0, slash) in config.providers)) {
          context.addIssue({ code: 'custom', path, message: `provider "${target.model.slice(0, slash)}" is not configured` });
        } else if (slash < 0 && target.model in config.routes) {
          context.addIssue({ code: 'custom', path, message: 'routes cannot target other routes' });
        }
      });
    }
    // limits.clients may name keys that exist only in the database (created at runtime), so names are not checked here.
    const keyNames = new Set<string>();
    config.clientKeys.forEach((key, index) => {
      if (keyNames.has(key.name)) context.addIssue({ code: 'custom', path: ['clientKeys', index, 'name'], message: `another client key is named "${key.name}"` });
      keyNames.add(key.name);
    });
    const fallbackRoute = config.routing.defaultRoute;
    if (fallbackRoute !== undefined && !(fallbackRoute in config.routes)) {
      context.addIssue({ code: 'custom', path: ['routing', 'defaultRoute'], message: `route "${fallbackRoute}" is not defined` });
    }
  })
  .meta({ title: 'Signalbox configuration' });

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type ProviderConfig = z.output<typeof ProviderConfig>;
export type ClientKeyConfig = z.output<typeof ClientKeyConfig>;
