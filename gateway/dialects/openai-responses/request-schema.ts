/**
 * zod schema of an inbound OpenAI Responses request (`POST /v1/responses`, what Codex CLI and
 * `openai.responses.*` send). Types are checked strictly (no coercion); unknown fields are kept (loose
 * objects) so they can ride to a Responses upstream untouched; `null` means "not set".
 * Reference: https://platform.openai.com/docs/api-reference/responses/create
 */
import { z } from 'zod';
import { InputItem } from './input-schema.js';

/** Responses function tools are flat: no nested `function` object (wire-formats.md §7.4). */
const FunctionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
/** Built-in and custom tools (web_search, file_search, custom, mcp, local_shell…): kept as dialect tools. */
const OtherTool = z.looseObject({
  type: z.string().refine((type) => type !== 'function', { message: 'is not a valid function tool', abort: true }),
});

const FunctionToolChoice = z.looseObject({ type: z.literal('function'), name: z.string().min(1) });
const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  FunctionToolChoice,
  z.looseObject({
    type: z.string().refine((type) => type !== 'function', { message: 'is not a valid function tool choice', abort: true }),
  }),
]);

/** `text.format` is flat too: `{type:"json_schema", name, schema}` without a `json_schema` key. */
const TextFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().min(1).max(64),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

const PositiveInt = z.int().min(1);

export const OpenAIResponsesRequest = z.looseObject({
  model: z.string().min(1).max(512),
  // Required, but checked after the schema: a missing union would only be reported as "unsupported shape".
  input: z.union([z.string(), z.array(InputItem).min(1).max(50_000)]).nullish(),
  instructions: z.string().nullish(),
  max_output_tokens: PositiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  tools: z.array(z.union([FunctionTool, OtherTool])).max(512).nullish(),
  tool_choice: ToolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: TextFormat.nullish(), verbosity: z.enum(['low', 'medium', 'high']).nullish() }).nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
    })
    .nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  include: z.array(z.string()).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  truncation: z.enum(['auto', 'disabled']).nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
});

export type OpenAIResponsesRequest = z.infer<typeof OpenAIResponsesRequest>;
type WireTool = NonNullable<OpenAIResponsesRequest['tools']>[number];
type WireToolChoice = NonNullable<OpenAIResponsesRequest['tool_choice']>;

/** The schema accepted it, so `type: "function"` means the function branch (hosted tools have other types). */
export function isFunctionTool(tool: WireTool): tool is z.infer<typeof FunctionTool> {
  return tool.type === 'function';
}

export function isFunctionToolChoice(choice: WireToolChoice): choice is z.infer<typeof FunctionToolChoice> {
  return typeof choice === 'object' && choice.type === 'function';
}

/** `include` value asking for reasoning items to carry `encrypted_content` (stateless reasoning replay). */
export const INCLUDE_ENCRYPTED_REASONING = 'reasoning.encrypted_content';
/** `include` value asking for output-text logprobs. */
export const INCLUDE_LOGPROBS = 'message.output_text.logprobs';
