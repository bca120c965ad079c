/** Small mappings both halves of the Anthropic dialect use. */
import type { CacheHint } from '../../core/content.js';
import type { FinishReason, FinishReasonKind } from '../../core/response.js';
import { count, type Usage } from '../../core/usage.js';
import { asRecord } from '../lenient.js';

export const DIALECT = 'anthropic-messages';

/** Anthropic tool ids must match ^[a-zA-Z0-9_-]+$ (wire-formats.md §8 item 5): replaced deterministically. */
export function sanitizeToolId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean || 'toolu_empty';
}

export function cacheFromWire(value: unknown): CacheHint | undefined {
  const record = asRecord(value);
  if (!record || record.type !== 'ephemeral') return undefined;
  return record.ttl === '1h' || record.ttl === '5m' ? { ttl: record.ttl } : {};
}

export function cacheToWire(cache: CacheHint): Record<string, string> {
  return cache.ttl ? { type: 'ephemeral', ttl: cache.ttl } : { type: 'ephemeral' };
}

const STOP: Record<string, FinishReasonKind> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  pause_turn: 'other',
};

export function decodeStopReason(raw: unknown, stopSequence: unknown): FinishReason {
  const value = typeof raw === 'string' ? raw : null;
  const reason: FinishReason = { unified: (value && STOP[value]) || 'stop', raw: value };
  if (typeof stopSequence === 'string') reason.stopSequence = stopSequence;
  return reason;
}

const ANTHROPIC_STOP = new Set(Object.keys(STOP));
const FROM_UNIFIED: Record<FinishReasonKind, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  other: 'end_turn',
};

/** Anthropic stop_reason; a turn that called tools says `tool_use` whatever the upstream said. */
export function encodeStopReason(reason: FinishReason, calledTools: boolean): string {
  let value = reason.raw && ANTHROPIC_STOP.has(reason.raw) ? reason.raw : FROM_UNIFIED[reason.unified];
  if (value === 'end_turn' && reason.stopSequence) value = 'stop_sequence';
  return calledTools && (value === 'end_turn' || value === 'stop_sequence') ? 'tool_use' : value;
}

/** Anthropic usage: `input_tokens` excludes cache reads and writes; `output_tokens` includes thinking. */
export function decodeUsage(raw: unknown): Usage | undefined {
  const usage = asRecord(raw);
  if (!usage) return undefined;
  const details = asRecord(usage.output_tokens_details);
  const output = count(usage.output_tokens);
  const reasoning = Math.min(count(details?.thinking_tokens), output);
  return {
    inputUncached: count(usage.input_tokens),
    inputCacheRead: count(usage.cache_read_input_tokens),
    inputCacheWrite: count(usage.cache_creation_input_tokens),
    outputText: output - reasoning,
    outputReasoning: reasoning,
  };
}

export function encodeUsage(usage: Usage): Record<string, number> {
  return {
    input_tokens: usage.inputUncached,
    cache_creation_input_tokens: usage.inputCacheWrite,
    cache_read_input_tokens: usage.inputCacheRead,
    output_tokens: usage.outputText + usage.outputReasoning,
  };
}

/** Parses tool arguments into the object Anthropic requires; anything else becomes `{}` (and a warning). */
export function argumentsObject(text: string): { input: Record<string, unknown>; ok: boolean } {
  if (!text.trim()) return { input: {}, ok: true };
  try {
    const value: unknown = JSON.parse(text);
    const record = asRecord(value);
    return record ? { input: record, ok: true } : { input: {}, ok: false };
  } catch {
    return { input: {}, ok: false };
  }
}
