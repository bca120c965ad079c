/**
 * Canonical stream parts. Outbound stream decoders turn provider events into these; inbound stream
 * encoders turn these into the client's wire events. `choice` is the choice index (0 unless n > 1).
 * Every *-start has a matching *-end before the choice's `finish`.
 */
import type { GatewayError } from './errors.js';
import type { DialectId, Extensions } from './request.js';
import type { FinishReason } from './response.js';
import type { Usage } from './usage.js';

export type StreamPart =
  | { type: 'message-start'; id: string; model: string; created: number; extensions?: Extensions }
  | { type: 'text-start'; choice: number }
  | { type: 'text-delta'; choice: number; text: string; extensions?: Extensions }
  | { type: 'text-end'; choice: number }
  | { type: 'refusal-delta'; choice: number; text: string }
  | { type: 'reasoning-start'; choice: number; extensions?: Extensions }
  | { type: 'reasoning-delta'; choice: number; text: string }
  | { type: 'reasoning-end'; choice: number; signature?: string }
  /** Opaque redacted reasoning (Anthropic redacted_thinking), a block of its own. */
  | { type: 'reasoning-redacted'; choice: number; data: string }
  /** `index` counts tool calls within the choice (0, 1, …) in the order they started. */
  | { type: 'tool-input-start'; choice: number; index: number; id: string; name: string }
  | { type: 'tool-input-delta'; choice: number; index: number; delta: string }
  | { type: 'tool-input-end'; choice: number; index: number; signature?: string }
  /** A provider event only its own dialect can reproduce (server tools, citations): same-dialect passthrough. */
  | { type: 'dialect-event'; choice: number; dialect: DialectId; raw: unknown }
  | { type: 'finish'; choice: number; reason: FinishReason; extensions?: Extensions }
  | { type: 'usage'; usage: Usage; extensions?: Extensions }
  | { type: 'error'; error: GatewayError };

/** A stream decoder: a step function with explicit state, fed one provider event at a time. */
export interface StreamDecoder<Event> {
  /** Parts produced by one upstream event. */
  push(event: Event): StreamPart[];
  /** Called at end of input: closes open blocks, or reports truncation as an error part. */
  end(): StreamPart[];
  /** True once the upstream sent its terminal event (e.g. `[DONE]`). */
  readonly done: boolean;
}

/** A stream encoder: canonical parts in, wire frames (already SSE-formatted strings) out. */
export interface StreamEncoder {
  push(part: StreamPart): string;
  /** Frames that close a successful stream (e.g. `data: [DONE]`). */
  end(): string;
}
