/** Typed content parts shared by requests and responses. */
import type { DialectId, Extensions } from './request.js';

/** A prompt-cache breakpoint: cache the prompt up to and including this part (Anthropic `cache_control`). */
export interface CacheHint {
  ttl?: '5m' | '1h';
}

export interface TextPart {
  type: 'text';
  text: string;
  cache?: CacheHint;
  /** Opaque provider signature bound to this part (Gemini `thoughtSignature`), replayed unmodified. */
  signature?: string;
  extensions?: Extensions;
}

export type ImageSource = { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  detail?: 'auto' | 'low' | 'high';
  cache?: CacheHint;
  extensions?: Extensions;
}

/** A document (PDF and the like): inline base64, a URL, or a provider file id. */
export interface FilePart {
  type: 'file';
  /** Base64 data (without the data-URL prefix). */
  data?: string;
  url?: string;
  mediaType?: string;
  fileId?: string;
  filename?: string;
  cache?: CacheHint;
  extensions?: Extensions;
}

export interface AudioPart {
  type: 'audio';
  data: string;
  format: string;
  extensions?: Extensions;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as the JSON text the model produced (may be invalid JSON; never re-serialised). */
  arguments: string;
  cache?: CacheHint;
  /** Opaque provider signature bound to this call (Gemini `thoughtSignature`), replayed unmodified. */
  signature?: string;
  extensions?: Extensions;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: Array<TextPart | ImagePart | FilePart>;
  isError?: boolean;
  cache?: CacheHint;
  extensions?: Extensions;
}

export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** Provider signature that must be replayed unmodified (Anthropic thinking, Gemini thought signature). */
  signature?: string;
  /** Opaque redacted reasoning (Anthropic redacted_thinking). */
  redacted?: string;
}

export interface RefusalPart {
  type: 'refusal';
  text: string;
}

/**
 * A block only one dialect understands (Anthropic server-tool blocks, search results, …): carried for
 * that dialect's outbound half, dropped with a warning by the others.
 */
export interface DialectPart {
  type: 'dialect';
  dialect: DialectId;
  raw: unknown;
}

export type ContentPart =
  | TextPart
  | ImagePart
  | FilePart
  | AudioPart
  | ToolCallPart
  | ToolResultPart
  | ReasoningPart
  | RefusalPart
  | DialectPart;

/** Concatenated text of all text parts. */
export function textOf(parts: readonly ContentPart[]): string {
  let out = '';
  for (const part of parts) if (part.type === 'text') out += part.text;
  return out;
}
