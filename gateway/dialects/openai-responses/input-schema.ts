/**
 * zod schema of the `input` items of an OpenAI Responses request. Same rules as the chat schema: strict
 * types, no coercion, loose objects (unknown fields survive), `null` = not set. Message items may omit
 * `type` (the SDK's EasyInputMessage), so messages sit in the `type` union under an optional literal and
 * are themselves discriminated by `role`. Item types we do not model (shell calls, web search calls,
 * custom tool calls…) are accepted as they are and carried as dialect parts.
 * Reference: https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 */
import { z } from 'zod';

const MessageType = z.literal('message').optional();

const InputText = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const InputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().min(1).nullish(),
  detail: z.enum(['auto', 'low', 'high', 'original']).nullish(),
});
const InputFile = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});
const OutputText = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const Refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

export const InputPart = z.discriminatedUnion('type', [InputText, InputImage, InputFile]);

const SystemContent = z.union([z.string(), z.array(InputText)]);
const UserContent = z.union([z.string(), z.array(InputPart)]);
// Assistant history replays what the API answered: `output_text` and `refusal` parts.
const AssistantContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [OutputText, Refusal]))]);

const MessageItem = z.discriminatedUnion('role', [
  z.looseObject({ type: MessageType, role: z.literal('system'), content: SystemContent }),
  z.looseObject({ type: MessageType, role: z.literal('developer'), content: SystemContent }),
  z.looseObject({ type: MessageType, role: z.literal('user'), content: UserContent }),
  z.looseObject({ type: MessageType, role: z.literal('assistant'), content: AssistantContent }),
]);

const FunctionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  id: z.string().nullish(),
  status: z.enum(['in_progress', 'completed', 'incomplete']).nullish(),
});

const FunctionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(InputPart)]),
});

const ReasoningItem = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ type: z.literal('summary_text'), text: z.string() })),
  encrypted_content: z.string().nullish(),
});

const ItemReference = z.looseObject({ type: z.literal('item_reference'), id: z.string() });

const KNOWN_ITEM_TYPES = new Set(['message', 'function_call', 'function_call_output', 'reasoning', 'item_reference']);

/**
 * Any other item type, kept raw. `abort` makes a malformed known item fail this branch as hard as the
 * others, so the error reported is the known item's own (validation.ts picks the deepest branch).
 */
const OtherItem = z.looseObject({
  type: z.string().refine((type) => !KNOWN_ITEM_TYPES.has(type), { message: 'is not a valid item of its type', abort: true }),
});

const KnownItem = z.discriminatedUnion('type', [MessageItem, FunctionCallItem, FunctionCallOutputItem, ReasoningItem, ItemReference]);

export const InputItem = z.union([KnownItem, OtherItem]);

export type InputItem = z.infer<typeof InputItem>;
export type KnownItem = z.infer<typeof KnownItem>;
export type OtherItem = z.infer<typeof OtherItem>;

/** Narrows an item to the modelled kinds (message items may have no `type`). */
export function isKnownItem(item: InputItem): item is KnownItem {
  return item.type === undefined || KNOWN_ITEM_TYPES.has(item.type);
}
export type InputPart = z.infer<typeof InputPart>;
export type MessageItem = z.infer<typeof MessageItem>;
