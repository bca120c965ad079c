/**
 * Cost arithmetic in integer micro-USD. Prices are USD per 1M tokens, so tokens × price is exactly the cost
 * in micro-USD; rounding happens once, at the end.
 */
import type { ModelPrice } from './prices.js';

/** Estimated cost of a request before it is sent: input at the uncached rate, output at the output rate. */
export function estimateCostMicros(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return Math.round(inputTokens * price.input + outputTokens * price.output);
}

export function formatMicros(micros: number): string {
  return `$${(micros / 1_000_000).toFixed(6)}`;
}
