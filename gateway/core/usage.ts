/**
 * Token usage, separated the way prices are: input = uncached + cache read + cache write,
 * output = text + reasoning. Every dialect's convention is converted at its edge (see
 * wire-formats.md §7.8): OpenAI and Gemini prompt counts include cached tokens, Anthropic's do not.
 */
export interface Usage {
  inputUncached: number;
  inputCacheRead: number;
  inputCacheWrite: number;
  outputText: number;
  outputReasoning: number;
}

export const emptyUsage = (): Usage => ({
  inputUncached: 0,
  inputCacheRead: 0,
  inputCacheWrite: 0,
  outputText: 0,
  outputReasoning: 0,
});

export const totalInput = (usage: Usage): number =>
  usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite;

export const totalOutput = (usage: Usage): number => usage.outputText + usage.outputReasoning;

/** Non-negative integer from an untrusted provider value (missing, null, negative or NaN → 0). */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
