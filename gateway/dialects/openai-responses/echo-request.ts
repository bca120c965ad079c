/**
 * The request parameters a Response object echoes back (`instructions`, `tools`, `text`, `reasoning`…),
 * rebuilt from the canonical request and this dialect's extensions. Computed once per answer.
 * Parameters the client left out are echoed as `null` where the SDK types allow it: the upstream's
 * defaults are not known here (OpenAI would report its own, e.g. `temperature: 1`).
 */
import { textOf } from '../../core/content.js';
import type { CanonicalRequest, ResponseFormat, Tool, ToolChoice } from '../../core/request.js';
import { fieldsOf, hintOf } from '../extensions.js';
import { asRecord } from '../lenient.js';
import { INCLUDE_ENCRYPTED_REASONING } from './request-schema.js';

const DIALECT = 'openai-responses';
/** Top-level request fields the API echoes verbatim when they were sent. */
const ECHOED_FIELDS = ['prompt_cache_key', 'service_tier', 'safety_identifier', 'max_tool_calls', 'background', 'prompt'];

export interface ResponseEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  parallel_tool_calls: boolean;
  reasoning: Record<string, unknown>;
  temperature: number | null;
  text: Record<string, unknown>;
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: unknown;
  user: string | null;
  metadata: unknown;
  /** Further echoed fields (`prompt_cache_key`, `top_logprobs`…), appended after the standard ones. */
  extra: Record<string, unknown>;
}

/** The client asked for reasoning items to carry `encrypted_content` (stateless reasoning replay). */
export function wantsEncryptedReasoning(request: CanonicalRequest): boolean {
  const include = fieldsOf(request.extensions, DIALECT)?.include;
  return Array.isArray(include) && include.includes(INCLUDE_ENCRYPTED_REASONING);
}

function encodeFormat(format: ResponseFormat | undefined): Record<string, unknown> {
  switch (format?.type) {
    case undefined:
    case 'text':
      return { type: 'text' };
    case 'json':
      return { type: 'json_object' };
    case 'json-schema': {
      const out: Record<string, unknown> = { type: 'json_schema', name: format.name, schema: format.schema };
      if (format.strict !== undefined) out.strict = format.strict;
      if (format.description) out.description = format.description;
      return out;
    }
  }
}

function encodeToolChoice(choice: ToolChoice | undefined): unknown {
  switch (choice?.type) {
    case undefined:
      return 'auto';
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', name: choice.name };
    case 'dialect':
      return choice.dialect === DIALECT ? choice.raw : 'auto';
  }
}

function encodeTools(tools: readonly Tool[] | undefined): unknown[] {
  const out: unknown[] = [];
  for (const tool of tools ?? []) {
    if (tool.type === 'dialect') {
      if (tool.dialect === DIALECT) out.push(tool.raw);
      continue;
    }
    const wire: Record<string, unknown> = { type: 'function', name: tool.name };
    if (tool.description) wire.description = tool.description;
    wire.parameters = tool.parameters ?? null;
    wire.strict = tool.strict ?? null;
    out.push(Object.assign(wire, fieldsOf(tool.extensions, DIALECT)));
  }
  return out;
}

/** `instructions` was decoded into a leading system message marked with the `instructions` hint. */
function instructionsOf(request: CanonicalRequest): string | null {
  const first = request.messages[0];
  return first?.role === 'system' && hintOf(first.extensions, DIALECT, 'instructions') === true ? textOf(first.content) : null;
}

export function echoRequest(request: CanonicalRequest): ResponseEcho {
  const fields = fieldsOf(request.extensions, DIALECT) ?? {};
  const summary = hintOf(request.extensions, DIALECT, 'reasoningSummary');
  const extra: Record<string, unknown> = {};
  for (const key of ECHOED_FIELDS) if (fields[key] !== undefined) extra[key] = fields[key];
  const topLogprobs = request.topLogprobs ?? fields.top_logprobs;
  if (topLogprobs !== undefined) extra.top_logprobs = topLogprobs;
  return {
    instructions: instructionsOf(request),
    max_output_tokens: request.maxOutputTokens ?? null,
    // OpenAI's default; the SDK types it as a plain boolean.
    parallel_tool_calls: request.parallelToolCalls ?? true,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: typeof summary === 'string' ? summary : null, ...asRecord(fields.reasoning) },
    temperature: request.temperature ?? null,
    text: { format: encodeFormat(request.responseFormat), ...asRecord(fields.text) },
    tool_choice: encodeToolChoice(request.toolChoice),
    tools: encodeTools(request.tools),
    top_p: request.topP ?? null,
    truncation: fields.truncation ?? 'disabled',
    user: request.user ?? null,
    metadata: fields.metadata ?? {},
    extra,
  };
}
