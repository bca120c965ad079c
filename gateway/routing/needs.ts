/**
 * What a request needs from a target, read off the canonical request. Pure. Planning skips targets that
 * lack a needed capability, and prices the request for the `cheapest` strategy.
 */
import { countRequestTokens, roughTokenCount } from '../accounting/token-estimate.js';
import type { EmbeddingInput } from '../core/embeddings.js';
import type { CanonicalRequest } from '../core/request.js';

export interface RequestNeeds {
  /** Tool definitions, or tool calls/results in the history. */
  tools: boolean;
  /** Images anywhere in the messages. */
  vision: boolean;
  /** A JSON Schema for the answer. */
  jsonSchema: boolean;
  /** An embeddings request. */
  embeddings: boolean;
  stream: boolean;
  /** Estimated input tokens (≈ 4 characters per token). */
  inputTokens: number;
  /** The client's output limit, else DEFAULT_OUTPUT_TOKENS. */
  outputTokens: number;
}

/** Output assumed for pricing when the client sets no limit. */
export const DEFAULT_OUTPUT_TOKENS = 1_000;

/** Embeddings: input only (text ≈ 4 characters per token; token-id arrays count as they are). */
export function embeddingNeeds(input: EmbeddingInput): RequestNeeds {
  const items: ReadonlyArray<string | number | number[]> = Array.isArray(input) ? input : [input];
  const inputTokens = items.reduce<number>((sum, item) => sum + (typeof item === 'string' ? Math.ceil(item.length / 4) : Array.isArray(item) ? item.length : 1), 0);
  return { tools: false, vision: false, jsonSchema: false, embeddings: true, stream: false, inputTokens, outputTokens: 0 };
}

export function requestNeeds(request: CanonicalRequest): RequestNeeds {
  let tools = (request.tools?.length ?? 0) > 0;
  let vision = false;
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'image') vision = true;
      else if (part.type === 'tool-call' || part.type === 'tool-result') {
        tools = true;
        if (part.type === 'tool-result' && part.content.some((inner) => inner.type === 'image')) vision = true;
      }
    }
  }
  return {
    tools,
    vision,
    jsonSchema: request.responseFormat?.type === 'json-schema',
    embeddings: false,
    stream: request.stream,
    inputTokens: countRequestTokens(request, roughTokenCount),
    outputTokens: request.maxOutputTokens ?? DEFAULT_OUTPUT_TOKENS,
  };
}
