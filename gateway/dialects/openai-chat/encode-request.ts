/**
 * Outbound half, request: CanonicalRequest → OpenAI Chat Completions wire body for an OpenAI-family
 * upstream. Extensions recorded by the openai-chat inbound half are merged back, so same-dialect traffic
 * arrives as the client sent it (only `model` is rewritten, and usage is requested for accounting).
 */
import type { ContentPart, FilePart, ImagePart, TextPart } from '../../core/content.js';
import type { CanonicalRequest, Message, ResponseFormat, Tool, ToolChoice } from '../../core/request.js';
import { toDataUrl } from '../data-url.js';
import { fieldsOf, hintOf } from '../extensions.js';

const DIALECT = 'openai-chat';

export interface OpenAIChatTarget {
  /** Model id as the provider knows it. */
  model: string;
  /** The provider accepts `stream_options.include_usage`. */
  streamUsage: boolean;
  /** Field for the output-token limit when the client's own choice is unknown. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** The provider accepts `cache_control` on content parts. */
  cacheControl?: boolean;
}

export interface EncodedRequest {
  body: Record<string, unknown>;
  /** What the target cannot express and was therefore dropped. */
  warnings: string[];
}

type WireMessage = Record<string, unknown>;

function withFields<T extends Record<string, unknown>>(base: T, fields: Record<string, unknown> | undefined): T {
  return fields ? { ...base, ...fields } : base;
}

const CACHE_DROPPED = 'cache_control dropped: this provider caches prompts automatically or not at all';

interface EncodeContext {
  warnings: string[];
  /** The provider takes Anthropic-style `cache_control` on parts (OpenRouter, for Anthropic models). */
  cacheControl: boolean;
}

function encodeText(part: TextPart, ctx: EncodeContext): Record<string, unknown> {
  const wire = withFields<Record<string, unknown>>({ type: 'text', text: part.text }, fieldsOf(part.extensions, DIALECT));
  if (part.cache && !wire.cache_control) {
    if (ctx.cacheControl) wire.cache_control = part.cache.ttl ? { type: 'ephemeral', ttl: part.cache.ttl } : { type: 'ephemeral' };
    else ctx.warnings.push(CACHE_DROPPED);
  }
  return wire;
}

function encodeImage(part: ImagePart): Record<string, unknown> {
  const url = part.source.kind === 'url' ? part.source.url : toDataUrl(part.source.mediaType, part.source.data);
  const imageUrl: Record<string, unknown> = { url };
  if (part.detail) imageUrl.detail = part.detail;
  return withFields({ type: 'image_url', image_url: imageUrl }, fieldsOf(part.extensions, DIALECT));
}

function encodeFile(part: FilePart): Record<string, unknown> {
  const file: Record<string, unknown> = {};
  if (part.data !== undefined) file.file_data = part.mediaType ? toDataUrl(part.mediaType, part.data) : part.data;
  if (part.fileId) file.file_id = part.fileId;
  if (part.filename) file.filename = part.filename;
  return { type: 'file', file };
}

/** A single plain text part is sent as a string, the form every OpenAI-compatible server accepts. */
function textOrParts(parts: TextPart[], ctx: EncodeContext): string | Array<Record<string, unknown>> {
  const only = parts[0];
  if (parts.length === 1 && only && !only.extensions && !(only.cache && ctx.cacheControl)) {
    if (only.cache) ctx.warnings.push(CACHE_DROPPED);
    return only.text;
  }
  return parts.map((part) => encodeText(part, ctx));
}

function encodeUserParts(parts: ContentPart[], ctx: EncodeContext): string | Array<Record<string, unknown>> {
  if (parts.every((part): part is TextPart => part.type === 'text')) return textOrParts(parts, ctx);
  const out: Array<Record<string, unknown>> = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        out.push(encodeText(part, ctx));
        break;
      case 'image':
        out.push(encodeImage(part));
        break;
      case 'file':
        out.push(encodeFile(part));
        break;
      case 'audio':
        out.push({ type: 'input_audio', input_audio: { data: part.data, format: part.format } });
        break;
      default:
        ctx.warnings.push(`dropped a ${part.type} part from a user message: OpenAI user messages cannot carry it`);
    }
  }
  return out;
}

function encodeAssistant(message: Message, ctx: EncodeContext): WireMessage {
  let text = '';
  let refusal = '';
  let reasoning = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  const textParts: TextPart[] = [];
  for (const part of message.content) {
    if (part.type === 'text') {
      text += part.text;
      textParts.push(part);
    } else if (part.type === 'refusal') refusal += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    } else ctx.warnings.push(`dropped a ${part.type} part from an assistant message`);
  }
  const wire: WireMessage = { role: 'assistant' };
  // Parts with their own extensions (e.g. cache_control) must stay parts; otherwise one string.
  if (textParts.some((part) => part.extensions || (part.cache && ctx.cacheControl))) wire.content = textParts.map((part) => encodeText(part, ctx));
  else wire.content = text || (toolCalls.length ? null : '');
  if (refusal) wire.refusal = refusal;
  // reasoning_content is only replayed to servers that sent it in this dialect (DeepSeek and others
  // reject it otherwise); reasoning from other dialects is not replayable here.
  if (reasoning && hintOf(message.extensions, DIALECT, 'reasoningContent')) wire.reasoning_content = reasoning;
  if (toolCalls.length) wire.tool_calls = toolCalls;
  if (message.name) wire.name = message.name;
  return withFields(wire, fieldsOf(message.extensions, DIALECT));
}

/**
 * Tool results become one `tool` message each. OpenAI tool messages carry text only, so images or files
 * in a result follow in a user message (wire-formats.md §8 item 27).
 */
function encodeToolResults(message: Message, out: WireMessage[], ctx: EncodeContext): ContentPart[] {
  const rest: ContentPart[] = [];
  const attachments: ContentPart[] = [];
  for (const part of message.content) {
    if (part.type !== 'tool-result') {
      rest.push(part);
      continue;
    }
    const texts = part.content.filter((inner): inner is TextPart => inner.type === 'text');
    for (const inner of part.content) if (inner.type !== 'text') attachments.push(inner);
    let content: string | Array<Record<string, unknown>> = texts.length ? textOrParts(texts, ctx) : '';
    if (part.isError && typeof content === 'string') content = `Error: ${content}`;
    out.push({ role: 'tool', tool_call_id: part.toolCallId, content });
  }
  if (attachments.length) {
    ctx.warnings.push('moved images/files from tool results into a following user message');
    out.push({ role: 'user', content: encodeUserParts(attachments, ctx) });
  }
  return rest;
}

function encodeMessages(messages: Message[], ctx: EncodeContext): WireMessage[] {
  const out: WireMessage[] = [];
  for (const message of messages) {
    const fields = fieldsOf(message.extensions, DIALECT);
    switch (message.role) {
      case 'system': {
        const role = hintOf(message.extensions, DIALECT, 'role') === 'developer' ? 'developer' : 'system';
        const texts = message.content.filter((part): part is TextPart => part.type === 'text');
        const wire: WireMessage = { role, content: textOrParts(texts, ctx) };
        if (message.name) wire.name = message.name;
        out.push(withFields(wire, fields));
        break;
      }
      case 'user': {
        const rest = encodeToolResults(message, out, ctx);
        if (!rest.length) break;
        const wire: WireMessage = { role: 'user', content: encodeUserParts(rest, ctx) };
        if (message.name) wire.name = message.name;
        out.push(withFields(wire, fields));
        break;
      }
      case 'tool': {
        const rest = encodeToolResults(message, out, ctx);
        if (rest.length) ctx.warnings.push(`dropped ${rest.length} part(s) of a tool message that were not tool results`);
        break;
      }
      case 'assistant':
        out.push(encodeAssistant(message, ctx));
        break;
    }
  }
  return out;
}

function encodeTools(tools: Tool[], ctx: EncodeContext): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const tool of tools) {
    if (tool.type === 'dialect') {
      if (tool.dialect === DIALECT) out.push(tool.raw as Record<string, unknown>);
      else ctx.warnings.push(`dropped a ${tool.dialect} tool the target cannot express`);
      continue;
    }
    const fn: Record<string, unknown> = { name: tool.name };
    if (tool.description !== undefined) fn.description = tool.description;
    if (tool.parameters) fn.parameters = tool.parameters;
    if (tool.strict !== undefined) fn.strict = tool.strict;
    out.push({ type: 'function', function: withFields(fn, fieldsOf(tool.extensions, DIALECT)) });
  }
  return out;
}

function encodeToolChoice(choice: ToolChoice, ctx: EncodeContext): unknown {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    case 'dialect':
      if (choice.dialect === DIALECT) return choice.raw;
      ctx.warnings.push(`replaced a ${choice.dialect} tool_choice the target cannot express with "auto"`);
      return 'auto';
  }
}

function encodeResponseFormat(format: ResponseFormat): Record<string, unknown> {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json':
      return { type: 'json_object' };
    case 'json-schema': {
      const schema: Record<string, unknown> = { name: format.name };
      if (format.description) schema.description = format.description;
      schema.schema = format.schema;
      if (format.strict !== undefined) schema.strict = format.strict;
      return { type: 'json_schema', json_schema: schema };
    }
  }
}

export function encodeRequest(request: CanonicalRequest, target: OpenAIChatTarget): EncodedRequest {
  const warnings: string[] = [];
  const ctx: EncodeContext = { warnings, cacheControl: target.cacheControl === true };
  const ext = request.extensions;
  const body: Record<string, unknown> = { model: target.model, messages: encodeMessages(request.messages, ctx) };
  if (request.tools?.length) body.tools = encodeTools(request.tools, ctx);
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice, ctx);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxOutputTokens !== undefined) {
    // Keep the client's own field (reasoning models reject `max_tokens`, older servers ignore the other).
    const hinted = hintOf(ext, DIALECT, 'maxTokensField');
    const field = hinted === 'max_tokens' || hinted === 'max_completion_tokens' ? hinted : target.maxTokensField;
    body[field] = request.maxOutputTokens;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop) body.stop = hintOf(ext, DIALECT, 'stopAsString') && request.stop.length === 1 ? request.stop[0] : request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.n !== undefined) body.n = request.n;
  if (request.logprobs !== undefined) body.logprobs = request.logprobs;
  if (request.topLogprobs !== undefined) body.top_logprobs = request.topLogprobs;
  if (request.responseFormat) body.response_format = encodeResponseFormat(request.responseFormat);
  if (request.reasoning?.effort) body.reasoning_effort = request.reasoning.effort;
  else if (request.reasoning?.budgetTokens) ctx.warnings.push('a thinking budget has no OpenAI Chat equivalent (only reasoning_effort); dropped');
  if (request.topK !== undefined) ctx.warnings.push('top_k is not an OpenAI Chat parameter; dropped');
  if (request.user) body.user = request.user;
  const fields = fieldsOf(ext, DIALECT);
  const { stream_options: extraStreamOptions, ...otherFields } = fields ?? {};
  Object.assign(body, otherFields);
  if (!request.stream && hintOf(ext, DIALECT, 'streamFalse')) body.stream = false;
  if (request.stream) {
    body.stream = true;
    // Usage is always requested where the provider supports it: the gateway accounts for every stream.
    // The client only sees the usage chunk when it asked for it.
    const streamOptions = { ...(extraStreamOptions as Record<string, unknown> | undefined) };
    if (target.streamUsage) streamOptions.include_usage = true;
    if (Object.keys(streamOptions).length) body.stream_options = streamOptions;
  }
  return { body, warnings: [...new Set(warnings)] };
}
