/**
 * The admin API's JSON, as the UI reads it. These mirror the gateway's answers (gateway/http/routes/admin*.ts,
 * gateway/store/types.ts, gateway/telemetry/trace-events.ts); the UI only talks to the gateway over HTTP, so
 * this is the contract, kept here rather than imported from server code.
 */

export interface ProviderStatus {
  id: string;
  type: string;
  label: string;
  baseUrl: string;
  models: string[] | null;
  enabled: boolean;
  hasKey: boolean;
  unavailable: string | null;
}

export interface Status {
  version: string;
  startedAt: string;
  uptimeMs: number;
  inFlight: number;
  store: { open: boolean; pending: number; dropped: number; problem?: string | null };
  providers: ProviderStatus[];
  clientKeys: Array<{ name: string; source: 'database' | 'config' }>;
  problems: string[];
  /** Model traffic refused with 503 (`POST /admin/pause`); the admin API and UI keep working. Older gateways omit it. */
  paused?: boolean;
  /** Absolute paths of the gateway's files (null: none); older gateways omit it. */
  paths?: { dataDir: string | null; configFile: string | null; logFile: string | null; database: string | null };
}

export interface Usage {
  inputUncached: number;
  inputCacheRead: number;
  inputCacheWrite: number;
  outputText: number;
  outputReasoning: number;
}

export interface Cost {
  inputMicros: number;
  cacheReadMicros: number;
  cacheWriteMicros: number;
  outputMicros: number;
  totalMicros: number;
}

export interface AttemptLogEntry {
  n: number;
  model: string;
  provider: string;
  upstreamModel: string;
  startedAt: number;
  latencyMs: number;
  outcome: 'ok' | 'error' | 'skipped';
  errorKind: string | null;
  upstreamStatus: number | null;
  message: string | null;
  decision: 'retry' | 'fallback' | 'stop' | null;
  why: string | null;
  waitMs: number | null;
}

export type RequestStatus = 'ok' | 'error' | 'cancelled';

export interface RequestRecord {
  id: string;
  startedAt: number;
  clientKey: string | null;
  endpoint: string;
  model: string;
  route: string | null;
  provider: string | null;
  upstreamModel: string | null;
  stream: boolean;
  status: RequestStatus;
  httpStatus: number;
  errorKind: string | null;
  attempts: number;
  latencyMs: number;
  firstByteMs: number | null;
  upstreamMs: number | null;
  usage: Usage | null;
  usageEstimated: boolean;
  cost: Cost | null;
  attemptLog: AttemptLogEntry[];
  /** How generation ended, per choice (`stop`, `length`, `tool-calls`, `content-filter`, `other`); older gateways omit it. */
  finishReasons?: string[];
}

export interface RequestPage {
  data: RequestRecord[];
  nextCursor: string | null;
}

export type UsageGroup = 'day' | 'hour' | 'provider' | 'model' | 'client' | 'route';

export interface UsageRow extends Usage {
  key: string;
  /** The `splitBy` value ('' for none), when the query had one. */
  split?: string;
  requests: number;
  errors: number;
  costMicros: number;
  costUsd: string;
  unpriced: number;
  estimated: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

export interface UsageAnswer {
  from: string;
  to: string;
  groupBy: UsageGroup;
  totalCostUsd: string;
  data: UsageRow[];
}

export type LimitName = 'usdPerDay' | 'usdPerMonth' | 'tokensPerMinute' | 'requestsPerMinute';

export interface LimitState {
  limit: LimitName;
  used: number;
  max: number;
  resetsAt: string | null;
  share: number;
}

export interface LimitsAnswer {
  warnAt: number;
  scopes: Array<{ scope: string; limits: LimitState[] }>;
  warnings: Array<{ scope: string; limit: LimitName; used: number; max: number; at: number }>;
}

export type Availability = 'closed' | 'open' | 'half-open' | 'probing';

export interface TargetHealth {
  target: string;
  state: Availability;
  consecutiveFailures: number;
  window: { attempts: number; failures: number };
  openReason: string | null;
  reopensAt: string | null;
  lastFailureAt: string | null;
  lastFailureKind: string | null;
  latency: { ttftMs: number | null; totalMs: number | null; samples: number };
}

export interface RoutingHealth {
  targets: TargetHealth[];
  providers: Array<{ provider: string; active: number; queued: number; maxConcurrency: number; maxQueue: number }>;
}

export interface LimitSet {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  usdPerDay?: number;
  usdPerMonth?: number;
}

export interface ClientKey {
  id: string | null;
  name: string;
  source: 'database' | 'config';
  hint: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  models: string[] | null;
  limits: LimitSet | null;
}

export interface CreatedClientKey extends ClientKey {
  /** The only time the key exists in clear. */
  key: string;
}

export interface RouteConfig {
  strategy: 'fallback' | 'weighted' | 'cheapest' | 'fastest';
  targets: Array<{ model: string; weight?: number; timeoutMs?: number }>;
  timeoutMs?: number;
  totalTimeoutMs?: number;
  maxRetries?: number;
  description?: string;
}

/** The parts of `/admin/config` the UI reads; the rest is shown as it comes. */
export interface GatewayConfig {
  server: { host: string; port: number; bodyLimitMb: number; requestTimeoutMs: number; allowRemote: boolean };
  providers: Record<string, { type: string; baseUrl?: string; apiKey?: string; models?: string[]; enabled: boolean; timeoutMs?: number; maxConcurrency: number }>;
  routes: Record<string, RouteConfig>;
  routing: { defaultRoute?: string; totalTimeoutMs: number; retry: Record<string, unknown>; breaker: Record<string, unknown> };
  prices: Record<string, { input: number; output: number; cacheRead?: number; cacheWrite?: number }>;
  ledger: { retentionDays: number; costInResponses: boolean; costHeader: boolean };
  limits: { global: LimitSet; clients: Record<string, LimitSet>; warnAt: number };
  logging?: { level: string; requests: boolean; file?: { enabled?: boolean } };
  metrics?: { enabled: boolean };
  traces?: { ringSize: number; bodies: boolean; maxBodyBytes: number; retentionDays: number };
}

export interface CatalogEntry {
  type: string;
  label: string;
  [field: string]: unknown;
}

export interface RoutingPreview {
  model: string;
  route: string | null;
  strategy: string;
  totalTimeoutMs: number;
  needs: Record<string, unknown>;
  attempts: Array<{
    order: number;
    model: string;
    provider: string;
    upstreamModel: string;
    score: number | null;
    why: string;
    timeoutMs: number;
    maxRetries: number;
    circuit: string;
    forced: boolean;
  }>;
  skipped: Array<{ model: string; provider: string | null; code: string; reason: string }>;
}

/** `GET /admin/models`: every model the gateway can route to, with its price (USD per 1M tokens) when known. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number | null;
  cacheWrite?: number | null;
}

export interface ModelsAnswer {
  data: Array<{ id: string; provider: string; model: string; price: ModelPrice | null }>;
  routes: Array<{ name: string; strategy: RouteConfig['strategy']; targets: RouteConfig['targets'] }>;
}

export interface SavedRoute {
  name: string;
  route: RouteConfig;
  persisted: boolean;
  file: string | null;
}

/** A provider as `PUT /admin/providers/:id` takes it; `apiKey` here is a reference (env:X, keychain:X). */
export interface ProviderInput {
  type: string;
  baseUrl?: string;
  apiKey?: string;
  models?: string[];
  headers?: Record<string, string>;
  timeoutMs?: number;
  enabled?: boolean;
  [field: string]: unknown;
}

export interface SavedProvider {
  id: string;
  status: ProviderStatus;
  persisted: boolean;
  file: string | null;
}

export interface ProviderTestAnswer {
  ok: boolean;
  latencyMs: number;
  models?: string[];
  error?: { kind: string; message: string };
}

export interface SecretEntry {
  name: string;
  ref: string;
  source: 'keychain' | 'env';
  set: boolean;
  hint: string | null;
  usedBy: string[];
}

export interface SecretsAnswer {
  keychain: { available: boolean; reason?: string; [field: string]: unknown };
  secrets: SecretEntry[];
}

/** One retained body in `GET /admin/traces/:id` (`bodies`), redacted of secrets and cut at `maxBodyBytes`. */
export interface TraceBodyView {
  at: number;
  contentType: string;
  /** Size before truncation. */
  bytes: number;
  truncated: boolean;
  body: string;
}

/** The `bodies` of `GET /admin/traces/:id`: the inbound request, each attempt's upstream request, the response. */
export interface TraceBodies {
  /** Whether body retention (`traces.bodies`) is on. */
  retained: boolean;
  /** Why nothing is shown, when nothing is. */
  note: string | null;
  maxBodyBytes?: number;
  request: TraceBodyView | null;
  upstream: Array<TraceBodyView & { attempt: number }>;
  response: TraceBodyView | null;
}
