/** Typed content parts shared by requests and responses. */
import type { Extensions } from './request.js';

export interface TextPart {
  type: 'text';
  text: string;
  extensions?: Extensions;
}

export type ImageSource = { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  detail?: 'auto' | 'low' | 'high';
  extensions?: Extensions;
}

export interface FilePart {
  type: 'file';
  /** Base64 data (without the data-URL prefix), or absent when only a provider file id is given. */
  data?: string;
  mediaType?: string;
  fileId?: string;
  filename?: string;
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
  extensions?: Extensions;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: Array<TextPart | ImagePart | FilePart>;
  isError?: boolean;
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

export type ContentPart =
  | TextPart
  | ImagePart
  | FilePart
  | AudioPart
  | ToolCallPart
  | ToolResultPart
  | ReasoningPart
  | RefusalPart;

/** Concatenated text of all text parts. */
export function textOf(parts: readonly ContentPart[]): string {
  let out = '';
  for (const part of parts) if (part.type === 'text') out += part.text;
  return out;
}
