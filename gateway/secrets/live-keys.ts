/**
 * Provider keys that follow the keychain while the gateway runs. Setting or removing a key (admin API)
 * re-resolves, in place, every provider whose `apiKey` is `keychain:<that name>`; keys changed outside
 * the process (`signalbox keys set` in a shell) are picked up by a refresh every 30 s — only when some
 * provider uses `keychain:`, unref'd — and on demand (`refresh()`, called by `GET /admin/secrets`).
 * A refresh that cannot reach the keychain keeps a key already in memory (a locked or busy keychain must
 * not take down a working provider); "not set" always removes it. Vault operations run one at a time, so
 * an old read never overwrites a newer write. Every key value seen is kept for redaction.
 */
import { applyApiKey, providerSecrets, type ResolvedProvider } from '../providers/registry.js';
import type { Logger } from '../telemetry/log.js';
import { lookupKeychain } from './keychain-lookup.js';
import { keychainName } from './secret-ref.js';
import { assertSecretName, assertSecretValue } from './secret-shape.js';
import type { SecretVault } from './vault.js';

export const KEYCHAIN_REFRESH_MS = 30_000;

export interface LiveKeys {
  /** Every key value resolved or stored in this process (for redaction). */
  secrets(): readonly string[];
  /** Adds the key values of a provider resolved elsewhere (added or replaced at runtime) to `secrets()`. */
  track(provider: ResolvedProvider): void;
  /** Keychain entry name → ids of the providers that use it. */
  references(): Map<string, string[]>;
  /** Re-reads the keychain entries of these names (default: all referenced) and updates their providers. */
  refresh(names?: readonly string[]): Promise<void>;
  /** Stores a key in the vault, then updates the providers that use it. */
  set(name: string, value: string): Promise<void>;
  /** Removes a key from the vault (false when absent), then updates the providers that used it. */
  delete(name: string): Promise<boolean>;
  close(): void;
}

export interface LiveKeysOptions {
  vault: SecretVault;
  providers: ReadonlyMap<string, ResolvedProvider>;
  log: Logger;
  /** Background refresh period; 0 disables it. Default 30 s. */
  refreshMs?: number;
}

export function createLiveKeys(options: LiveKeysOptions): LiveKeys {
  const { vault, providers, log } = options;
  const seen = new Set<string>();
  let seenList: readonly string[] = [];
  const remember = (value: string | undefined): void => {
    if (value === undefined || seen.has(value)) return;
    seen.add(value);
    seenList = [...seen];
  };
  for (const value of providerSecrets(providers)) remember(value);

  const references = (): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const provider of providers.values()) {
      const name = keychainName(provider.apiKeyRef);
      if (name) out.set(name, [...(out.get(name) ?? []), provider.id]);
    }
    return out;
  };

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const refreshNow = async (names?: readonly string[]): Promise<void> => {
    const used = references();
    const wanted = (names ?? [...used.keys()]).filter((name) => used.has(name));
    if (!wanted.length) return;
    const results = await lookupKeychain(vault, wanted);
    for (const name of wanted) {
      const result = results.get(name)!;
      if (result.ok) remember(result.value);
      for (const id of used.get(name)!) {
        const provider = providers.get(id)!;
        if (!result.ok && result.unreachable && provider.apiKey !== undefined) {
          log.warn('keychain unreachable; keeping the key already loaded', { provider: id, reason: result.reason });
          continue;
        }
        const before = { apiKey: provider.apiKey, unavailable: provider.unavailable };
        applyApiKey(provider, result);
        if (before.apiKey === provider.apiKey && before.unavailable === provider.unavailable) continue;
        if (provider.unavailable) log.warn('provider unavailable', { provider: id, reason: provider.unavailable });
        else log.info('provider key loaded from the keychain', { provider: id, keychain: name });
      }
    }
  };

  let refreshing = false;
  const refreshMs = options.refreshMs ?? KEYCHAIN_REFRESH_MS;
  const timer =
    refreshMs > 0 && references().size > 0
      ? setInterval(() => {
          if (refreshing) return;
          refreshing = true;
          serial(() => refreshNow())
            .catch((error: unknown) => log.warn('keychain refresh failed', { error: (error as Error).message }))
            .finally(() => (refreshing = false));
        }, refreshMs)
      : undefined;
  timer?.unref();

  return {
    secrets: () => seenList,
    track(provider) {
      for (const value of providerSecrets(new Map([[provider.id, provider]]))) remember(value);
    },
    references,
    refresh: (names) => serial(() => refreshNow(names)),
    async set(name, value) {
      assertSecretName(name);
      assertSecretValue(value);
      remember(value);
      return serial(async () => {
        await vault.set(name, value);
        await refreshNow([name]);
      });
    },
    async delete(name) {
      assertSecretName(name);
      return serial(async () => {
        const removed = await vault.delete(name);
        await refreshNow([name]);
        return removed;
      });
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
