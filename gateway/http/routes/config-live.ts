/**
 * Applying config changes to the running gateway, shared by the admin edits (PUT /admin/providers/:id,
 * PATCH /admin/settings) and POST /admin/config/reload: a provider replaced or removed (key re-resolved,
 * model lists forgotten), the live settings' sections swapped, and the settings saved for the next start.
 */
import type { Config, ProviderConfig } from '../../config/schema.js';
import type { GatewayContext } from '../../context.js';
import { createModelCatalog } from '../../providers/model-catalog.js';
import { resolveProviders, type ResolvedProvider } from '../../providers/registry.js';
import { keychainName } from '../../secrets/secret-ref.js';

/** Replaces (or adds, or with `entry` undefined removes) a provider in memory; the model catalogue forgets cached lists. */
export async function applyProviderLive(gateway: GatewayContext, id: string, entry: ProviderConfig | undefined): Promise<void> {
  const providers = gateway.providers as Map<string, ResolvedProvider>;
  gateway.config.providers = { ...gateway.config.providers };
  if (entry) gateway.config.providers[id] = entry;
  else delete gateway.config.providers[id];
  if (entry?.allowLinkLocal) gateway.linkLocalProviders?.add(id);
  else gateway.linkLocalProviders?.delete(id);
  if (entry) {
    const resolved = resolveProviders({ ...gateway.config, providers: { [id]: entry } }, gateway.env, gateway.version).get(id)!;
    providers.set(id, resolved);
    // An env: key seen for the first time must be redacted like the ones resolved at start.
    gateway.keys.track(resolved);
    const name = keychainName(entry.apiKey);
    if (name) await gateway.keys.refresh([name]);
  } else {
    providers.delete(id);
  }
  gateway.models = createModelCatalog({ providers, upstream: gateway.execute.upstream, clock: gateway.clock, log: gateway.log });
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
