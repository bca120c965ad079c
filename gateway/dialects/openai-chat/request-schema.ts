/**
 * zod schema of an inbound OpenAI Chat Completions request. Types are checked strictly (no coercion:
 * `"messages":"hi"` and `"max_tokens":"10"` are 400s, as they are at OpenAI); unknown fields are kept
 * (loose objects) so they can ride to OpenAI-family upstreams untouched. `null` means "not set", as it
 * does for OpenAI's optional parameters.
 * Reference: https://platform.openai.com/docs/api-reference/chat/create
 */
import { z } from 'zod';

const TextPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const RefusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const ImagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).nullish() }),
});
const AudioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
const FilePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    filename: z.string().nullish(),
  }),
});

const TextContent = z.union([z.string(), z.array(TextPart)]);
const UserContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [TextPart, ImagePart, AudioPart, FilePart]))]);
const AssistantContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [TextPart, RefusalPart]))]);

const ToolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const SystemMessage = z.looseObject({ role: z.literal('system'), content: TextContent, name: z.string().nullish() });
const DeveloperMessage = z.looseObject({ role: z.literal('developer'), content: TextContent, name: z.string().nullish() });
const UserMessage = z.looseObject({ role: z.literal('user'), content: UserContent, name: z.string().nullish() });
const AssistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: AssistantContent.nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(ToolCall).nullish(),
  reasoning_content: z.string().nullish(),
  name: z.string().nullish(),
});
const ToolMessage = z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: TextContent });

export const OpenAIChatMessage = z.discriminatedUnion('role', [
  SystemMessage,
  DeveloperMessage,
  UserMessage,
  AssistantMessage,
  ToolMessage,
]);

const FunctionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});
const CustomTool = z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) });

const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
  z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) }),
  z.looseObject({ type: z.literal('allowed_tools'), allowed_tools: z.looseObject({}) }),
]);

const ResponseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1).max(64),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const PositiveInt = z.int().min(1);

export const OpenAIChatRequest = z.looseObject({
  model: z.string().min(1).max(512),
  messages: z.array(OpenAIChatMessage).min(1).max(50_000),
  tools: z.array(z.discriminatedUnion('type', [FunctionTool, CustomTool])).max(512).nullish(),
  tool_choice: ToolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: PositiveInt.nullish(),
  max_completion_tokens: PositiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
  seed: z.int().nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  n: z.int().min(1).max(128).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  response_format: ResponseFormat.nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
  user: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

export type OpenAIChatRequest = z.infer<typeof OpenAIChatRequest>;
export type OpenAIChatMessage = z.infer<typeof OpenAIChatMessage>;
