/** Everything a request handler needs, assembled once by createGateway and passed down explicitly. */
import type { Config } from './config/schema.js';
import type { ClientKeySet } from './http/client-keys.js';
import type { InFlight } from './http/in-flight.js';
import type { ModelCatalog } from './providers/model-catalog.js';
import type { ResolvedProvider } from './providers/registry.js';
import type { Limits } from './accounting/limits.js';
import type { PriceBook } from './accounting/prices.js';
import type { ExecuteDeps } from './routing/execute.js';
import type { Router } from './routing/router.js';
import type { Store } from './store/types.js';
import type { Logger } from './telemetry/log.js';

export interface GatewayContext {
  version: string;
  config: Config;
  providers: ReadonlyMap<string, ResolvedProvider>;
  clientKeys: ClientKeySet;
  /** SHA-256 of the admin token. */
  adminTokenDigest: Buffer;
  store: Store;
  log: Logger;
  clock: () => number;
  newId: (prefix: string) => string;
  execute: ExecuteDeps;
  router: Router;
  prices: PriceBook;
  /** Budgets and rate limits, per client key and global. */
  limits: Limits;
  inFlight: InFlight;
  models: ModelCatalog;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** Directory of the built renderer, if any. */
  uiRoot: string | undefined;
}
