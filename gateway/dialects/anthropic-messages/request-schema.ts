/**
 * zod schema of an inbound Anthropic Messages request (`POST /v1/messages`, and count_tokens without
 * `max_tokens`). Strict types, loose objects (unknown fields ride along for Anthropic upstreams), block
 * types Signalbox does not model kept raw.
 * Reference: https://docs.anthropic.com/en/api/messages
 */
import { z } from 'zod';

const CacheControl = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).nullish() });

const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: CacheControl.nullish() });
const ImageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.union([
    z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
    z.looseObject({ type: z.literal('file'), file_id: z.string().min(1) }),
  ]),
  cache_control: CacheControl.nullish(),
});
const DocumentBlock = z.looseObject({ type: z.literal('document'), source: z.looseObject({ type: z.string() }), cache_control: CacheControl.nullish() });
const ToolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
  cache_control: CacheControl.nullish(),
});
const ToolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish(),
  is_error: z.boolean().nullish(),
  cache_control: CacheControl.nullish(),
});
const ThinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() });
const RedactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });
const MODELED = new Set(['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking']);
/** Server-tool blocks, search results, container uploads, …: carried as they are. */
const OtherBlock = z.looseObject({ type: z.string().min(1).refine((type) => !MODELED.has(type), 'is malformed') });

export const AnthropicBlock = z.union([
  TextBlock,
  ImageBlock,
  DocumentBlock,
  ToolUseBlock,
  ToolResultBlock,
  ThinkingBlock,
  RedactedThinkingBlock,
  OtherBlock,
]);

const Message = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(AnthropicBlock)]),
});

const CustomTool = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: CacheControl.nullish(),
  strict: z.boolean().nullish(),
  type: z.literal('custom').nullish(),
});
/** Server tools (`web_search_…`, `bash_…`, …) have a versioned `type` and no input_schema. */
const ServerTool = z.looseObject({ type: z.string().min(1), name: z.string().min(1) });

const ToolChoice = z.union([
  z.looseObject({ type: z.enum(['auto', 'any']), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal('none') }),
]);

const Thinking = z.union([
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.int().min(1) }),
  z.looseObject({ type: z.enum(['disabled', 'adaptive']) }),
]);

const common = {
  model: z.string().min(1).max(512),
  messages: z.array(Message).min(1).max(50_000),
  system: z.union([z.string(), z.array(TextBlock)]).nullish(),
  tools: z.array(z.union([CustomTool, ServerTool])).max(512).nullish(),
  tool_choice: ToolChoice.nullish(),
  thinking: Thinking.nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.int().min(0).nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  output_config: z.looseObject({ format: z.looseObject({ type: z.string(), schema: z.record(z.string(), z.unknown()).nullish() }).nullish() }).nullish(),
  stream: z.boolean().nullish(),
};

export const AnthropicMessagesRequest = z.looseObject({ ...common, max_tokens: z.int().min(1) });
export const AnthropicCountTokensRequest = z.looseObject({ ...common, max_tokens: z.int().min(1).nullish() });

export type AnthropicMessagesRequest = z.infer<typeof AnthropicMessagesRequest>;
export type AnthropicBlock = z.infer<typeof AnthropicBlock>;
