/**
 * Cost arithmetic in integers. Prices are USD per 1M tokens, i.e. micro-USD per token; they are turned
 * into integer pico-USD per token (exact for prices with up to 6 decimals), multiplied by integer token
 * counts, and each part is rounded once to micro-USD, so the parts always add up to the total.
 * Reasoning tokens are billed as output. A cache price the catalogue lacks falls back to the input price.
 */
import type { Usage } from '../core/usage.js';
import type { Cost } from '../store/types.js';
import type { ModelPrice } from './prices.js';

const PICO_PER_MICRO = 1_000_000;

/** USD per 1M tokens → integer pico-USD per token. */
const picoPerToken = (usdPerMillion: number): number => Math.round(usdPerMillion * PICO_PER_MICRO);

const micros = (tokens: number, usdPerMillion: number): number => Math.round((tokens * picoPerToken(usdPerMillion)) / PICO_PER_MICRO);

/** Cost of a request's usage; null when the price is unknown (never a silent 0). */
export function computeCost(usage: Usage, price: ModelPrice | undefined): Cost | null {
  if (!price) return null;
  const inputMicros = micros(usage.inputUncached, price.input);
  const cacheReadMicros = micros(usage.inputCacheRead, price.cacheRead ?? price.input);
  const cacheWriteMicros = micros(usage.inputCacheWrite, price.cacheWrite ?? price.input);
  const outputMicros = micros(usage.outputText + usage.outputReasoning, price.output);
  return { inputMicros, cacheReadMicros, cacheWriteMicros, outputMicros, totalMicros: inputMicros + cacheReadMicros + cacheWriteMicros + outputMicros };
}

/** Estimated cost of a request before it is sent: input at the uncached rate, output at the output rate. */
export function estimateCostMicros(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return micros(inputTokens, price.input) + micros(outputTokens, price.output);
}

/** Micro-USD as a decimal USD string with 6 decimals (`0.000150`), exact. */
export function usdString(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

export function formatMicros(micros: number): string {
  return `$${usdString(micros)}`;
}

/** Micro-USD → USD as a JSON number (for response bodies). */
export const toUsd = (micros: number): number => Number(usdString(micros));
