/** The canonical (non-streaming) response and finish reasons. */
import type { ContentPart } from './content.js';
import type { Extensions } from './request.js';
import type { Usage } from './usage.js';

/** Unified finish reasons; the provider's own value is kept beside it as `raw`. */
export type FinishReasonKind = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other';

export interface FinishReason {
  unified: FinishReasonKind;
  raw: string | null;
  /** The stop sequence that ended generation, when the provider says which. */
  stopSequence?: string;
}

export interface Choice {
  index: number;
  content: ContentPart[];
  finishReason: FinishReason;
  /** Dialect-specific per-choice data (OpenAI logprobs, annotations, …). */
  extensions?: Extensions;
}

export interface CanonicalResponse {
  id: string;
  /** The model the upstream reports having used. */
  model: string;
  /** Unix seconds. */
  created: number;
  choices: Choice[];
  usage?: Usage;
  extensions?: Extensions;
}
