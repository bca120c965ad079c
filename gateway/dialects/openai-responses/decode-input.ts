/**
 * Inbound half, conversation: Responses `input` items → canonical messages.
 * The Responses API spreads one assistant turn over several items (reasoning, message, function_call…),
 * so adjacent assistant-side items are gathered into ONE canonical assistant message: reasoning items
 * attach to the assistant content that follows them, function calls join the preceding assistant
 * message. Each `function_call_output` becomes a `tool` message, as a chat `tool` message would.
 */
import type { ContentPart, ReasoningPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { Message } from '../../core/request.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { decodeAssistantPart, decodeInputPart, textPart } from './decode-parts.js';
import { isKnownItem, type InputItem, type KnownItem, type MessageItem, type OtherItem } from './input-schema.js';

const DIALECT = 'openai-responses';
const KNOWN_MESSAGE_FIELDS = new Set(['type', 'role', 'content']);
const KNOWN_CALL_FIELDS = new Set(['type', 'call_id', 'name', 'arguments']);
const KNOWN_OUTPUT_FIELDS = new Set(['type', 'call_id', 'output']);

type Item<T extends string> = Extract<KnownItem, { type: T }>;

function withFields(message: Message, source: Record<string, unknown>, known: ReadonlySet<string>, hints?: Record<string, string | boolean>): Message {
  const extensions = makeExtensions(DIALECT, unknownFields(source, known), hints);
  if (extensions) message.extensions = extensions;
  return message;
}

function decodeMessage(item: MessageItem, param: string): Message {
  switch (item.role) {
    case 'system':
    case 'developer': {
      const content = typeof item.content === 'string' ? [{ type: 'text' as const, text: item.content }] : item.content.map(textPart);
      const hints = item.role === 'developer' ? { role: 'developer' } : undefined;
      return withFields({ role: 'system', content }, item, KNOWN_MESSAGE_FIELDS, hints);
    }
    case 'user': {
      const content =
        typeof item.content === 'string'
          ? [{ type: 'text' as const, text: item.content }]
          : item.content.map((part, index) => decodeInputPart(part, `${param}.content[${index}]`));
      return withFields({ role: 'user', content }, item, KNOWN_MESSAGE_FIELDS);
    }
    case 'assistant': {
      const content: ContentPart[] =
        typeof item.content === 'string' ? (item.content ? [{ type: 'text', text: item.content }] : []) : item.content.map(decodeAssistantPart);
      return withFields({ role: 'assistant', content }, item, KNOWN_MESSAGE_FIELDS);
    }
  }
}

function decodeToolCall(item: Item<'function_call'>): ContentPart {
  const part: ContentPart = { type: 'tool-call', id: item.call_id, name: item.name, arguments: item.arguments };
  // The item's own `id` (fc_…) and `status` are not the call id; they ride along for a Responses upstream.
  const extensions = makeExtensions(DIALECT, unknownFields(item, KNOWN_CALL_FIELDS));
  if (extensions) part.extensions = extensions;
  return part;
}

function decodeToolOutput(item: Item<'function_call_output'>, param: string): Message {
  const content =
    typeof item.output === 'string'
      ? [{ type: 'text' as const, text: item.output }]
      : item.output.map((part, index) => decodeInputPart(part, `${param}.output[${index}]`));
  return withFields({ role: 'tool', content: [{ type: 'tool-result', toolCallId: item.call_id, content }] }, item, KNOWN_OUTPUT_FIELDS);
}

/** Summaries become the reasoning text; `encrypted_content` is the opaque blob to replay (the signature). */
function decodeReasoning(item: Item<'reasoning'>): ReasoningPart {
  const part: ReasoningPart = { type: 'reasoning', text: item.summary.map((summary) => summary.text).join('\n\n') };
  if (item.encrypted_content) part.signature = item.encrypted_content;
  return part;
}

export function decodeInput(input: string | InputItem[]): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: [{ type: 'text', text: input }] }];
  const messages: Message[] = [];
  /** The assistant turn being assembled from adjacent items, if the previous item belonged to one. */
  let assistant: Message | undefined;
  /** Reasoning items waiting for the assistant content they precede. */
  let reasoning: ReasoningPart[] = [];

  const appendAssistant = (parts: ContentPart[]): void => {
    if (!assistant) {
      assistant = { role: 'assistant', content: [] };
      messages.push(assistant);
    }
    assistant.content.push(...reasoning, ...parts);
    reasoning = [];
  };
  /** Ends the assistant turn; reasoning with nothing after it stays in that turn. */
  const closeAssistant = (): void => {
    if (reasoning.length) appendAssistant([]);
    assistant = undefined;
  };

  const other = (item: OtherItem): void => {
    // An item type we do not model (shell, web search, custom tool calls and their outputs): carried raw
    // for a Responses upstream; other dialects drop it with a warning.
    if (item.type.endsWith('_output')) {
      closeAssistant();
      messages.push({ role: 'tool', content: [{ type: 'dialect', dialect: DIALECT, raw: item }] });
    } else {
      appendAssistant([{ type: 'dialect', dialect: DIALECT, raw: item }]);
    }
  };

  input.forEach((item, index) => {
    const param = `input[${index}]`;
    if (!isKnownItem(item)) {
      other(item);
      return;
    }
    switch (item.type) {
      case undefined:
      case 'message': {
        const message = decodeMessage(item, param);
        if (message.role !== 'assistant') {
          closeAssistant();
          messages.push(message);
          break;
        }
        // A new assistant message starts a new turn, carrying the reasoning that preceded it.
        message.content.unshift(...reasoning);
        reasoning = [];
        messages.push(message);
        assistant = message;
        break;
      }
      case 'function_call':
        appendAssistant([decodeToolCall(item)]);
        break;
      case 'reasoning':
        reasoning.push(decodeReasoning(item));
        break;
      case 'function_call_output':
        closeAssistant();
        messages.push(decodeToolOutput(item, param));
        break;
      case 'item_reference':
        throw new GatewayError(
          'invalid_request',
          `Item references cannot be resolved (${param}): Signalbox is stateless and stores no items. Send the full item in 'input' instead (and set 'store: false').`,
          { param, code: 'unsupported_value' },
        );
    }
  });
  closeAssistant();
  return messages;
}
