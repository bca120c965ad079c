/**
 * The playground's pure parts: the request body and path for each inbound dialect (conversation, tools and
 * parameters; message shapes in encode-conversation.ts), the text (or error) in each dialect's stream events
 * and JSON answers (tool calls: tool-call-parse.ts), and the `x-signalbox-faults` header.
 */
import { effectiveToolChoice, type ChatMessage, type ToolChoice, type ToolSpec } from './conversation';
import { anthropicMessages, anthropicTools, chatMessages, chatTools, responsesInput, responsesTools, toolChoiceWire } from './encode-conversation';

export type Dialect = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

export type Fault = 'rate_limit' | 'server_error' | 'timeout' | 'cut';

export const DIALECTS: Array<{ value: Dialect; label: string; path: string }> = [
  { value: 'openai-chat', label: 'Chat Completions', path: '/admin/playground/chat/completions' },
  { value: 'openai-responses', label: 'Responses', path: '/admin/playground/responses' },
  { value: 'anthropic-messages', label: 'Anthropic Messages', path: '/admin/playground/messages' },
];

export const FAULTS: Array<{ value: Fault; label: string; hint: string }> = [
  { value: 'rate_limit', label: '429 rate limit', hint: 'HTTP 429 with Retry-After: 1 s' },
  { value: 'server_error', label: '500 server error', hint: 'HTTP 500' },
  { value: 'timeout', label: 'timeout', hint: 'no first byte until the attempt times out' },
  { value: 'cut', label: 'cut mid-stream', hint: 'the stream is cut after its first content' },
];

export interface Compose {
  dialect: Dialect;
  model: string;
  system: string;
  /** The conversation; empty user/assistant messages are left out of the body. */
  messages: readonly ChatMessage[];
  stream: boolean;
  /** Validated tools (none: no `tools` field). */
  tools?: readonly ToolSpec[];
  toolChoice?: ToolChoice;
  maxTokens: number | null;
  temperature: number | null;
  topP?: number | null;
}

/** Anthropic requires `max_tokens`; this is sent when none is set. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

export function playgroundPath(dialect: Dialect): string {
  return DIALECTS.find((entry) => entry.value === dialect)?.path ?? DIALECTS[0]!.path;
}

/** The body as a client of that dialect would send it. Parameters that are not set are not sent. */
export function buildRequest(compose: Compose): Record<string, unknown> {
  const system = compose.system.trim();
  const tools = compose.tools ?? [];
  const choice = tools.length ? toolChoiceWire(compose.dialect, effectiveToolChoice(compose.toolChoice ?? 'auto', tools)) : undefined;
  const common = {
    model: compose.model.trim(),
    ...(compose.stream ? { stream: true } : {}),
    ...(compose.temperature !== null ? { temperature: compose.temperature } : {}),
    ...(compose.topP !== undefined && compose.topP !== null ? { top_p: compose.topP } : {}),
  };
  switch (compose.dialect) {
    case 'openai-chat':
      return {
        ...common,
        messages: [...(system ? [{ role: 'system', content: system }] : []), ...chatMessages(compose.messages)],
        ...(tools.length ? { tools: chatTools(tools) } : {}),
        ...(choice !== undefined ? { tool_choice: choice } : {}),
        ...(compose.maxTokens !== null ? { max_tokens: compose.maxTokens } : {}),
        ...(compose.stream ? { stream_options: { include_usage: true } } : {}),
      };
    case 'openai-responses':
      return {
        ...common,
        ...(system ? { instructions: system } : {}),
        input: responsesInput(compose.messages),
        ...(tools.length ? { tools: responsesTools(tools) } : {}),
        ...(choice !== undefined ? { tool_choice: choice } : {}),
        ...(compose.maxTokens !== null ? { max_output_tokens: compose.maxTokens } : {}),
      };
    case 'anthropic-messages':
      return {
        ...common,
        ...(system ? { system } : {}),
        messages: anthropicMessages(compose.messages),
        ...(tools.length ? { tools: anthropicTools(tools) } : {}),
        ...(choice !== undefined ? { tool_choice: choice } : {}),
        max_tokens: compose.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      };
  }
}

export type StreamDelta = { kind: 'text'; text: string } | { kind: 'error'; message: string } | { kind: 'done' } | null;

function errorMessage(value: unknown): string {
  if (value && typeof value === 'object') {
    const record = value as { message?: unknown; error?: unknown };
    if (typeof record.message === 'string') return record.message;
    if (record.error !== undefined) return errorMessage(record.error);
  }
  return typeof value === 'string' ? value : 'The stream ended with an error.';
}

/** What one SSE message of a stream in `dialect` adds: text, an in-band error (ends the stream), the end, or nothing. */
export function streamDelta(dialect: Dialect, event: string | undefined, data: string): StreamDelta {
  if (data.trim() === '[DONE]') return { kind: 'done' };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const type = (json.type as string | undefined) ?? event;
  if (json.error !== undefined || type === 'error' || type === 'response.failed') {
    return { kind: 'error', message: errorMessage(type === 'response.failed' ? (json.response as { error?: unknown } | undefined)?.error ?? json : json.error ?? json) };
  }
  switch (dialect) {
    case 'openai-chat': {
      const choices = json.choices as Array<{ delta?: { content?: unknown } }> | undefined;
      const text = choices?.[0]?.delta?.content;
      return typeof text === 'string' && text ? { kind: 'text', text } : null;
    }
    case 'openai-responses':
      if (type === 'response.output_text.delta' && typeof json.delta === 'string') return { kind: 'text', text: json.delta };
      if (type === 'response.completed') return { kind: 'done' };
      return null;
    case 'anthropic-messages': {
      if (type === 'content_block_delta') {
        const delta = json.delta as { type?: string; text?: unknown } | undefined;
        return delta?.type === 'text_delta' && typeof delta.text === 'string' ? { kind: 'text', text: delta.text } : null;
      }
      if (type === 'message_stop') return { kind: 'done' };
      return null;
    }
  }
}

/** The answer's text from a JSON (non-stream) answer in `dialect`. */
export function answerText(dialect: Dialect, body: unknown): string {
  const json = (body ?? {}) as Record<string, unknown>;
  switch (dialect) {
    case 'openai-chat': {
      const content = (json.choices as Array<{ message?: { content?: unknown } }> | undefined)?.[0]?.message?.content;
      return typeof content === 'string' ? content : '';
    }
    case 'openai-responses': {
      if (typeof json.output_text === 'string') return json.output_text;
      const output = (json.output as Array<{ type?: string; content?: Array<{ type?: string; text?: string }> }> | undefined) ?? [];
      return output
        .filter((item) => item.type === 'message')
        .flatMap((item) => item.content ?? [])
        .filter((part) => part.type === 'output_text' && typeof part.text === 'string')
        .map((part) => part.text)
        .join('');
    }
    case 'anthropic-messages': {
      const content = (json.content as Array<{ type?: string; text?: string }> | undefined) ?? [];
      return content
        .filter((part) => part.type === 'text' && typeof part.text === 'string')
        .map((part) => part.text)
        .join('');
    }
  }
}

/** `{ 'mock/gpt-test': 'server_error' }` → `mock/gpt-test=server_error`; undefined when nothing is marked. */
export function faultsHeader(faults: Readonly<Record<string, Fault | null | undefined>>): string | undefined {
  const entries = Object.entries(faults).filter((entry): entry is [string, Fault] => Boolean(entry[1]) && entry[0].trim() !== '' && !/[,=]/.test(entry[0]));
  return entries.length ? entries.map(([target, fault]) => `${target.trim()}=${fault}`).join(', ') : undefined;
}

/** The models picked for a comparison: non-empty, once each, at most four. */
export function compareSlots(picked: readonly string[]): string[] {
  return [...new Set(picked.map((name) => name.trim()).filter(Boolean))].slice(0, 4);
}
