/**
 * Outbound half, response: an Anthropic `message` body → CanonicalResponse. Lenient about missing fields.
 * The raw usage and message-level extras are kept for same-dialect passthrough.
 */
import type { ContentPart, ReasoningPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { CanonicalResponse } from '../../core/response.js';
import { kindForStreamError } from '../../upstream/error-details.js';
import type { DecodeContext } from '../codec.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { decodeErrorBody } from './errors.js';
import { decodeStopReason, decodeUsage, DIALECT } from './shared.js';
import { rememberThinking, replayable } from './thinking-memory.js';

const KNOWN_MESSAGE = new Set(['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);

/** One response content block → canonical part (server-tool blocks stay Anthropic's). */
export function decodeContentBlock(block: Record<string, unknown>): ContentPart | undefined {
  switch (block.type) {
    case 'text': {
      const text = asString(block.text) ?? '';
      const extensions = makeExtensions(DIALECT, unknownFields(block, new Set(['type', 'text'])));
      return extensions ? { type: 'text', text, extensions } : { type: 'text', text };
    }
    case 'thinking': {
      const signature = asString(block.signature);
      const text = asString(block.thinking) ?? '';
      return signature ? { type: 'reasoning', text, signature } : { type: 'reasoning', text };
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redacted: asString(block.data) ?? '' };
    case 'tool_use':
      return { type: 'tool-call', id: asString(block.id) ?? '', name: asString(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) };
    default:
      return typeof block.type === 'string' ? { type: 'dialect', dialect: DIALECT, raw: block } : undefined;
  }
}

export function decodeResponse(body: unknown, context: DecodeContext): CanonicalResponse {
  const wire = asRecord(body);
  if (!wire) throw new GatewayError('upstream_bad_response', 'The provider answered with a body that is not a JSON object.');
  if (wire.type === 'error') {
    const details = decodeErrorBody(wire);
    throw new GatewayError(kindForStreamError(details), `The provider answered with an error: ${details.message ?? 'no message'}`);
  }
  const content: ContentPart[] = [];
  for (const block of asArray(wire.content)) {
    const record = asRecord(block);
    const part = record ? decodeContentBlock(record) : undefined;
    if (part) content.push(part);
  }
  const thinking = content.filter((part) => part.type === 'reasoning' && replayable(part)) as ReasoningPart[];
  const calls = content.flatMap((part) => (part.type === 'tool-call' ? [part.id] : []));
  rememberThinking(context.state.signatures, calls, thinking);
  const response: CanonicalResponse = {
    id: asString(wire.id) ?? context.id,
    model: asString(wire.model) ?? '',
    created: context.created,
    choices: [{ index: 0, content, finishReason: decodeStopReason(wire.stop_reason, wire.stop_sequence) }],
  };
  const usage = decodeUsage(wire.usage);
  if (usage) response.usage = usage;
  const fields = unknownFields(wire, KNOWN_MESSAGE);
  const extensions = makeExtensions(DIALECT, wire.usage ? { ...fields, usage: wire.usage } : fields);
  if (extensions) response.extensions = extensions;
  return response;
}
