/**
 * Input-token estimate for a canonical request, for providers that cannot count exactly (count_tokens
 * against an OpenAI-style upstream). A BPE tokenizer (o200k) over everything the model reads — system,
 * messages, tool calls and results, tool definitions — plus fixed costs for images and files, since
 * counting only message text undercounts badly (wire-formats.md §8 item 20).
 */
import type { ContentPart } from '../core/content.js';
import type { CanonicalRequest } from '../core/request.js';

type CountTokens = (text: string) => number;

/** The tokenizer's tables are large (tens of MB): loaded on first use, not at startup. */
let tokenizer: Promise<CountTokens> | undefined;
function loadTokenizer(): Promise<CountTokens> {
  tokenizer ??= import('gpt-tokenizer').then((module) => module.countTokens);
  return tokenizer;
}

/** A mid-size image costs roughly this many tokens with every major provider. */
const IMAGE_TOKENS = 1_000;
/** Per-message overhead of role markers and separators. */
const MESSAGE_OVERHEAD = 4;

function partTokens(part: ContentPart, countTokens: CountTokens): number {
  switch (part.type) {
    case 'text':
    case 'refusal':
      return countTokens(part.text);
    case 'reasoning':
      return countTokens(part.text);
    case 'tool-call':
      return countTokens(part.name) + countTokens(part.arguments) + 3;
    case 'tool-result':
      return part.content.reduce((sum, inner) => sum + partTokens(inner, countTokens), 3);
    case 'image':
      return IMAGE_TOKENS;
    case 'file':
      // A PDF page is ~1,500–3,000 tokens; without the page count, assume a short document from its size.
      return part.data ? Math.max(1_500, Math.ceil((part.data.length * 3) / 4 / 200)) : 1_500;
    case 'audio':
      return Math.ceil(part.data.length / 64);
    case 'dialect':
      return countTokens(JSON.stringify(part.raw));
  }
}

export async function estimateInputTokens(request: CanonicalRequest): Promise<number> {
  return countRequestTokens(request, await loadTokenizer());
}

/** Tokens of some text with the real tokenizer (loaded on first use). */
export async function countTextTokens(texts: readonly string[]): Promise<number> {
  const countTokens = await loadTokenizer();
  let total = 0;
  for (const text of texts) if (text) total += countTokens(text);
  return total;
}

/** Roughly four characters per token: good enough to compare prices, free of any table. */
export const roughTokenCount: CountTokens = (text) => Math.ceil(text.length / 4);

/** Input tokens of a request with the given text counter (exact tokenizer or `roughTokenCount`). */
export function countRequestTokens(request: CanonicalRequest, countTokens: CountTokens): number {
  let total = 0;
  for (const message of request.messages) {
    total += MESSAGE_OVERHEAD;
    for (const part of message.content) total += partTokens(part, countTokens);
  }
  for (const tool of request.tools ?? []) {
    total += tool.type === 'function' ? countTokens(`${tool.name} ${tool.description ?? ''} ${JSON.stringify(tool.parameters ?? {})}`) + 8 : countTokens(JSON.stringify(tool.raw));
  }
  return total;
}
