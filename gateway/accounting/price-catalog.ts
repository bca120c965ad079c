/**
 * The offline price catalogue: `@pydantic/genai-prices` ships its data inside the package (no network at
 * run time; its optional auto-update is never enabled). It is ~1 MB of JS, so it is imported on first use,
 * and each (provider, model) lookup is cached: a lookup in the package walks its match rules (~0.1 ms).
 */
import type { ModelPrice } from './prices.js';

export interface CatalogQuery {
  /** The catalogue's provider id (`openai`, `google`, …), when the provider preset names one. */
  catalogProvider?: string;
  /** The provider's base URL, for providers the catalogue recognises by URL (OpenAI-compatible hosts). */
  baseUrl: string;
  model: string;
}

export type CatalogLookup = (query: CatalogQuery) => ModelPrice | undefined;

type PriceValue = number | { base: number } | undefined;

function perMillion(value: PriceValue): number | undefined {
  if (typeof value === 'number') return value;
  // Tiered prices (by prompt length): the base tier is what most requests pay.
  if (value && typeof value === 'object' && typeof value.base === 'number') return value.base;
  return undefined;
}

let loading: Promise<CatalogLookup> | undefined;

export function loadPriceCatalog(): Promise<CatalogLookup> {
  loading ??= import('@pydantic/genai-prices').then(({ calcPrice }) => {
    const cache = new Map<string, ModelPrice | null>();
    return (query) => {
      const key = `${query.catalogProvider ?? query.baseUrl}\u0000${query.model}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      let price: ModelPrice | undefined;
      try {
        const options = query.catalogProvider ? { providerId: query.catalogProvider } : { providerApiUrl: query.baseUrl };
        const result = calcPrice({ input_tokens: 1, output_tokens: 1 }, query.model, options);
        const table = result?.model_price as Record<string, PriceValue> | undefined;
        const input = perMillion(table?.input_mtok);
        const output = perMillion(table?.output_mtok);
        if (table && input !== undefined && output !== undefined) {
          price = { input, output, source: 'catalog' };
          const cacheRead = perMillion(table.cache_read_mtok);
          const cacheWrite = perMillion(table.cache_write_mtok);
          if (cacheRead !== undefined) price.cacheRead = cacheRead;
          if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
        }
      } catch {
        price = undefined;
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(key, price ?? null);
      return price;
    };
  });
  return loading;
}
