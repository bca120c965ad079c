/**
 * The conversation and tools in each dialect's wire shape (see /work/shared/reference/wire-formats.md):
 * OpenAI Chat `messages` (assistant `tool_calls`, `role: "tool"` results), Responses `input` items
 * (`function_call`, `function_call_output`), Anthropic `messages` (`tool_use` / `tool_result` blocks).
 */
import type { ChatMessage, ToolCall, ToolChoice, ToolSpec } from './conversation';

type Json = Record<string, unknown>;

/** Empty user and assistant messages are left out; assistant tool calls and tool results always stay. */
export function sendable(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((message) => message.role === 'tool' || message.content.trim() !== '' || (message.role === 'assistant' && (message.toolCalls?.length ?? 0) > 0));
}

/** A call's arguments as an object (Anthropic's `input`); text that is not a JSON object is wrapped, not dropped. */
export function argumentsObject(call: ToolCall): Json {
  if (!call.arguments.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // fall through
  }
  return { input: call.arguments };
}

export function chatMessages(messages: readonly ChatMessage[]): Json[] {
  return sendable(messages).map((message): Json => {
    switch (message.role) {
      case 'user':
        return { role: 'user', content: message.content };
      case 'assistant':
        return message.toolCalls?.length
          ? {
              role: 'assistant',
              content: message.content.trim() ? message.content : null,
              tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments || '{}' } })),
            }
          : { role: 'assistant', content: message.content };
      case 'tool':
        return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    }
  });
}

export function responsesInput(messages: readonly ChatMessage[]): Json[] {
  return sendable(messages).flatMap((message): Json[] => {
    switch (message.role) {
      case 'user':
        return [{ role: 'user', content: message.content }];
      case 'assistant':
        return [
          // Assistant history replays what the API answered: a message item with `output_text`.
          ...(message.content.trim() ? [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: message.content }] }] : []),
          ...(message.toolCalls ?? []).map((call) => ({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments || '{}' })),
        ];
      case 'tool':
        return [{ type: 'function_call_output', call_id: message.toolCallId, output: message.content }];
    }
  });
}

/**
 * Anthropic has only user and assistant roles: tool results are `tool_result` blocks of a user message, and
 * the results of one assistant turn go in ONE user message (first), with a following user text appended.
 */
export function anthropicMessages(messages: readonly ChatMessage[]): Json[] {
  const out: Array<{ role: 'user' | 'assistant'; content: string | Json[] }> = [];
  for (const message of sendable(messages)) {
    const last = out.at(-1);
    switch (message.role) {
      case 'user':
        if (last?.role === 'user' && Array.isArray(last.content)) last.content.push({ type: 'text', text: message.content });
        else out.push({ role: 'user', content: message.content });
        break;
      case 'assistant':
        out.push(
          message.toolCalls?.length
            ? {
                role: 'assistant',
                content: [
                  ...(message.content.trim() ? [{ type: 'text', text: message.content }] : []),
                  ...message.toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: argumentsObject(call) })),
                ],
              }
            : { role: 'assistant', content: message.content },
        );
        break;
      case 'tool': {
        const block = { type: 'tool_result', tool_use_id: message.toolCallId, content: message.content };
        if (last?.role === 'user' && Array.isArray(last.content) && last.content.every((part) => part.type === 'tool_result')) last.content.push(block);
        else out.push({ role: 'user', content: [block] });
        break;
      }
    }
  }
  return out;
}

export function chatTools(tools: readonly ToolSpec[]): Json[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.parameters } }));
}

export function responsesTools(tools: readonly ToolSpec[]): Json[] {
  return tools.map((tool) => ({ type: 'function', name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.parameters }));
}

export function anthropicTools(tools: readonly ToolSpec[]): Json[] {
  return tools.map((tool) => ({ name: tool.name, ...(tool.description ? { description: tool.description } : {}), input_schema: tool.parameters }));
}

/** `tool_choice` in a dialect; undefined for `auto` (every API's default). */
export function toolChoiceWire(dialect: 'openai-chat' | 'openai-responses' | 'anthropic-messages', choice: ToolChoice): unknown {
  if (choice === 'auto') return undefined;
  const forced = choice.startsWith('tool:') ? choice.slice('tool:'.length) : null;
  switch (dialect) {
    case 'openai-chat':
      return forced ? { type: 'function', function: { name: forced } } : choice;
    case 'openai-responses':
      return forced ? { type: 'function', name: forced } : choice;
    case 'anthropic-messages':
      return forced ? { type: 'tool', name: forced } : { type: choice === 'required' ? 'any' : choice };
  }
}
