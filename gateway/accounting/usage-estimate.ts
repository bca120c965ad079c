/**
 * Usage when a provider reports none (some OpenAI-compatible servers, streams cut short, clients that went
 * away): input from the request and output from what was generated, counted with a real BPE tokenizer
 * (o200k). The ledger flags such rows as estimated.
 */
import type { CanonicalRequest } from '../core/request.js';
import type { CanonicalResponse } from '../core/response.js';
import type { StreamPart } from '../core/stream.js';
import type { Usage } from '../core/usage.js';
import { countTextTokens, estimateInputTokens } from './token-estimate.js';

/** Collects the generated text of a stream, cheaply, in case it has to be counted. */
export interface OutputCollector {
  push(part: StreamPart): void;
  texts(): string[];
}

export function createOutputCollector(): OutputCollector {
  const texts: string[] = [];
  return {
    push(part) {
      if (part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'refusal-delta') texts.push(part.text);
      else if (part.type === 'tool-input-delta') texts.push(part.delta);
      else if (part.type === 'tool-input-start') texts.push(part.name);
    },
    texts: () => texts,
  };
}

export function responseTexts(response: CanonicalResponse): string[] {
  const texts: string[] = [];
  for (const choice of response.choices) {
    for (const part of choice.content) {
      if (part.type === 'text' || part.type === 'reasoning' || part.type === 'refusal') texts.push(part.text);
      else if (part.type === 'tool-call') texts.push(part.name, part.arguments);
    }
  }
  return texts;
}

export async function estimateUsage(request: CanonicalRequest, outputTexts: readonly string[]): Promise<Usage> {
  // Deltas are joined first: the model produced one text, and BPE counts of fragments overcount.
  const [input, output] = await Promise.all([estimateInputTokens(request), countTextTokens([outputTexts.join('')])]);
  return { inputUncached: input, inputCacheRead: 0, inputCacheWrite: 0, outputText: output, outputReasoning: 0 };
}
