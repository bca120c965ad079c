/** Model prices (USD per 1M tokens) as people read them: "$2.50 in · $10.00 out", with cache prices when known. */
import type { ModelPrice, ModelsAnswer } from '../../api/types';
import { formatUsd } from '../../lib/format';

export function describePrice(price: ModelPrice | null | undefined, options: { cache?: boolean } = {}): string {
  if (!price) return 'no price known';
  const parts = [`${formatUsd(price.input)} in`, `${formatUsd(price.output)} out`];
  if (options.cache && typeof price.cacheRead === 'number') parts.push(`${formatUsd(price.cacheRead)} cached`);
  if (options.cache && typeof price.cacheWrite === 'number') parts.push(`${formatUsd(price.cacheWrite)} cache write`);
  return parts.join(' · ');
}

/** model id (`provider/model`) → its price, from `GET /admin/models`. */
export function priceIndex(models: ModelsAnswer | undefined): Map<string, ModelPrice | null> {
  return new Map((models?.data ?? []).map((entry) => [entry.id, entry.price]));
}
