/**
 * The models each provider offers: the configured list, or else the provider's own model list
 * (`GET {baseUrl}/models`), fetched on demand and cached. A provider that cannot be listed contributes
 * nothing (and is retried later); it never fails the whole listing.
 */
import { outboundCodec } from '../dialects/outbound.js';
import { readBody, discardBody, type UpstreamClient } from '../upstream/http-client.js';
import type { Logger } from '../telemetry/log.js';
import type { ResolvedProvider } from './registry.js';

export interface ModelEntry {
  /** `<providerId>/<model>` — what clients send as `model`. */
  id: string;
  provider: string;
  model: string;
  /** Unix seconds, when the provider says. */
  created: number | undefined;
}

export interface ModelCatalog {
  list(): Promise<ModelEntry[]>;
}

export interface ModelCatalogOptions {
  providers: ReadonlyMap<string, ResolvedProvider>;
  upstream: UpstreamClient;
  clock: () => number;
  log: Logger;
  ttlMs?: number;
  failureTtlMs?: number;
  timeoutMs?: number;
}

interface CacheEntry {
  until: number;
  models: Promise<Array<{ model: string; created: number | undefined }>>;
}

const MAX_LIST_BYTES = 8 * 1024 * 1024;

export function createModelCatalog(options: ModelCatalogOptions): ModelCatalog {
  const ttl = options.ttlMs ?? 10 * 60_000;
  const failureTtl = options.failureTtlMs ?? 30_000;
  const timeout = options.timeoutMs ?? 5_000;
  const cache = new Map<string, CacheEntry>();

  const discover = async (provider: ResolvedProvider): Promise<Array<{ model: string; created: number | undefined }>> => {
    const listing = outboundCodec(provider.definition.dialect).models;
    const response = await options.upstream.request({
      url: `${provider.baseUrl}${listing.path}`,
      method: 'GET',
      headers: { ...provider.headers, accept: 'application/json' },
      firstByteTimeoutMs: timeout,
      idleTimeoutMs: timeout,
      provider: provider.id,
    });
    if (response.status !== 200) {
      discardBody(response);
      throw new Error(`HTTP ${response.status}`);
    }
    const text = (await readBody(response, MAX_LIST_BYTES, provider.id)).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the start of the body: never let that reach a log.
      throw new Error('the model list is not valid JSON');
    }
    return listing.decode(body);
  };

  const modelsOf = (provider: ResolvedProvider): Promise<Array<{ model: string; created: number | undefined }>> => {
    if (provider.models) return Promise.resolve(provider.models.map((model) => ({ model, created: undefined })));
    const now = options.clock();
    const cached = cache.get(provider.id);
    if (cached && cached.until > now) return cached.models;
    const entry: CacheEntry = { until: now + ttl, models: discover(provider) };
    entry.models.catch((error: unknown) => {
      entry.until = options.clock() + failureTtl;
      options.log.warn('model discovery failed', { provider: provider.id, reason: (error as Error).message });
    });
    cache.set(provider.id, entry);
    return entry.models;
  };

  return {
    async list() {
      const usable = [...options.providers.values()].filter((provider) => provider.enabled && !provider.unavailable);
      const lists = await Promise.all(usable.map((provider) => modelsOf(provider).catch(() => [])));
      return usable.flatMap((provider, index) =>
        (lists[index] ?? []).map(({ model, created }) => ({ id: `${provider.id}/${model}`, provider: provider.id, model, created })),
      );
    },
  };
}
