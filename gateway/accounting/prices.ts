/**
 * Prices per model, in USD per 1M tokens: the config's overrides first, then models running locally (free),
 * then the offline catalogue. Unknown stays unknown — never a silent 0.
 */
import type { ModelPriceConfig } from '../config/routing-schema.js';
import type { ResolvedProvider } from '../providers/registry.js';
import type { CatalogLookup } from './price-catalog.js';

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  source: 'config' | 'catalog' | 'local';
}

export type PriceLookup = (provider: ResolvedProvider, model: string) => ModelPrice | undefined;

export interface PriceBook {
  lookup: PriceLookup;
  /** Resolves once the catalogue is loaded (lookups before that see only overrides and local models). */
  ready(): Promise<void>;
}

export function createPriceBook(overrides: Readonly<Record<string, ModelPriceConfig>>, loadCatalog: () => Promise<CatalogLookup>): PriceBook {
  let catalog: CatalogLookup | undefined;
  let loading: Promise<void> | undefined;
  const lookup: PriceLookup = (provider, model) => {
    const override = overrides[`${provider.id}/${model}`];
    if (override) return { ...override, source: 'config' };
    const prices = provider.definition.prices;
    if (prices === 'local') return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, source: 'local' };
    if (!catalog) return undefined;
    return catalog(prices ? { catalogProvider: prices.catalog, baseUrl: provider.baseUrl, model } : { baseUrl: provider.baseUrl, model });
  };
  return {
    lookup,
    ready() {
      loading ??= loadCatalog().then(
        (loaded) => {
          catalog = loaded;
        },
        () => undefined,
      );
      return loading;
    },
  };
}
