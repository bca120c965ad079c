/** Everything a request handler needs, assembled once by createGateway and passed down explicitly. */
import type { ConfigEditor } from './config/config-edit.js';
import type { GatewayPaths } from './config/gateway-paths.js';
import type { Config } from './config/schema.js';
import type { ClientKeys } from './client-keys/client-keys.js';
import type { AdminSessions } from './http/admin-session.js';
import type { InFlight } from './http/in-flight.js';
import type { PauseSwitch } from './http/pause-gate.js';
import type { ModelCatalog } from './providers/model-catalog.js';
import type { ResolvedProvider } from './providers/registry.js';
import type { LiveKeys } from './secrets/live-keys.js';
import type { SecretVault } from './secrets/vault.js';
import type { Limits } from './accounting/limits.js';
import type { PriceBook } from './accounting/prices.js';
import type { ExecuteDeps } from './routing/execute.js';
import type { Router } from './routing/router.js';
import type { Store } from './store/types.js';
import type { Logger } from './telemetry/log.js';
import type { OtelExport } from './telemetry/otel-export.js';
import type { LiveTraces } from './telemetry/live-traces.js';
import type { TraceBus } from './telemetry/trace-bus.js';

export interface GatewayContext {
  version: string;
  config: Config;
  providers: ReadonlyMap<string, ResolvedProvider>;
  /** Where `keychain:` provider keys live (the OS keychain). */
  vault: SecretVault;
  /** Provider keys kept in step with the vault; every key value seen, for redaction. */
  keys: LiveKeys;
  /** Client keys (database and config), for authentication and the admin API. */
  clientKeys: ClientKeys;
  /** SHA-256 of the admin token. */
  adminTokenDigest: Buffer;
  /** The client key created on first run, once (later calls: undefined). */
  takeFirstRunKey: () => string | undefined;
  /** Browser sessions opened with the admin token (the UI's cookie). */
  adminSessions: AdminSessions;
  store: Store;
  log: Logger;
  /** Trace events of every request (live traces, metrics, OTLP export subscribe here). */
  traces: TraceBus;
  /** The live trace stream's hub (GET /admin/traces/live); closed first at shutdown so streams end at once. */
  liveTraces?: LiveTraces | undefined;
  /** OpenTelemetry export, when on (its counters: exported, failed, dropped). */
  otel?: OtelExport | undefined;
  clock: () => number;
  newId: (prefix: string) => string;
  execute: ExecuteDeps;
  router: Router;
  prices: PriceBook;
  /** Budgets and rate limits, per client key and global. */
  limits: Limits;
  inFlight: InFlight;
  /** Pause / resume of model traffic (the desktop tray); absent means never paused. */
  pause?: PauseSwitch | undefined;
  models: ModelCatalog;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** Admin edits of providers and routes: validated, written to the config file (if known), serialised. */
  configEditor: ConfigEditor;
  /** The environment `env:` references resolve from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Providers allowed past the egress policy (`allowLinkLocal`), shared with the upstream client; undefined when the client was injected. */
  linkLocalProviders: Set<string> | undefined;
  /** Directory of the built renderer, if any. */
  uiRoot: string | undefined;
  /** Where this gateway keeps its files (Settings → About). */
  paths?: GatewayPaths | undefined;
}
