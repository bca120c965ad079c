/**
 * Cost from each provider's own usage convention, worked by hand:
 * - OpenAI: prompt_tokens INCLUDES cached_tokens; completion_tokens INCLUDES reasoning_tokens.
 * - Anthropic: input_tokens EXCLUDES cache_read_input_tokens and cache_creation_input_tokens.
 * - Gemini: promptTokenCount INCLUDES cachedContentTokenCount; thoughtsTokenCount is NOT in candidatesTokenCount.
 */
import { describe, expect, it } from 'vitest';
import { decodeUsage as anthropicUsage } from '../dialects/anthropic-messages/shared.js';
import { decodeUsage as geminiUsage } from '../dialects/gemini/shared.js';
import { decodeUsage as openaiUsage } from '../dialects/openai-chat/decode-response.js';
import { computeCost, estimateCostMicros, usdString } from './cost.js';
import type { ModelPrice } from './prices.js';

const price = (input: number, output: number, cacheRead?: number, cacheWrite?: number): ModelPrice => ({
  input,
  output,
  ...(cacheRead === undefined ? {} : { cacheRead }),
  ...(cacheWrite === undefined ? {} : { cacheWrite }),
  source: 'config',
});

describe('cost by provider convention', () => {
  it('OpenAI gpt-4o-mini: 1,000 prompt (400 cached) + 500 completion (200 reasoning)', () => {
    const usage = openaiUsage({
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
      prompt_tokens_details: { cached_tokens: 400 },
      completion_tokens_details: { reasoning_tokens: 200 },
    });
    expect(usage).toEqual({ inputUncached: 600, inputCacheRead: 400, inputCacheWrite: 0, outputText: 300, outputReasoning: 200 });
    // $0.15 / $0.075 cached / $0.60 per 1M: 600×0.15 = 90, 400×0.075 = 30, 500×0.6 = 300 µ$
    expect(computeCost(usage!, price(0.15, 0.6, 0.075))).toEqual({ inputMicros: 90, cacheReadMicros: 30, cacheWriteMicros: 0, outputMicros: 300, totalMicros: 420 });
  });

  it('Anthropic claude-sonnet-4-5: 2,000 input + 10,000 cache read + 3,000 cache write + 800 output', () => {
    const usage = anthropicUsage({ input_tokens: 2000, cache_read_input_tokens: 10_000, cache_creation_input_tokens: 3000, output_tokens: 800 });
    expect(usage).toEqual({ inputUncached: 2000, inputCacheRead: 10_000, inputCacheWrite: 3000, outputText: 800, outputReasoning: 0 });
    // $3 in, $0.30 read, $3.75 write, $15 out: 6,000 + 3,000 + 11,250 + 12,000 µ$
    expect(computeCost(usage!, price(3, 15, 0.3, 3.75))).toEqual({ inputMicros: 6000, cacheReadMicros: 3000, cacheWriteMicros: 11_250, outputMicros: 12_000, totalMicros: 32_250 });
  });

  it('Gemini 2.5 Flash: 5,000 prompt (1,000 cached) + 700 candidates + 300 thoughts', () => {
    const usage = geminiUsage({ promptTokenCount: 5000, cachedContentTokenCount: 1000, candidatesTokenCount: 700, thoughtsTokenCount: 300, totalTokenCount: 6000 });
    expect(usage).toEqual({ inputUncached: 4000, inputCacheRead: 1000, inputCacheWrite: 0, outputText: 700, outputReasoning: 300 });
    // $0.30 in, $0.03 cached, $2.50 out (thoughts billed as output): 1,200 + 30 + 2,500 µ$
    expect(computeCost(usage!, price(0.3, 2.5, 0.03))).toEqual({ inputMicros: 1200, cacheReadMicros: 30, cacheWriteMicros: 0, outputMicros: 2500, totalMicros: 3730 });
  });
});

describe('cost arithmetic', () => {
  it.each([
    // [usage, price, total µ$]
    [{ inputUncached: 1, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 }, price(0.15, 0.6), 0], // 0.15 µ$ rounds to 0
    [{ inputUncached: 7, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 }, price(0.15, 0.6), 1], // 1.05 → 1
    [{ inputUncached: 1_000_000, inputCacheRead: 0, inputCacheWrite: 0, outputText: 1_000_000, outputReasoning: 0 }, price(0.1, 0.3), 400_000], // no 0.1+0.2 float drift
    [{ inputUncached: 0, inputCacheRead: 1000, inputCacheWrite: 1000, outputText: 0, outputReasoning: 0 }, price(2, 8), 4000], // cache prices missing → input price
    [{ inputUncached: 0, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 }, price(5, 5), 0],
    [{ inputUncached: 3, inputCacheRead: 0, inputCacheWrite: 0, outputText: 3, outputReasoning: 0 }, price(0.333333, 0.666667), 3], // 0.999999 + 2.000001
  ])('%j at %j → %i µ$', (usage, modelPrice, total) => {
    const cost = computeCost(usage, modelPrice)!;
    expect(cost.totalMicros).toBe(total);
    expect(Number.isInteger(cost.totalMicros)).toBe(true);
    expect(cost.inputMicros + cost.cacheReadMicros + cost.cacheWriteMicros + cost.outputMicros).toBe(cost.totalMicros);
  });

  it('is null when the price is unknown, never 0', () => {
    expect(computeCost({ inputUncached: 10, inputCacheRead: 0, inputCacheWrite: 0, outputText: 10, outputReasoning: 0 }, undefined)).toBeNull();
  });

  it('prices local models at 0 when the price says so', () => {
    expect(computeCost({ inputUncached: 10, inputCacheRead: 0, inputCacheWrite: 0, outputText: 10, outputReasoning: 5 }, { input: 0, output: 0, source: 'local' })?.totalMicros).toBe(0);
  });

  it('estimates a request before sending it', () => {
    expect(estimateCostMicros(price(3, 15), 1000, 2000)).toBe(3000 + 30_000);
  });

  it('formats micro-USD exactly', () => {
    expect(usdString(0)).toBe('0.000000');
    expect(usdString(420)).toBe('0.000420');
    expect(usdString(32_250)).toBe('0.032250');
    expect(usdString(12_345_678)).toBe('12.345678');
  });
});
