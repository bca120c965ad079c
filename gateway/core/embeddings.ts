/** Canonical embeddings request and response. */
import type { Extensions } from './request.js';

export type EmbeddingInput = string | string[] | number[] | number[][];

export interface EmbeddingRequest {
  model: string;
  input: EmbeddingInput;
  /** What the client wants back: float arrays or base64 of little-endian float32. */
  encoding: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  extensions?: Extensions;
}

/** One vector, in whichever form the provider sent it (converted only if the client wants the other). */
export type EmbeddingVector = { index: number; float: number[] } | { index: number; base64: string };

export interface EmbeddingResponse {
  model: string;
  vectors: EmbeddingVector[];
  inputTokens: number;
  extensions?: Extensions;
}

/** float32 little-endian bytes, base64 — the encoding OpenAI uses for `encoding_format: "base64"`. */
export function floatsToBase64(values: readonly number[]): string {
  const buffer = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) buffer.writeFloatLE(values[i] as number, i * 4);
  return buffer.toString('base64');
}

export function base64ToFloats(encoded: string): number[] {
  const buffer = Buffer.from(encoded, 'base64');
  const out = new Array<number>(Math.floor(buffer.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = buffer.readFloatLE(i * 4);
  return out;
}
