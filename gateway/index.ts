/**
 * createGateway(options) → { app, listen, close }: all that electron/ and the CLI import. Assembles the
 * context (providers, keys, store, upstream client, executor deps) and the Fastify server, and owns the
 * graceful shutdown.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createConfigEditor } from './config/config-edit.js';
import { createConfigFileWriter } from './config/config-writer.js';
import { gatewayPaths } from './config/gateway-paths.js';
import type { Config } from './config/schema.js';
import type { GatewayContext } from './context.js';
import { GatewayError } from './core/errors.js';
import { outboundCodec } from './dialects/outbound.js';
import { createSignatureCache } from './dialects/signature-cache.js';
import { createClientKeys } from './client-keys/client-keys.js';
import { createAdminSessions } from './http/admin-session.js';
import { BindRefusedError, bindPolicy } from './http/bind-policy.js';
import { createInFlight } from './http/in-flight.js';
import { limitsFor } from './http/limits-check.js';
import { createPauseSwitch } from './http/pause-gate.js';
import type { GatewayAlert } from './alerts.js';
import { buildServer } from './http/server.js';
import { newId as defaultNewId } from './ids.js';
import { createModelCatalog } from './providers/model-catalog.js';
import { keychainNames, resolveProviders } from './providers/registry.js';
import { loadPriceCatalog } from './accounting/price-catalog.js';
import { createPriceBook } from './accounting/prices.js';
import type { ExecuteLimits } from './routing/execute.js';
import { createRouter } from './routing/router.js';
import { lookupKeychain } from './secrets/keychain-lookup.js';
import { createKeyringVault } from './secrets/keyring-vault.js';
import { createLiveKeys } from './secrets/live-keys.js';
import type { SecretVault } from './secrets/vault.js';
import { createMemoryStore } from './store/memory/memory-store.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/types.js';
import { subscribeAccessLog } from './telemetry/access-log.js';
import type { Logger } from './telemetry/log.js';
import { openGatewayLog, type LoggingOverrides } from './telemetry/log-setup.js';
import { setupOtel } from './telemetry/otel-export.js';
import { createLiveTraces } from './telemetry/live-traces.js';
import { createTraceBus } from './telemetry/trace-bus.js';
import { defaultUiRoot } from './ui.js';
import { createUpstreamClient, type UpstreamClient } from './upstream/http-client.js';
import { VERSION } from './version.js';

export interface GatewayOptions {
  config: Config;
  /** The file `config` was loaded from: admin edits of providers and routes are written back to it. Without it they apply live only. */
  configFile?: string;
  /** Directory for the SQLite ledger; without it the ledger is kept in memory. */
  dataDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Admin token; default: SIGNALBOX_ADMIN_TOKEN, else random per launch. */
  adminToken?: string;
  /** A logger owned by the caller (not closed by the gateway). Default: built from config `logging` and `logging` below. */
  log?: Logger;
  /** When no `log` is given: overrides of config `logging` (level, the log file in `<dataDir>/logs/`, stderr). */
  logging?: LoggingOverrides;
  /** Built renderer directory; `null` serves no UI. Default: the bundled build, if present. */
  uiRoot?: string | null;
  upstream?: UpstreamClient;
  clock?: () => number;
  newId?: (prefix: string) => string;
  /** Samples in [0, 1) for weighted routing and backoff jitter. */
  random?: () => number;
  limits?: Partial<ExecuteLimits>;
  /** Where `keychain:` keys live; default: the OS keychain (only touched when a `keychain:` ref or the admin API needs it). */
  vault?: SecretVault;
  /** On first run (no client key ever created or configured), create one named `default` (see `firstRunKey`). */
  createFirstKey?: boolean;
  /** Told about events worth a desktop notification: budget warnings and refusals, provider circuits opening and closing. Must not throw. */
  onAlert?: (alert: GatewayAlert) => void;
}

export interface ListenOptions {
  port?: number;
  host?: string;
  /** Opt in to a non-loopback bind (as `server.allowRemote`); client keys are still required. */
  allowRemote?: boolean;
}

export interface Gateway {
  app: FastifyInstance;
  context: GatewayContext;
  adminToken: string;
  /** The client key created on first run (`createFirstKey`), to show once; undefined otherwise. */
  firstRunKey: string | undefined;
  /** The log file being written (`<dataDir>/logs/signalbox.log`), if any. */
  logFile: string | undefined;
  /** Resolves with the actual address once listening (`port: 0` picks a free port). */
  listen(options?: ListenOptions): Promise<{ url: string; host: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish within the grace period, then ends them. */
  close(): Promise<void>;
  /** Whether model traffic is paused (503 in the client's dialect; admin API and UI keep working). */
  readonly paused: boolean;
  pause(): void;
  resume(): void;
}

export const DEFAULT_LIMITS: ExecuteLimits = {
  maxResponseBytes: 64 * 1024 * 1024,
  idleTimeoutMs: 120_000,
  totalTimeoutMs: 600_000,
};

function openStore(dataDir: string | undefined, log: Logger): Store {
  if (!dataDir) return createMemoryStore();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return openSqliteStore({ file: join(dataDir, 'signalbox.db'), onError: (message) => log.error(message), onWarning: (message) => log.warn(message) });
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const env = options.env ?? process.env;
  // Provider keys are known once the keys are loaded; until then there is nothing to scrub.
  let knownSecrets = (): readonly string[] => [];
  const ownLog = options.log
    ? undefined
    : openGatewayLog({ config: options.config.logging, dataDir: options.dataDir, env, overrides: options.logging, secrets: () => knownSecrets() });
  const log = options.log ?? (ownLog as NonNullable<typeof ownLog>).log;
  const clock = options.clock ?? Date.now;
  const newId = options.newId ?? defaultNewId;
  const adminToken = options.adminToken || env.SIGNALBOX_ADMIN_TOKEN?.trim() || randomBytes(24).toString('base64url');
  const linkLocalProviders = new Set(Object.entries(options.config.providers).filter(([, provider]) => provider.allowLinkLocal).map(([id]) => id));
  const upstream = options.upstream ?? createUpstreamClient({ linkLocalProviders });
  const configEditor = createConfigEditor(options.configFile ? createConfigFileWriter(options.configFile) : undefined);
  const vault = options.vault ?? createKeyringVault();
  // No `keychain:` reference, no keychain call: env-only configs never touch D-Bus at startup.
  const providers = resolveProviders(options.config, env, VERSION, await lookupKeychain(vault, keychainNames(options.config)));
  for (const provider of providers.values()) {
    if (provider.unavailable) log.warn('provider unavailable', { provider: provider.id, reason: provider.unavailable });
  }
  const keys = createLiveKeys({ vault, providers, log });
  knownSecrets = keys.secrets;
  const store = openStore(options.dataDir, log);
  const prices = createPriceBook(options.config.prices, loadPriceCatalog);
  // Every answer is priced: load the catalogue (~1 MB of JS, ~80 ms) in the background now, not on the first request.
  void prices.ready();
  const router = createRouter({
    config: options.config,
    providers,
    prices,
    clock,
    random: options.random ?? Math.random,
    onCircuitChange: (target, from, to) => {
      if (to === 'open') log.warn('circuit opened', { target, from });
      else if (to === 'closed') log.info('circuit closed', { target });
      if (to === 'open' || to === 'closed') options.onAlert?.({ type: 'circuit', target, state: to });
    },
  });

  // Pause / resume (tray, app, POST /admin/pause|resume): one switch, logged whoever flips it.
  const pause = createPauseSwitch();
  pause.onChange((paused) => log.info(paused ? 'gateway paused: model traffic gets 503' : 'gateway resumed'));
  const limits = limitsFor(options.config, store, clock, log, options.onAlert);
  const clientKeys = createClientKeys({
    repository: store.clientKeys,
    config: options.config.clientKeys,
    env,
    clock,
    // A key's own limits override the config's `limits.clients` entry of the same name, field by field.
    onLimits: (name, own) => {
      const configured = options.config.limits.clients[name];
      limits.setClient(name, own || configured ? { ...configured, ...own } : null, clock());
    },
    onError: (message) => log.warn(message),
  });
  for (const problem of clientKeys.problems) log.warn('client key unavailable', { problem });
  const firstRunKey = options.createFirstKey ? clientKeys.ensureFirstKey() : undefined;
  let unshownKey = firstRunKey;
  const adminTokenDigest = createHash('sha256').update(adminToken, 'utf8').digest();

  const context: GatewayContext = {
    version: VERSION,
    config: options.config,
    providers,
    vault,
    keys,
    clientKeys,
    adminTokenDigest,
    adminSessions: createAdminSessions(adminTokenDigest, clock),
    takeFirstRunKey: () => {
      const key = unshownKey;
      unshownKey = undefined;
      return key;
    },
    store,
    log,
    traces: createTraceBus({ capacity: options.config.traces.ringSize, onListenerError: (error) => log.error('trace subscriber failed', { error: (error as Error).message }) }),
    clock,
    newId,
    execute: {
      upstream,
      outbound: outboundCodec,
      state: { signatures: createSignatureCache() },
      clock,
      newId,
      secrets: keys.secrets,
      limits: { ...DEFAULT_LIMITS, idleTimeoutMs: options.config.routing.idleTimeoutMs, ...options.limits },
    },
    router,
    prices,
    limits,
    inFlight: createInFlight(),
    pause,
    models: createModelCatalog({ providers, upstream, clock, log }),
    startedAt: clock(),
    uiRoot: options.uiRoot === null ? undefined : (options.uiRoot ?? defaultUiRoot()),
    configEditor,
    env,
    linkLocalProviders: options.upstream ? undefined : linkLocalProviders,
    paths: gatewayPaths({ dataDir: options.dataDir, configFile: options.configFile, logFile: ownLog?.file }),
  };

  // One `request` line per finished model request (logging.requests).
  const stopAccessLog = options.config.logging.requests ? subscribeAccessLog(context.traces, log) : undefined;
  // OpenTelemetry export (off unless configured or OTEL_EXPORTER_OTLP_*ENDPOINT is set): spans built from the trace bus.
  context.otel = await setupOtel({ config: options.config.otel, env, vault, traces: context.traces, providers, log, version: VERSION });

  // Live traces (GET /admin/traces/live): numbered events, replay for Last-Event-ID, bounded per-subscriber buffers.
  context.liveTraces = createLiveTraces(context.traces, { ...options.config.traces.live, clock });

  // Retention: requests older than ledger.retentionDays are deleted shortly after start, then daily.
  const prune = (): void => {
    try {
      const removed = store.prune(clock() - options.config.ledger.retentionDays * 86_400_000);
      if (removed) log.info('ledger pruned', { removed, retentionDays: options.config.ledger.retentionDays });
    } catch (error) {
      log.warn('ledger prune failed', { error: (error as Error).message });
    }
    // Retained trace bodies: older than traces.retentionDays, or all of them once retention is turned off.
    try {
      const traces = options.config.traces;
      const removed = store.traceBodies.prune(traces.bodies ? clock() - traces.retentionDays * 86_400_000 : Number.MAX_SAFE_INTEGER);
      if (removed) log.info('trace bodies pruned', { removed, retentionDays: traces.retentionDays });
    } catch (error) {
      log.warn('trace body prune failed', { error: (error as Error).message });
    }
  };
  const firstPrune = setTimeout(prune, 5_000);
  const dailyPrune = setInterval(prune, 86_400_000);
  firstPrune.unref();
  dailyPrune.unref();

  let closing = false;
  let closed: Promise<void> | undefined;
  const app = await buildServer(context, {
    bodyLimitBytes: Math.floor(options.config.server.bodyLimitMb * 1024 * 1024),
    isClosing: () => closing,
  });

  const shutdown = async (): Promise<void> => {
    closing = true;
    // Live trace streams never end on their own: end them now so they do not wait for the connection cut.
    context.liveTraces?.close();
    keys.close();
    clearTimeout(firstPrune);
    clearInterval(dailyPrune);
    const serverClosed = app.close();
    app.server.closeIdleConnections();
    const grace = options.config.server.shutdownGraceMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), grace);
    });
    if ((await Promise.race([context.inFlight.idle().then(() => 'idle' as const), timedOut])) === 'timeout') {
      log.warn('ending requests still in flight after the shutdown grace period', { count: context.inFlight.size() });
      context.inFlight.abortAll(new GatewayError('shutting_down', 'Signalbox is shutting down.', { code: 'shutting_down' }));
      await Promise.race([context.inFlight.idle(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
    clearTimeout(timer);
    app.server.closeAllConnections();
    await serverClosed;
    // Every request has ended (and published its trace): export the last spans, within a bounded wait.
    await context.otel?.close();
    store.close();
    await upstream.close();
    stopAccessLog?.();
    log.info('gateway stopped');
  };

  return {
    app,
    context,
    adminToken,
    firstRunKey,
    logFile: ownLog?.file,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? options.config.server.host;
      const allowRemote = listenOptions.allowRemote === true || options.config.server.allowRemote;
      const bind = bindPolicy(host, { allowRemote, clientKeyCount: context.clientKeys.liveCount() });
      if (!bind.ok) throw new BindRefusedError(bind.message);
      if (!bind.loopback && !options.config.server.allowedHosts.length) {
        log.warn('non-loopback bind without server.allowedHosts: only requests addressed to 127.0.0.1, localhost or [::1] are served', { host });
      }
      await app.listen({ port: listenOptions.port ?? options.config.server.port, host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      // 0.0.0.0 / :: are not addresses a client can use (and not an allowed Host): show loopback instead.
      const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      const shown = reachable.includes(':') ? `[${reachable}]` : reachable;
      log.info('listening', { url: `http://${shown}:${port}`, version: VERSION });
      return { url: `http://${shown}:${port}`, host, port };
    },
    get paused() {
      return pause.paused;
    },
    pause: () => pause.pause(),
    resume: () => pause.resume(),
    close() {
      // The gateway's own log file is closed last, whatever happened: every line before it is in the file.
      closed ??= shutdown().finally(() => ownLog?.log.close());
      return closed;
    },
  };
}

export type { Config } from './config/schema.js';
