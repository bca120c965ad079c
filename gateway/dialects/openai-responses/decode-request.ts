/**
 * Inbound half, request: OpenAI Responses wire body → CanonicalRequest.
 * `instructions` becomes a leading system message (hint `instructions`, so it can be echoed and turned
 * back into `instructions`); everything the canonical model does not cover is kept in `extensions`
 * (dialect `openai-responses`): `store`, `include`, `metadata`, `text.verbosity`…
 * Signalbox is stateless: state held by OpenAI (`previous_response_id`, `conversation`, item references)
 * cannot be resolved, and is refused with a 400 rather than silently dropping history
 * (wire-formats.md §3).
 */
import { GatewayError } from '../../core/errors.js';
import type { CanonicalRequest, Message, ReasoningConfig, ResponseFormat, Tool, ToolChoice } from '../../core/request.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { rejectForbiddenFields } from '../forbidden-fields.js';
import { validateRequest } from '../validation.js';
import { decodeInput } from './decode-input.js';
import { INCLUDE_LOGPROBS, isFunctionTool, isFunctionToolChoice, OpenAIResponsesRequest } from './request-schema.js';

const DIALECT = 'openai-responses';

const KNOWN_REQUEST_FIELDS = new Set([
  'model', 'input', 'instructions', 'max_output_tokens', 'temperature', 'top_p', 'tools', 'tool_choice',
  'parallel_tool_calls', 'text', 'reasoning', 'stream', 'user', 'top_logprobs', 'previous_response_id',
]);
const KNOWN_TOOL_FIELDS = new Set(['type', 'name', 'description', 'parameters', 'strict']);

/** Server-side state a stateless gateway cannot look up. */
const STATEFUL_FIELDS = ['previous_response_id', 'conversation'] as const;

function rejectUnsupportedFields(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  rejectForbiddenFields(record);
  for (const field of STATEFUL_FIELDS) {
    if (record[field] !== null && record[field] !== undefined) {
      throw new GatewayError(
        'invalid_request',
        `Unsupported parameter: '${field}'. Signalbox is stateless and keeps no responses or conversations; send the full conversation in 'input' and set 'store: false'.`,
        { param: field, code: 'unsupported_parameter' },
      );
    }
  }
}

function decodeTools(tools: NonNullable<OpenAIResponsesRequest['tools']>): Tool[] {
  return tools.map((tool): Tool => {
    if (!isFunctionTool(tool)) return { type: 'dialect', dialect: DIALECT, raw: tool };
    const decoded: Tool = { type: 'function', name: tool.name };
    if (tool.description) decoded.description = tool.description;
    if (tool.parameters) decoded.parameters = tool.parameters;
    if (typeof tool.strict === 'boolean') decoded.strict = tool.strict;
    const extensions = makeExtensions(DIALECT, unknownFields(tool, KNOWN_TOOL_FIELDS));
    if (extensions) decoded.extensions = extensions;
    return decoded;
  });
}

function decodeToolChoice(choice: NonNullable<OpenAIResponsesRequest['tool_choice']>): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  if (isFunctionToolChoice(choice)) return { type: 'tool', name: choice.name };
  // allowed_tools, hosted tools, custom, mcp: only a Responses upstream can express them.
  return { type: 'dialect', dialect: DIALECT, raw: choice };
}

function decodeFormat(format: NonNullable<NonNullable<OpenAIResponsesRequest['text']>['format']>): ResponseFormat {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const decoded: ResponseFormat = { type: 'json-schema', name: format.name, schema: format.schema };
      if (typeof format.strict === 'boolean') decoded.strict = format.strict;
      if (format.description) decoded.description = format.description;
      return decoded;
    }
  }
}

function decodeMessages(wire: OpenAIResponsesRequest): Message[] {
  if (wire.input === null || wire.input === undefined) {
    throw new GatewayError('invalid_request', "Invalid 'input': is required.", { param: 'input', code: 'missing_required_parameter' });
  }
  const messages = decodeInput(wire.input);
  if (typeof wire.instructions === 'string') {
    messages.unshift({ role: 'system', content: [{ type: 'text', text: wire.instructions }], extensions: { dialect: DIALECT, hints: { instructions: true } } });
  }
  return messages;
}

/** Sub-objects whose modelled keys are canonical and whose other keys (e.g. `text.verbosity`) ride along. */
function nestedFields(wire: OpenAIResponsesRequest): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  const text = wire.text ? unknownFields(wire.text, new Set(['format'])) : undefined;
  if (text) (out ??= {}).text = text;
  const reasoning = wire.reasoning ? unknownFields(wire.reasoning, new Set(['effort', 'summary'])) : undefined;
  if (reasoning) (out ??= {}).reasoning = reasoning;
  return out;
}

export function decodeRequest(body: unknown): CanonicalRequest {
  rejectUnsupportedFields(body);
  const wire = validateRequest(OpenAIResponsesRequest, body);
  const stream = wire.stream === true;
  // The Responses API always reports usage (in `response.completed`), so a stream always asks for it.
  const request: CanonicalRequest = { model: wire.model, messages: decodeMessages(wire), stream, streamUsage: stream };
  if (wire.tools?.length) request.tools = decodeTools(wire.tools);
  if (wire.tool_choice) request.toolChoice = decodeToolChoice(wire.tool_choice);
  if (typeof wire.parallel_tool_calls === 'boolean') request.parallelToolCalls = wire.parallel_tool_calls;
  if (wire.max_output_tokens) request.maxOutputTokens = wire.max_output_tokens;
  if (typeof wire.temperature === 'number') request.temperature = wire.temperature;
  if (typeof wire.top_p === 'number') request.topP = wire.top_p;
  if (wire.text?.format) request.responseFormat = decodeFormat(wire.text.format);
  if (wire.user) request.user = wire.user;

  const hints: Record<string, string | boolean> = {};
  if (wire.reasoning?.effort || wire.reasoning?.summary) {
    const reasoning: ReasoningConfig = {};
    if (wire.reasoning.effort) reasoning.effort = wire.reasoning.effort;
    // Asking for a summary is asking to see the reasoning; the exact flavour is echoed from the hint.
    if (wire.reasoning.summary) {
      reasoning.includeThoughts = true;
      hints.reasoningSummary = wire.reasoning.summary;
    }
    request.reasoning = reasoning;
  }

  const fields = { ...unknownFields(wire, KNOWN_REQUEST_FIELDS), ...nestedFields(wire) };
  // Logprobs are asked for through `include`; `top_logprobs` alone means nothing to other dialects.
  if (wire.include?.includes(INCLUDE_LOGPROBS)) {
    request.logprobs = true;
    if (typeof wire.top_logprobs === 'number') request.topLogprobs = wire.top_logprobs;
  } else if (typeof wire.top_logprobs === 'number') {
    fields.top_logprobs = wire.top_logprobs;
  }
  const extensions = makeExtensions(DIALECT, Object.keys(fields).length ? fields : undefined, Object.keys(hints).length ? hints : undefined);
  if (extensions) request.extensions = extensions;
  return request;
}
