/**
 * Outbound half, response: an OpenAI-family provider's chat.completion body → CanonicalResponse.
 * Lenient: providers omit or add fields; nothing here may throw on an odd but usable body.
 */
import type { ContentPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { CanonicalResponse, Choice, FinishReason, FinishReasonKind } from '../../core/response.js';
import { count, type Usage } from '../../core/usage.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { kindForStreamError } from '../../upstream/error-details.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { decodeErrorBody } from './errors.js';

const DIALECT = 'openai-chat';
const KNOWN_TOP = new Set(['id', 'object', 'created', 'model', 'choices', 'usage']);
const KNOWN_CHOICE = new Set(['index', 'message', 'finish_reason', 'delta']);
const KNOWN_MESSAGE = new Set(['role', 'content', 'refusal', 'tool_calls', 'reasoning_content', 'reasoning']);

const FINISH: Record<string, FinishReasonKind> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

export function decodeFinishReason(raw: unknown): FinishReason {
  const value = typeof raw === 'string' ? raw : null;
  return { unified: (value && FINISH[value]) || (value === null ? 'stop' : 'other'), raw: value };
}

/** OpenAI usage (prompt includes cached, completion includes reasoning) → canonical usage. */
export function decodeUsage(raw: unknown): Usage | undefined {
  const usage = asRecord(raw);
  if (!usage) return undefined;
  const promptDetails = asRecord(usage.prompt_tokens_details);
  const completionDetails = asRecord(usage.completion_tokens_details);
  const prompt = count(usage.prompt_tokens);
  const cacheRead = count(promptDetails?.cached_tokens);
  const cacheWrite = count(promptDetails?.cache_write_tokens);
  const completion = count(usage.completion_tokens);
  const reasoning = Math.min(count(completionDetails?.reasoning_tokens), completion);
  return {
    inputUncached: Math.max(0, prompt - cacheRead - cacheWrite),
    inputCacheRead: cacheRead,
    inputCacheWrite: cacheWrite,
    outputText: completion - reasoning,
    outputReasoning: reasoning,
  };
}

function decodeMessageContent(message: Record<string, unknown>): ContentPart[] {
  const content: ContentPart[] = [];
  const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  const text = message.content;
  if (typeof text === 'string') {
    if (text) content.push({ type: 'text', text });
  } else {
    for (const part of asArray(text)) {
      const record = asRecord(part);
      const partText = asString(record?.text);
      if (partText) content.push({ type: 'text', text: partText });
    }
  }
  const refusal = asString(message.refusal);
  if (refusal) content.push({ type: 'refusal', text: refusal });
  let index = 0;
  for (const call of asArray(message.tool_calls)) {
    const record = asRecord(call);
    const fn = asRecord(record?.function);
    if (!record || !fn) continue;
    content.push({
      type: 'tool-call',
      id: asString(record.id) ?? `call_${index}`,
      name: asString(fn.name) ?? '',
      arguments: typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
    });
    index++;
  }
  return content;
}

function decodeChoice(raw: unknown, position: number): Choice | undefined {
  const choice = asRecord(raw);
  if (!choice) return undefined;
  const message = asRecord(choice.message) ?? {};
  const decoded: Choice = {
    index: typeof choice.index === 'number' ? choice.index : position,
    content: decodeMessageContent(message),
    finishReason: decodeFinishReason(choice.finish_reason),
  };
  const choiceFields = unknownFields(choice, KNOWN_CHOICE);
  const messageFields = unknownFields(message, KNOWN_MESSAGE);
  // `reasoning` vs `reasoning_content`: remember which one the provider used, to answer in kind.
  const hints = message.reasoning !== undefined && message.reasoning_content === undefined ? { reasoningField: 'reasoning' } : undefined;
  const extensions = makeExtensions(
    DIALECT,
    choiceFields || messageFields ? { ...choiceFields, ...(messageFields ? { message: messageFields } : {}) } : undefined,
    hints,
  );
  if (extensions) decoded.extensions = extensions;
  return decoded;
}

/** Values used when the provider leaves out the response id or creation time. */
export interface ResponseDefaults {
  id: string;
  created: number;
}

/** Decodes a 2xx body. A body carrying an `error` object is an upstream error despite the status. */
export function decodeResponse(body: unknown, defaults: ResponseDefaults): CanonicalResponse {
  const wire = asRecord(body);
  if (!wire) throw new GatewayError('upstream_bad_response', 'The provider answered with a body that is not a JSON object.');
  if (asRecord(wire.error)) {
    const details = decodeErrorBody(wire);
    throw new GatewayError(kindForStreamError(details), `The provider answered with an error: ${details.message ?? 'no message'}`);
  }
  const choices: Choice[] = [];
  asArray(wire.choices).forEach((choice, position) => {
    const decoded = decodeChoice(choice, position);
    if (decoded) choices.push(decoded);
  });
  if (!choices.length) throw new GatewayError('upstream_bad_response', 'The provider answered without any choice.');
  const response: CanonicalResponse = {
    id: asString(wire.id) ?? defaults.id,
    model: asString(wire.model) ?? '',
    created: typeof wire.created === 'number' ? wire.created : defaults.created,
    choices,
  };
  const usage = decodeUsage(wire.usage);
  if (usage) response.usage = usage;
  const fields = unknownFields(wire, KNOWN_TOP);
  const extensions = makeExtensions(DIALECT, wire.usage ? { ...fields, usage: wire.usage } : fields);
  if (extensions) response.extensions = extensions;
  return response;
}
