/**
 * Applying config changes to the running gateway, shared by the admin edits (PUT /admin/providers/:id,
 * PATCH /admin/settings) and POST /admin/config/reload: a provider replaced or removed (key re-resolved,
 * model lists forgotten), the live settings' sections swapped, and the settings saved for the next start.
 */
import type { Config, ProviderConfig } from '../../config/schema.js';
import type { GatewayContext } from '../../context.js';
import { createModelCatalog } from '../../providers/model-catalog.js';
import { keychainNames, resolveProviders, type ResolvedProvider } from '../../providers/registry.js';
import { lookupKeychain } from '../../secrets/keychain-lookup.js';

/**
 * Several providers changed at once (a config reload), in two steps so requests never see a half-applied
 * set: every key is resolved first (keychain lookups are the only waits), then all are swapped in one
 * synchronous step, together with whatever `andThen` swaps (routes, prices…).
 */
export async function applyProvidersLive(gateway: GatewayContext, entries: ReadonlyMap<string, ProviderConfig | undefined>, andThen: () => void): Promise<void> {
  const present: Record<string, ProviderConfig> = {};
  for (const [id, entry] of entries) if (entry) present[id] = entry;
  const draft = { ...gateway.config, providers: present };
  const keychain = await lookupKeychain(gateway.vault, keychainNames(draft));
  const resolved = resolveProviders(draft, gateway.env, gateway.version, keychain);
  // From here on, nothing waits: one turn of the event loop applies the whole change.
  const providers = gateway.providers as Map<string, ResolvedProvider>;
  gateway.config.providers = { ...gateway.config.providers };
  for (const [id, entry] of entries) {
    if (entry) {
      gateway.config.providers[id] = entry;
      const provider = resolved.get(id)!;
      providers.set(id, provider);
      gateway.keys.track(provider);
    } else {
      delete gateway.config.providers[id];
      providers.delete(id);
    }
    if (entry?.allowLinkLocal) gateway.linkLocalProviders?.add(id);
    else gateway.linkLocalProviders?.delete(id);
  }
  andThen();
  if (entries.size) gateway.models = createModelCatalog({ providers, upstream: gateway.execute.upstream, clock: gateway.clock, log: gateway.log });
}

/** Replaces (or adds, or with `entry` undefined removes) a provider in memory; the model catalogue forgets cached lists. */
export function applyProviderLive(gateway: GatewayContext, id: string, entry: ProviderConfig | undefined): Promise<void> {
  return applyProvidersLive(gateway, new Map([[id, entry]]), () => undefined);
}

/** Live settings are read per request: their sections are replaced with the validated ones (`paths`: the live setting paths changed). */
export function applyLiveSettings(gateway: GatewayContext, config: Config, paths: readonly string[]): void {
  if (paths.some((path) => path.startsWith('ledger.'))) gateway.config.ledger = config.ledger;
  // The live-trace stream and ring were built at start: those two stay as they are.
  if (paths.some((path) => path.startsWith('traces.'))) gateway.config.traces = { ...config.traces, live: gateway.config.traces.live, ringSize: gateway.config.traces.ringSize };
}

const pendingByGateway = new WeakMap<GatewayContext, Map<string, unknown>>();

/** Restart settings saved for the next start (changed since this start), per gateway. */
export function pendingSettings(gateway: GatewayContext): Map<string, unknown> {
  let pending = pendingByGateway.get(gateway);
  if (!pending) pendingByGateway.set(gateway, (pending = new Map()));
  return pending;
}
