/**
 * Outbound half, response: GenerateContentResponse → CanonicalResponse. Function calls get synthesized
 * ids (the Developer API gives none, §8 item 7) and their thought signatures are remembered for the next
 * turn. A prompt blocked before any candidate becomes a content-filter finish, not a crash (§8 item 28).
 */
import type { ContentPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { CanonicalResponse, Choice } from '../../core/response.js';
import { kindForStreamError } from '../../upstream/error-details.js';
import type { DecodeContext } from '../codec.js';
import { makeExtensions } from '../extensions.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { decodeErrorBody, decodeFinishReason, decodeUsage, DIALECT } from './shared.js';

/** One Gemini part → canonical part; function calls get an id and their signature is remembered. */
export function decodePart(part: Record<string, unknown>, context: DecodeContext): ContentPart | undefined {
  const signature = asString(part.thoughtSignature);
  const call = asRecord(part.functionCall);
  if (call) {
    const id = asString(call.id) ?? context.newToolCallId();
    if (signature) context.state.signatures.remember(id, signature);
    const decoded: ContentPart = { type: 'tool-call', id, name: asString(call.name) ?? '', arguments: JSON.stringify(call.args ?? {}) };
    if (signature) decoded.signature = signature;
    return decoded;
  }
  const text = asString(part.text);
  if (text !== undefined) {
    if (part.thought === true) return signature ? { type: 'reasoning', text, signature } : { type: 'reasoning', text };
    if (!text && !signature) return undefined;
    return signature ? { type: 'text', text, signature } : { type: 'text', text };
  }
  return undefined;
}

function decodeCandidate(raw: unknown, position: number, context: DecodeContext): Choice | undefined {
  const candidate = asRecord(raw);
  if (!candidate) return undefined;
  const content: ContentPart[] = [];
  for (const item of asArray(asRecord(candidate.content)?.parts)) {
    const record = asRecord(item);
    const part = record ? decodePart(record, context) : undefined;
    if (part) content.push(part);
  }
  const calledTools = content.some((part) => part.type === 'tool-call');
  const choice: Choice = {
    index: typeof candidate.index === 'number' ? candidate.index : position,
    content,
    finishReason: decodeFinishReason(candidate.finishReason, calledTools),
  };
  const extensions = makeExtensions(DIALECT, candidate.safetyRatings ? { safetyRatings: candidate.safetyRatings } : undefined);
  if (extensions) choice.extensions = extensions;
  return choice;
}

export function decodeResponse(body: unknown, context: DecodeContext): CanonicalResponse {
  const wire = asRecord(body);
  if (!wire) throw new GatewayError('upstream_bad_response', 'The provider answered with a body that is not a JSON object.');
  if (asRecord(wire.error)) {
    const details = decodeErrorBody(wire);
    throw new GatewayError(kindForStreamError(details), `The provider answered with an error: ${details.message ?? 'no message'}`);
  }
  const choices: Choice[] = [];
  asArray(wire.candidates).forEach((candidate, position) => {
    const choice = decodeCandidate(candidate, position, context);
    if (choice) choices.push(choice);
  });
  if (!choices.length) {
    const blocked = asString(asRecord(wire.promptFeedback)?.blockReason);
    choices.push({ index: 0, content: [], finishReason: { unified: 'content-filter', raw: blocked ?? null } });
  }
  const response: CanonicalResponse = {
    id: asString(wire.responseId) ?? context.id,
    model: asString(wire.modelVersion) ?? '',
    created: context.created,
    choices,
  };
  const usage = decodeUsage(wire.usageMetadata);
  if (usage) response.usage = usage;
  return response;
}
