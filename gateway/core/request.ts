/**
 * The canonical request: what every inbound dialect decodes into and every outbound dialect encodes from.
 * Plain data, no behaviour. Fields a dialect cannot model ride in `extensions`, tagged with the dialect
 * that produced them, so a same-dialect outbound half can merge them back losslessly.
 */
import type { CacheHint, ContentPart } from './content.js';

export type DialectId = 'openai-chat' | 'openai-embeddings' | 'openai-responses' | 'anthropic-messages' | 'gemini';

/** Fields a codec does not model, kept verbatim for the same dialect's outbound half. */
export interface Extensions {
  dialect: DialectId;
  /** Wire fields the canonical model does not cover, merged back verbatim by the same dialect. */
  fields?: Record<string, unknown>;
  /** Formatting choices of the original wire form (e.g. which max-tokens field the client used). */
  hints?: Record<string, string | boolean>;
}

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface Message {
  role: Role;
  content: ContentPart[];
  /** Participant name (OpenAI `name`); dropped with a warning by dialects without it. */
  name?: string;
  extensions?: Extensions;
}

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments object; absent = no parameters. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
  /** Prompt-cache breakpoint after this tool (Anthropic `cache_control`). */
  cache?: CacheHint;
  extensions?: Extensions;
}

/** A tool only one dialect understands (OpenAI `custom`, server tools, …): passed through or warned about. */
export interface DialectTool {
  type: 'dialect';
  dialect: DialectId;
  raw: unknown;
}

export type Tool = FunctionTool | DialectTool;

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string }
  | { type: 'dialect'; dialect: DialectId; raw: unknown };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json-schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/**
 * How much the model should think. Dialects express it as an effort (OpenAI), a token budget (Anthropic
 * `thinking.budget_tokens`, Gemini `thinkingBudget`) or on/off; each outbound half maps what it gets.
 */
export interface ReasoningConfig {
  /** false = explicitly off. */
  enabled?: boolean;
  effort?: ReasoningEffort;
  budgetTokens?: number;
  /** Return the reasoning text (or summary) as well, where the provider can. */
  includeThoughts?: boolean;
}

export interface CanonicalRequest {
  /** The model exactly as the client named it (e.g. `oai/gpt-4o-mini`). */
  model: string;
  messages: Message[];
  tools?: Tool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Number of choices to generate. */
  n?: number;
  logprobs?: boolean;
  topLogprobs?: number;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningConfig;
  /** End-user identifier for abuse monitoring (OpenAI `user`). */
  user?: string;
  stream: boolean;
  /** The client asked for usage in the stream (OpenAI `stream_options.include_usage`). */
  streamUsage: boolean;
  extensions?: Extensions;
}
