/**
 * Inbound half, response: CanonicalResponse → Anthropic `message`. Only the first choice (the Messages API
 * has no `n`). Tool ids are sanitized here too, so a transcript never holds an id Anthropic would reject
 * (wire-formats.md §8 item 5); empty text blocks are never produced.
 */
import type { ContentPart } from '../../core/content.js';
import type { CanonicalResponse } from '../../core/response.js';
import { emptyUsage } from '../../core/usage.js';
import { fieldsOf } from '../extensions.js';
import { argumentsObject, DIALECT, encodeStopReason, encodeUsage, sanitizeToolId } from './shared.js';

/** `msg_…` ids as Anthropic clients expect; other providers' ids are carried over, sanitized. */
export function messageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id.replace(/[^a-zA-Z0-9]/g, '')}`;
}

export function encodeBlock(part: ContentPart): Record<string, unknown> | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? { type: 'text', text: part.text, ...fieldsOf(part.extensions, DIALECT) } : undefined;
    case 'refusal':
      return part.text ? { type: 'text', text: part.text } : undefined;
    case 'reasoning':
      if (part.redacted) return { type: 'redacted_thinking', data: part.redacted };
      return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
    case 'tool-call':
      return { type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input: argumentsObject(part.arguments).input };
    case 'dialect':
      return part.dialect === DIALECT ? (part.raw as Record<string, unknown>) : undefined;
    default:
      return undefined;
  }
}

export function encodeResponse(response: CanonicalResponse): Record<string, unknown> {
  const choice = response.choices[0];
  const content: Array<Record<string, unknown>> = [];
  for (const part of choice?.content ?? []) {
    const block = encodeBlock(part);
    if (block) content.push(block);
  }
  const calledTools = content.some((block) => block.type === 'tool_use');
  const { usage: rawUsage, ...fields } = fieldsOf(response.extensions, DIALECT) ?? {};
  const reason = choice?.finishReason ?? { unified: 'stop' as const, raw: null };
  return {
    id: messageId(response.id),
    type: 'message',
    role: 'assistant',
    model: response.model,
    content,
    stop_reason: encodeStopReason(reason, calledTools),
    stop_sequence: reason.stopSequence ?? null,
    usage: rawUsage && typeof rawUsage === 'object' ? rawUsage : encodeUsage(response.usage ?? emptyUsage()),
    ...fields,
  };
}
