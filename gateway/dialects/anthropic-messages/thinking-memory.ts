/**
 * Anthropic thinking that must survive clients that cannot carry it. With thinking on, an assistant turn
 * that called tools must be replayed starting with its signed thinking block, unmodified (wire-formats.md
 * §8 item 23) — but OpenAI Chat clients drop signatures. The gateway remembers the turn's thinking blocks
 * by the ids of the tool calls it made, and puts them back when that turn returns without them.
 */
import type { ReasoningPart } from '../../core/content.js';
import type { SignatureCache } from '../signature-cache.js';

const key = (toolCallId: string): string => `anthropic-thinking:${toolCallId}`;

/** Thinking worth remembering: signed or redacted (unsigned text cannot be replayed to Anthropic). */
export function replayable(part: ReasoningPart): boolean {
  return part.redacted !== undefined || part.signature !== undefined;
}

export function rememberThinking(cache: SignatureCache, toolCallIds: readonly string[], thinking: readonly ReasoningPart[]): void {
  if (!thinking.length) return;
  const value = JSON.stringify(thinking);
  for (const id of toolCallIds) cache.remember(key(id), value);
}

export function recallThinking(cache: SignatureCache, toolCallId: string): ReasoningPart[] | undefined {
  const value = cache.recall(key(toolCallId));
  return value ? (JSON.parse(value) as ReasoningPart[]) : undefined;
}
