/**
 * Inbound half, request: Anthropic Messages wire body (+ `anthropic-beta` header) → CanonicalRequest.
 * Everything the canonical model does not cover stays in `extensions` (dialect `anthropic-messages`), so
 * an Anthropic upstream receives what the client sent (wire-formats.md §8 item 22).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CacheHint, ContentPart, FilePart, ImagePart, TextPart, ToolCallPart, ToolResultPart } from '../../core/content.js';
import type { CanonicalRequest, Message, ReasoningConfig, Tool, ToolChoice } from '../../core/request.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { asRecord, asString } from '../lenient.js';
import { rejectForbiddenFields } from '../forbidden-fields.js';
import { validateRequest } from '../validation.js';
import { AnthropicCountTokensRequest, AnthropicMessagesRequest, type AnthropicBlock } from './request-schema.js';
import { cacheFromWire, DIALECT } from './shared.js';

const KNOWN_REQUEST = new Set([
  'model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'temperature', 'top_p', 'top_k',
  'stop_sequences', 'metadata', 'max_tokens', 'stream',
]);
const KNOWN_TEXT = new Set(['type', 'text', 'cache_control']);

function withCache<T extends { cache?: CacheHint }>(part: T, wire: Record<string, unknown>): T {
  const cache = cacheFromWire(wire.cache_control);
  if (cache) part.cache = cache;
  return part;
}

function textPart(block: Record<string, unknown>): TextPart {
  const part = withCache<TextPart>({ type: 'text', text: String(block.text) }, block);
  const extensions = makeExtensions(DIALECT, unknownFields(block, KNOWN_TEXT));
  if (extensions) part.extensions = extensions;
  return part;
}

function imagePart(block: Record<string, unknown>): ImagePart | ContentPart {
  const source = asRecord(block.source) ?? {};
  if (source.type === 'base64') {
    return withCache<ImagePart>({ type: 'image', source: { kind: 'base64', mediaType: String(source.media_type), data: String(source.data) } }, block);
  }
  if (source.type === 'url') return withCache<ImagePart>({ type: 'image', source: { kind: 'url', url: String(source.url) } }, block);
  return { type: 'dialect', dialect: DIALECT, raw: block };
}

/** PDFs (base64 or URL) are files every dialect can express; other document sources stay Anthropic's. */
function documentPart(block: Record<string, unknown>): FilePart | ContentPart {
  const source = asRecord(block.source) ?? {};
  const title = asString(block.title);
  if (source.type === 'base64' && source.media_type === 'application/pdf') {
    const part = withCache<FilePart>({ type: 'file', data: String(source.data), mediaType: 'application/pdf' }, block);
    if (title) part.filename = title;
    return part;
  }
  if (source.type === 'url' && typeof source.url === 'string') {
    const part = withCache<FilePart>({ type: 'file', url: source.url, mediaType: 'application/pdf' }, block);
    if (title) part.filename = title;
    return part;
  }
  return { type: 'dialect', dialect: DIALECT, raw: block };
}

function toolResult(block: Record<string, unknown>): ToolResultPart {
  const content: ToolResultPart['content'] = [];
  const asText = typeof block.content === 'string';
  if (typeof block.content === 'string') content.push({ type: 'text', text: block.content });
  else if (Array.isArray(block.content)) {
    for (const item of block.content as Array<Record<string, unknown>>) {
      if (item.type === 'text') content.push(textPart(item));
      else if (item.type === 'image') {
        const image = imagePart(item);
        if (image.type === 'image') content.push(image);
      } else if (item.type === 'document') {
        const file = documentPart(item);
        if (file.type === 'file') content.push(file);
      }
    }
  }
  const part = withCache<ToolResultPart>({ type: 'tool-result', toolCallId: String(block.tool_use_id), content }, block);
  if (block.is_error === true) part.isError = true;
  // Keep the client's string form for same-dialect passthrough.
  if (asText) part.extensions = { dialect: DIALECT, hints: { contentString: true } };
  return part;
}

function decodeBlock(block: AnthropicBlock): ContentPart {
  const wire = block as Record<string, unknown>;
  switch (block.type) {
    case 'text':
      return textPart(wire);
    case 'image':
      return imagePart(wire);
    case 'document':
      return documentPart(wire);
    case 'tool_use':
      return withCache<ToolCallPart>({ type: 'tool-call', id: String(wire.id), name: String(wire.name), arguments: JSON.stringify(wire.input ?? {}) }, wire);
    case 'tool_result':
      return toolResult(wire);
    case 'thinking': {
      const signature = asString(wire.signature);
      return signature ? { type: 'reasoning', text: String(wire.thinking), signature } : { type: 'reasoning', text: String(wire.thinking) };
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redacted: String(wire.data) };
    default:
      return { type: 'dialect', dialect: DIALECT, raw: block };
  }
}

function decodeMessages(wire: AnthropicMessagesRequest): Message[] {
  const messages: Message[] = [];
  const asString = { dialect: DIALECT, hints: { contentString: true } } as const;
  if (typeof wire.system === 'string') messages.push({ role: 'system', content: [{ type: 'text', text: wire.system }], extensions: asString });
  else if (wire.system?.length) messages.push({ role: 'system', content: wire.system.map((block) => textPart(block)) });
  for (const message of wire.messages) {
    if (typeof message.content === 'string') messages.push({ role: message.role, content: [{ type: 'text', text: message.content }], extensions: asString });
    else messages.push({ role: message.role, content: message.content.map(decodeBlock) });
  }
  return messages;
}

function decodeTools(tools: NonNullable<AnthropicMessagesRequest['tools']>): Tool[] {
  return tools.map((tool): Tool => {
    const wire = tool as Record<string, unknown>;
    if (!('input_schema' in wire) || (wire.type !== undefined && wire.type !== null && wire.type !== 'custom')) {
      return { type: 'dialect', dialect: DIALECT, raw: tool };
    }
    const decoded: Tool = { type: 'function', name: String(wire.name), parameters: wire.input_schema as Record<string, unknown> };
    if (typeof wire.description === 'string') decoded.description = wire.description;
    if (typeof wire.strict === 'boolean') decoded.strict = wire.strict;
    const cache = cacheFromWire(wire.cache_control);
    if (cache) decoded.cache = cache;
    const extensions = makeExtensions(DIALECT, unknownFields(wire, new Set(['name', 'description', 'input_schema', 'cache_control', 'strict', 'type'])));
    if (extensions) decoded.extensions = extensions;
    return decoded;
  });
}

function decodeToolChoice(choice: NonNullable<AnthropicMessagesRequest['tool_choice']>): { choice: ToolChoice; parallel?: boolean } {
  const parallel = 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true ? false : undefined;
  const decoded: ToolChoice =
    choice.type === 'any' ? { type: 'required' } : choice.type === 'tool' ? { type: 'tool', name: choice.name } : { type: choice.type };
  return parallel === undefined ? { choice: decoded } : { choice: decoded, parallel };
}

function decodeThinking(thinking: NonNullable<AnthropicMessagesRequest['thinking']>): ReasoningConfig {
  if (thinking.type === 'enabled') return { enabled: true, budgetTokens: thinking.budget_tokens, includeThoughts: true };
  if (thinking.type === 'disabled') return { enabled: false };
  return { enabled: true, includeThoughts: true };
}

function decode(wire: AnthropicMessagesRequest, headers: IncomingHttpHeaders): CanonicalRequest {
  const request: CanonicalRequest = {
    model: wire.model,
    messages: decodeMessages(wire),
    stream: wire.stream === true,
    // Anthropic streams always carry usage.
    streamUsage: true,
  };
  if (typeof wire.max_tokens === 'number') request.maxOutputTokens = wire.max_tokens;
  if (wire.tools?.length) request.tools = decodeTools(wire.tools);
  if (wire.tool_choice) {
    const { choice, parallel } = decodeToolChoice(wire.tool_choice);
    request.toolChoice = choice;
    if (parallel !== undefined) request.parallelToolCalls = parallel;
  }
  if (wire.thinking) request.reasoning = decodeThinking(wire.thinking);
  if (typeof wire.temperature === 'number') request.temperature = wire.temperature;
  if (typeof wire.top_p === 'number') request.topP = wire.top_p;
  if (typeof wire.top_k === 'number') request.topK = wire.top_k;
  if (wire.stop_sequences?.length) request.stop = wire.stop_sequences;
  if (wire.metadata?.user_id) request.user = wire.metadata.user_id;
  const format = wire.output_config?.format;
  if (format?.type === 'json_schema' && format.schema) request.responseFormat = { type: 'json-schema', name: 'output', schema: format.schema };

  const fields = unknownFields(wire, KNOWN_REQUEST);
  const hints: Record<string, string | boolean> = {};
  const beta = headers['anthropic-beta'];
  const betas = (Array.isArray(beta) ? beta.join(',') : beta)?.trim();
  if (betas) hints.betas = betas;
  if (wire.thinking) hints.thinking = JSON.stringify(wire.thinking);
  if (wire.tool_choice) hints.toolChoice = JSON.stringify(wire.tool_choice);
  const extensions = makeExtensions(DIALECT, fields, Object.keys(hints).length ? hints : undefined);
  if (extensions) request.extensions = extensions;
  return request;
}

export function decodeRequest(body: unknown, context: { headers: IncomingHttpHeaders }): CanonicalRequest {
  rejectForbiddenFields(body);
  return decode(validateRequest(AnthropicMessagesRequest, body), context.headers);
}

/** count_tokens: the same body without `max_tokens`/`stream`. */
export function decodeCountTokensRequest(body: unknown, context: { headers: IncomingHttpHeaders }): CanonicalRequest {
  rejectForbiddenFields(body);
  return decode(validateRequest(AnthropicCountTokensRequest, body) as AnthropicMessagesRequest, context.headers);
}
