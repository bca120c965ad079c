/**
 * Inbound half, response: CanonicalResponse → OpenAI `chat.completion` body, as the official SDK reads it.
 * Same-dialect extensions (system_fingerprint, logprobs, annotations, raw usage details) are replayed.
 */
import type { Choice, FinishReason } from '../../core/response.js';
import type { CanonicalResponse } from '../../core/response.js';
import { totalInput, totalOutput, type Usage } from '../../core/usage.js';
import type { Extensions } from '../../core/request.js';
import { fieldsOf, hintOf } from '../extensions.js';

const DIALECT = 'openai-chat';
const OPENAI_FINISH = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);
const FROM_UNIFIED = { stop: 'stop', length: 'length', 'tool-calls': 'tool_calls', 'content-filter': 'content_filter', other: 'stop' } as const;

/** OpenAI finish_reason; a turn that called tools always says `tool_calls` (wire-formats.md §8 item 4). */
export function encodeFinishReason(reason: FinishReason, calledTools: boolean): string {
  const value = reason.raw && OPENAI_FINISH.has(reason.raw) ? reason.raw : FROM_UNIFIED[reason.unified];
  return calledTools && value === 'stop' ? 'tool_calls' : value;
}

export function encodeUsage(usage: Usage, extensions: Extensions | undefined): Record<string, unknown> {
  const raw = fieldsOf(extensions, DIALECT)?.usage;
  if (raw && typeof raw === 'object') return raw as Record<string, unknown>;
  const prompt = totalInput(usage);
  const completion = totalOutput(usage);
  const promptDetails: Record<string, number> = { cached_tokens: usage.inputCacheRead };
  if (usage.inputCacheWrite) promptDetails.cache_write_tokens = usage.inputCacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: usage.outputReasoning },
  };
}

function encodeChoice(choice: Choice): Record<string, unknown> {
  let text = '';
  let refusal = '';
  let reasoning = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const part of choice.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'refusal') refusal += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    }
  }
  const fields = fieldsOf(choice.extensions, DIALECT);
  const { message: messageFields, logprobs, ...choiceFields } = fields ?? {};
  const message: Record<string, unknown> = { role: 'assistant', content: text || null, refusal: refusal || null };
  if (reasoning) message[hintOf(choice.extensions, DIALECT, 'reasoningField') === 'reasoning' ? 'reasoning' : 'reasoning_content'] = reasoning;
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (messageFields && typeof messageFields === 'object') Object.assign(message, messageFields);
  return {
    index: choice.index,
    message,
    logprobs: logprobs ?? null,
    finish_reason: encodeFinishReason(choice.finishReason, toolCalls.length > 0),
    ...choiceFields,
  };
}

export function encodeResponse(response: CanonicalResponse): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: response.id,
    object: 'chat.completion',
    created: response.created,
    model: response.model,
    choices: response.choices.map(encodeChoice),
  };
  if (response.usage) body.usage = encodeUsage(response.usage, response.extensions);
  const { usage: _rawUsage, ...fields } = fieldsOf(response.extensions, DIALECT) ?? {};
  return Object.assign(body, fields);
}
