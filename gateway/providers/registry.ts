/**
 * Config + catalog + environment → the providers the gateway can call. Pure: the environment is passed in.
 * A provider whose key cannot be resolved stays listed with the reason, so requests to it fail with a
 * clear 503 instead of an upstream 401, and the UI can say what to fix.
 */
import type { Config } from '../config/schema.js';
import { resolveSecret } from '../secrets/resolve.js';
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

export function resolveProviders(config: Config, env: Readonly<Record<string, string | undefined>>, version: string): Map<string, ResolvedProvider> {
  const providers = new Map<string, ResolvedProvider>();
  for (const [id, entry] of Object.entries(config.providers)) {
    const definition = providerDefinition(entry.type);
    const headers: Record<string, string> = { 'user-agent': `signalbox/${version}`, ...definition.headers };
    for (const [name, value] of Object.entries(entry.headers ?? {})) headers[name.toLowerCase()] = value;
    let apiKey: string | undefined;
    let unavailable: string | undefined;
    if (entry.apiKey) {
      const secret = resolveSecret(entry.apiKey, env);
      if (secret.ok) apiKey = secret.value;
      else unavailable = `API key unavailable: ${secret.reason}`;
    } else if (definition.requiresKey) {
      unavailable = `no apiKey configured (${definition.label} requires one)`;
    }
    if (apiKey) headers[definition.auth.header] = definition.auth.scheme ? `${definition.auth.scheme} ${apiKey}` : apiKey;
    const baseUrl = (entry.baseUrl ?? definition.defaultBaseUrl ?? '').replace(/\/+$/, '');
    providers.set(id, {
      id,
      type: entry.type,
      definition,
      baseUrl,
      headers,
      apiKey,
      models: entry.models,
      timeoutMs: entry.timeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS,
      capabilities: { ...definition.capabilities, ...withoutUndefined(entry.capabilities ?? {}) },
      maxConcurrency: entry.maxConcurrency,
      maxQueue: entry.maxQueue,
      enabled: entry.enabled,
      unavailable,
    });
  }
  return providers;
}

/** Every resolved provider key, for redaction. */
export function providerSecrets(providers: ReadonlyMap<string, ResolvedProvider>): string[] {
  const out: string[] = [];
  for (const provider of providers.values()) if (provider.apiKey) out.push(provider.apiKey);
  return out;
}
