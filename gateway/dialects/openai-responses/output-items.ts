/**
 * Responses output items, shared by the non-streamed answer and the stream encoder (whose
 * `response.completed` must carry exactly what the non-streamed answer would).
 * An assistant turn is a list of items in content order: each reasoning part is a `reasoning` item, each
 * tool call a `function_call` item, and each run of text/refusal parts one `message` item whose
 * `content` holds them in order (adjacent refusal text is one `refusal` part, as a stream accumulates it).
 */
import type { ContentPart } from '../../core/content.js';
import { itemId } from './ids.js';

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface OutputTextContent {
  type: 'output_text';
  annotations: unknown[];
  logprobs: unknown[];
  text: string;
}

export interface RefusalContent {
  type: 'refusal';
  refusal: string;
}

export type MessageContent = OutputTextContent | RefusalContent;

export interface MessageItem {
  id: string;
  type: 'message';
  status: ItemStatus;
  content: MessageContent[];
  role: 'assistant';
}

export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: Array<{ type: 'summary_text'; text: string }>;
  encrypted_content?: string;
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  arguments: string;
  /** The canonical tool-call id: what the client echoes in `function_call_output` (not the item id). */
  call_id: string;
  name: string;
}

export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem;

export const outputText = (text: string): OutputTextContent => ({ type: 'output_text', annotations: [], logprobs: [], text });

export const refusalContent = (refusal: string): RefusalContent => ({ type: 'refusal', refusal });

export const messageItem = (id: string, status: ItemStatus, content: MessageContent[]): MessageItem => ({
  id,
  type: 'message',
  status,
  content,
  role: 'assistant',
});

/** An empty reasoning text is an empty summary (reasoning models without `reasoning.summary`). */
export function reasoningItem(id: string, text: string, signature: string | undefined, includeEncrypted: boolean): ReasoningItem {
  const item: ReasoningItem = { id, type: 'reasoning', summary: text ? [{ type: 'summary_text', text }] : [] };
  if (includeEncrypted && signature) item.encrypted_content = signature;
  return item;
}

export const functionCallItem = (id: string, status: ItemStatus, callId: string, name: string, args: string): FunctionCallItem => ({
  id,
  type: 'function_call',
  status,
  arguments: args,
  call_id: callId,
  name,
});

export interface OutputOptions {
  /** Id stem (see ids.ts). */
  base: string;
  /** The client `include`d `reasoning.encrypted_content`. */
  encryptedReasoning: boolean;
  /** Status of the last item: `incomplete` when generation was cut short. */
  lastStatus: ItemStatus;
}

export function encodeOutput(content: readonly ContentPart[], options: OutputOptions): OutputItem[] {
  const items: OutputItem[] = [];
  let message: MessageItem | undefined;
  const currentMessage = (): MessageItem => {
    if (!message) {
      message = messageItem(itemId('msg', options.base, items.length), 'completed', []);
      items.push(message);
    }
    return message;
  };
  for (const part of content) {
    switch (part.type) {
      case 'text':
        currentMessage().content.push(outputText(part.text));
        break;
      case 'refusal': {
        if (!part.text) break;
        const target = currentMessage().content;
        const last = target.at(-1);
        if (last?.type === 'refusal') last.refusal += part.text;
        else target.push(refusalContent(part.text));
        break;
      }
      case 'reasoning':
        // Redacted reasoning (Anthropic redacted_thinking) is opaque to this dialect's clients.
        if (part.redacted !== undefined) break;
        message = undefined;
        items.push(reasoningItem(itemId('rs', options.base, items.length), part.text, part.signature, options.encryptedReasoning));
        break;
      case 'tool-call':
        message = undefined;
        items.push(functionCallItem(itemId('fc', options.base, items.length), 'completed', part.id, part.name, part.arguments));
        break;
      default:
        // Images, files, audio and other dialects' blocks have no Responses output item here.
        break;
    }
  }
  const last = items.at(-1);
  if (last && last.type !== 'reasoning') last.status = options.lastStatus;
  return items;
}
