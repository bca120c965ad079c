/**
 * Config + catalog + environment → the providers the gateway can call. Pure: the environment and the
 * keychain lookups are passed in. A provider whose key cannot be resolved stays listed with the reason, so
 * requests to it fail with a clear 503 instead of an upstream 401, and the UI can say what to fix.
 * Resolved providers are shared by reference (router, executor, model catalog): `applyApiKey` changes a
 * provider's key in place when its keychain entry changes.
 */
import type { Config } from '../config/schema.js';
import { keychainName } from '../secrets/secret-ref.js';
import { resolveSecret, type SecretResult } from '../secrets/resolve.js';
import { providerDefinition, type ProviderType } from './catalog.js';
import type { ProviderCapabilities, ProviderDefinition } from './definition.js';

export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 120_000;

export interface ResolvedProvider {
  id: string;
  type: ProviderType;
  definition: ProviderDefinition;
  /** Without trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Headers sent with every request: config extras, then authentication. */
  headers: Record<string, string>;
  /** The resolved key (kept only to redact it from provider messages). */
  apiKey: string | undefined;
  /** Where the key comes from (`env:NAME`, `keychain:NAME`), when one is configured. */
  apiKeyRef?: string | undefined;
  /** Models configured explicitly; undefined means "discover and accept any". */
  models: readonly string[] | undefined;
  timeoutMs: number;
  /** The preset's capabilities with the config's overrides applied. */
  capabilities: ProviderCapabilities;
  maxConcurrency: number;
  maxQueue: number;
  enabled: boolean;
  /** Why the provider cannot be used right now, if it cannot. */
  unavailable: string | undefined;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** Prefix of every `unavailable` reason that is about the key (and so may change while running). */
export const KEY_UNAVAILABLE = 'API key unavailable: ';

/** Keychain entries named by provider keys in the config. */
export function keychainNames(config: Config): string[] {
  const names = Object.values(config.providers).map((entry) => keychainName(entry.apiKey));
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}

/** Sets (or clears) a provider's key in place: `apiKey`, the auth header, and the key's part of `unavailable`. */
export function applyApiKey(provider: ResolvedProvider, secret: SecretResult): void {
  const { auth } = provider.definition;
  const headers = { ...provider.headers };
  delete headers[auth.header];
  const otherProblem = provider.unavailable && !provider.unavailable.startsWith(KEY_UNAVAILABLE) ? provider.unavailable : undefined;
  if (secret.ok) {
    headers[auth.header] = auth.scheme ? `${auth.scheme} ${secret.value}` : secret.value;
    provider.apiKey = secret.value;
    provider.unavailable = otherProblem;
  } else {
    provider.apiKey = undefined;
    provider.unavailable = otherProblem ?? `${KEY_UNAVAILABLE}${secret.reason}`;
  }
  provider.headers = headers;
}

export function resolveProviders(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  version: string,
  keychain?: ReadonlyMap<string, SecretResult>,
): Map<string, ResolvedProvider> {
  const providers = new Map<string, ResolvedProvider>();
  for (const [id, entry] of Object.entries(config.providers)) {
    const definition = providerDefinition(entry.type);
    const headers: Record<string, string> = { 'user-agent': `signalbox/${version}`, ...definition.headers };
    for (const [name, value] of Object.entries(entry.headers ?? {})) headers[name.toLowerCase()] = value;
    const baseUrl = (entry.baseUrl ?? definition.defaultBaseUrl ?? '').replace(/\/+$/, '');
    const provider: ResolvedProvider = {
      id,
      type: entry.type,
      definition,
      baseUrl,
      headers,
      apiKey: undefined,
      apiKeyRef: entry.apiKey,
      models: entry.models,
      timeoutMs: entry.timeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS,
      capabilities: { ...definition.capabilities, ...withoutUndefined(entry.capabilities ?? {}) },
      maxConcurrency: entry.maxConcurrency,
      maxQueue: entry.maxQueue,
      enabled: entry.enabled,
      unavailable: undefined,
    };
    if (entry.apiKey) applyApiKey(provider, resolveSecret(entry.apiKey, env, keychain ?? new Map()));
    else if (definition.requiresKey) provider.unavailable = `no apiKey configured (${definition.label} requires one)`;
    providers.set(id, provider);
  }
  return providers;
}

/** Every resolved provider key, for redaction. */
export function providerSecrets(providers: ReadonlyMap<string, ResolvedProvider>): string[] {
  const out: string[] = [];
  for (const provider of providers.values()) if (provider.apiKey) out.push(provider.apiKey);
  return out;
}
