/**
 * Inbound half, request: OpenAI Chat Completions wire body → CanonicalRequest.
 * Everything the canonical model does not cover is kept in `extensions` (dialect `openai-chat`), so an
 * OpenAI-family upstream receives what the client sent.
 */
import type { ContentPart, FilePart, ImagePart, TextPart } from '../../core/content.js';
import type { CanonicalRequest, Message, ResponseFormat, Tool, ToolChoice } from '../../core/request.js';
import { parseDataUrl } from '../data-url.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { validateRequest } from '../validation.js';
import { rejectForbiddenFields } from '../forbidden-fields.js';
import { OpenAIChatRequest, type OpenAIChatMessage } from './request-schema.js';

const DIALECT = 'openai-chat';

const KNOWN_REQUEST_FIELDS = new Set([
  'model', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_tokens', 'max_completion_tokens',
  'temperature', 'top_p', 'stop', 'seed', 'presence_penalty', 'frequency_penalty', 'n', 'logprobs',
  'top_logprobs', 'response_format', 'reasoning_effort', 'user', 'stream', 'stream_options',
]);
const KNOWN_MESSAGE_FIELDS = new Set(['role', 'content', 'name', 'tool_calls', 'tool_call_id', 'refusal', 'reasoning_content']);
const KNOWN_PART_FIELDS = new Set(['type', 'text', 'image_url', 'input_audio', 'file', 'refusal']);
const KNOWN_FUNCTION_FIELDS = new Set(['name', 'description', 'parameters', 'strict']);

type Part<T extends string> = Extract<Exclude<OpenAIChatMessage['content'], string | null | undefined>[number], { type: T }>;

function textPart(part: Part<'text'>): TextPart {
  const extensions = makeExtensions(DIALECT, unknownFields(part, KNOWN_PART_FIELDS));
  return extensions ? { type: 'text', text: part.text, extensions } : { type: 'text', text: part.text };
}

function textContent(content: string | Array<Part<'text'>>): TextPart[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map(textPart);
}

function imagePart(part: Part<'image_url'>): ImagePart {
  const { url, detail } = part.image_url;
  const inline = parseDataUrl(url);
  const image: ImagePart = {
    type: 'image',
    source: inline ? { kind: 'base64', mediaType: inline.mediaType, data: inline.data } : { kind: 'url', url },
  };
  if (detail) image.detail = detail;
  const extensions = makeExtensions(DIALECT, unknownFields(part, KNOWN_PART_FIELDS));
  if (extensions) image.extensions = extensions;
  return image;
}

function filePart(part: Part<'file'>): FilePart {
  const file: FilePart = { type: 'file' };
  const { file_data: fileData, file_id: fileId, filename } = part.file;
  if (fileData) {
    const inline = parseDataUrl(fileData);
    if (inline) {
      file.data = inline.data;
      file.mediaType = inline.mediaType;
    } else {
      file.data = fileData;
    }
  }
  if (fileId) file.fileId = fileId;
  if (filename) file.filename = filename;
  return file;
}

function userContent(content: Extract<OpenAIChatMessage, { role: 'user' }>['content']): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): ContentPart => {
    switch (part.type) {
      case 'text':
        return textPart(part);
      case 'image_url':
        return imagePart(part);
      case 'input_audio':
        return { type: 'audio', data: part.input_audio.data, format: part.input_audio.format };
      case 'file':
        return filePart(part);
    }
  });
}

function decodeMessage(message: OpenAIChatMessage): Message {
  const fields = unknownFields(message, KNOWN_MESSAGE_FIELDS);
  let decoded: Message;
  switch (message.role) {
    case 'system':
    case 'developer': {
      const hints = message.role === 'developer' ? { role: 'developer' } : undefined;
      decoded = { role: 'system', content: textContent(message.content) };
      const extensions = makeExtensions(DIALECT, fields, hints);
      if (extensions) decoded.extensions = extensions;
      break;
    }
    case 'user':
      decoded = { role: 'user', content: userContent(message.content) };
      break;
    case 'assistant': {
      const content: ContentPart[] = [];
      if (message.reasoning_content) content.push({ type: 'reasoning', text: message.reasoning_content });
      if (typeof message.content === 'string') {
        if (message.content) content.push({ type: 'text', text: message.content });
      } else if (message.content) {
        for (const part of message.content) {
          content.push(part.type === 'text' ? textPart(part) : { type: 'refusal', text: part.refusal });
        }
      }
      if (message.refusal) content.push({ type: 'refusal', text: message.refusal });
      for (const call of message.tool_calls ?? []) {
        content.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments });
      }
      decoded = { role: 'assistant', content };
      const extensions = makeExtensions(DIALECT, fields, message.reasoning_content ? { reasoningContent: true } : undefined);
      if (extensions) decoded.extensions = extensions;
      break;
    }
    case 'tool':
      decoded = {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: message.tool_call_id, content: textContent(message.content) }],
      };
      break;
  }
  if (message.role !== 'tool' && message.name) decoded.name = message.name;
  if (!decoded.extensions) {
    const extensions = makeExtensions(DIALECT, fields);
    if (extensions) decoded.extensions = extensions;
  }
  return decoded;
}

function decodeTools(tools: NonNullable<OpenAIChatRequest['tools']>): Tool[] {
  return tools.map((tool): Tool => {
    if (tool.type !== 'function') return { type: 'dialect', dialect: DIALECT, raw: tool };
    const { name, description, parameters, strict } = tool.function;
    const decoded: Tool = { type: 'function', name };
    if (description) decoded.description = description;
    if (parameters) decoded.parameters = parameters;
    if (typeof strict === 'boolean') decoded.strict = strict;
    // Unknown fields inside `function` ride along; they are merged back into `function` on the way out.
    const extensions = makeExtensions(DIALECT, unknownFields(tool.function, KNOWN_FUNCTION_FIELDS));
    if (extensions) decoded.extensions = extensions;
    return decoded;
  });
}

function decodeToolChoice(choice: NonNullable<OpenAIChatRequest['tool_choice']>): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  if (choice.type === 'function') return { type: 'tool', name: choice.function.name };
  return { type: 'dialect', dialect: DIALECT, raw: choice };
}

function decodeResponseFormat(format: NonNullable<OpenAIChatRequest['response_format']>): ResponseFormat {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const { name, schema, strict, description } = format.json_schema;
      const decoded: ResponseFormat = { type: 'json-schema', name, schema: schema ?? {} };
      if (typeof strict === 'boolean') decoded.strict = strict;
      if (description) decoded.description = description;
      return decoded;
    }
  }
}

export function decodeRequest(body: unknown): CanonicalRequest {
  rejectForbiddenFields(body);
  const wire = validateRequest(OpenAIChatRequest, body);
  const request: CanonicalRequest = {
    model: wire.model,
    messages: wire.messages.map(decodeMessage),
    stream: wire.stream === true,
    streamUsage: wire.stream === true && wire.stream_options?.include_usage === true,
  };
  if (wire.tools?.length) request.tools = decodeTools(wire.tools);
  if (wire.tool_choice) request.toolChoice = decodeToolChoice(wire.tool_choice);
  if (typeof wire.parallel_tool_calls === 'boolean') request.parallelToolCalls = wire.parallel_tool_calls;
  const maxTokens = wire.max_completion_tokens ?? wire.max_tokens;
  if (maxTokens) request.maxOutputTokens = maxTokens;
  if (typeof wire.temperature === 'number') request.temperature = wire.temperature;
  if (typeof wire.top_p === 'number') request.topP = wire.top_p;
  if (wire.stop !== null && wire.stop !== undefined) request.stop = typeof wire.stop === 'string' ? [wire.stop] : wire.stop;
  if (typeof wire.seed === 'number') request.seed = wire.seed;
  if (typeof wire.presence_penalty === 'number') request.presencePenalty = wire.presence_penalty;
  if (typeof wire.frequency_penalty === 'number') request.frequencyPenalty = wire.frequency_penalty;
  if (typeof wire.n === 'number') request.n = wire.n;
  if (typeof wire.logprobs === 'boolean') request.logprobs = wire.logprobs;
  if (typeof wire.top_logprobs === 'number') request.topLogprobs = wire.top_logprobs;
  if (wire.response_format) request.responseFormat = decodeResponseFormat(wire.response_format);
  if (wire.reasoning_effort) request.reasoning = { effort: wire.reasoning_effort };
  if (wire.user) request.user = wire.user;

  const fields = unknownFields(wire, KNOWN_REQUEST_FIELDS);
  const streamOptions = wire.stream_options ? unknownFields(wire.stream_options, new Set(['include_usage'])) : undefined;
  const hints: Record<string, string | boolean> = {};
  if (wire.max_completion_tokens) hints.maxTokensField = 'max_completion_tokens';
  else if (wire.max_tokens) hints.maxTokensField = 'max_tokens';
  if (typeof wire.stop === 'string') hints.stopAsString = true;
  if (wire.stream === false) hints.streamFalse = true;
  const extensions = makeExtensions(
    DIALECT,
    streamOptions ? { ...fields, stream_options: streamOptions } : fields,
    Object.keys(hints).length ? hints : undefined,
  );
  if (extensions) request.extensions = extensions;
  return request;
}
