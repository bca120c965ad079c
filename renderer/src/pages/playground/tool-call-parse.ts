/**
 * Tool calls in answers: read from a JSON answer at once, or accumulated from a stream event by event.
 * - OpenAI Chat: `delta.tool_calls[{index, id?, function:{name?, arguments?}}]`, keyed on `index`, id and name
 *   set once, argument fragments concatenated.
 * - Responses: `response.output_item.added|done` with a `function_call` item (keyed on `output_index`),
 *   `response.function_call_arguments.delta|done`.
 * - Anthropic: `content_block_start` with a `tool_use` block, `input_json_delta` fragments, keyed on `index`.
 */
import type { ToolCall } from './conversation';
import type { Dialect } from './playground-request';

type Json = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The tool calls of a JSON (non-stream) answer. */
export function answerToolCalls(dialect: Dialect, body: unknown): ToolCall[] {
  const json = (body ?? {}) as Json;
  switch (dialect) {
    case 'openai-chat': {
      const calls = (json.choices as Array<{ message?: { tool_calls?: unknown } }> | undefined)?.[0]?.message?.tool_calls;
      return Array.isArray(calls)
        ? calls.map((call: { id?: unknown; function?: { name?: unknown; arguments?: unknown } }) => ({ id: text(call.id), name: text(call.function?.name), arguments: text(call.function?.arguments) }))
        : [];
    }
    case 'openai-responses': {
      const output = Array.isArray(json.output) ? (json.output as Json[]) : [];
      return output.filter((item) => item.type === 'function_call').map((item) => ({ id: text(item.call_id), name: text(item.name), arguments: text(item.arguments) }));
    }
    case 'anthropic-messages': {
      const content = Array.isArray(json.content) ? (json.content as Json[]) : [];
      return content.filter((block) => block.type === 'tool_use').map((block) => ({ id: text(block.id), name: text(block.name), arguments: JSON.stringify(block.input ?? {}) }));
    }
  }
}

/** Calls being streamed, keyed by their position in the stream (in order of appearance). */
export type ToolCallState = ReadonlyArray<{ key: number; call: ToolCall }>;

export const NO_TOOL_CALLS: ToolCallState = [];

function upsert(state: ToolCallState, key: number, update: (call: ToolCall) => ToolCall): ToolCallState {
  const at = state.findIndex((entry) => entry.key === key);
  if (at < 0) return [...state, { key, call: update({ id: '', name: '', arguments: '' }) }];
  return state.map((entry, index) => (index === at ? { key, call: update(entry.call) } : entry));
}

/** The state after one SSE message of a stream in `dialect` (the same state when it has nothing on tools). */
export function toolCallStep(state: ToolCallState, dialect: Dialect, event: string | undefined, data: string): ToolCallState {
  let json: Json;
  try {
    json = JSON.parse(data) as Json;
  } catch {
    return state;
  }
  if (!json || typeof json !== 'object') return state;
  const type = text(json.type) || event;
  switch (dialect) {
    case 'openai-chat': {
      const deltas = (json.choices as Array<{ delta?: { tool_calls?: unknown } }> | undefined)?.[0]?.delta?.tool_calls;
      if (!Array.isArray(deltas)) return state;
      let next = state;
      for (const delta of deltas as Array<{ index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } }>) {
        const key = typeof delta.index === 'number' ? delta.index : 0;
        next = upsert(next, key, (call) => ({ id: call.id || text(delta.id), name: call.name || text(delta.function?.name), arguments: call.arguments + text(delta.function?.arguments) }));
      }
      return next;
    }
    case 'openai-responses': {
      const key = typeof json.output_index === 'number' ? json.output_index : 0;
      if (type === 'response.output_item.added' || type === 'response.output_item.done') {
        const item = (json.item ?? {}) as Json;
        if (item.type !== 'function_call') return state;
        const done = type === 'response.output_item.done';
        return upsert(state, key, (call) => ({ id: text(item.call_id) || call.id, name: text(item.name) || call.name, arguments: done && typeof item.arguments === 'string' ? item.arguments : call.arguments || text(item.arguments) }));
      }
      if (type === 'response.function_call_arguments.delta') return upsert(state, key, (call) => ({ ...call, arguments: call.arguments + text(json.delta) }));
      if (type === 'response.function_call_arguments.done' && typeof json.arguments === 'string') {
        const full = json.arguments;
        return upsert(state, key, (call) => ({ ...call, name: call.name || text(json.name), arguments: full }));
      }
      return state;
    }
    case 'anthropic-messages': {
      const key = typeof json.index === 'number' ? json.index : 0;
      if (type === 'content_block_start') {
        const block = (json.content_block ?? {}) as Json;
        if (block.type !== 'tool_use') return state;
        return upsert(state, key, () => ({ id: text(block.id), name: text(block.name), arguments: '' }));
      }
      if (type === 'content_block_delta') {
        const delta = (json.delta ?? {}) as Json;
        if (delta.type !== 'input_json_delta' || !state.some((entry) => entry.key === key)) return state;
        return upsert(state, key, (call) => ({ ...call, arguments: call.arguments + text(delta.partial_json) }));
      }
      return state;
    }
  }
}

/** The calls of a stream so far; Anthropic's empty input means `{}`. */
export function streamedToolCalls(state: ToolCallState): ToolCall[] {
  return state.map(({ call }) => ({ ...call, arguments: call.arguments || '{}' }));
}

/** Arguments for display: pretty JSON, or the text as it came when it is not JSON. */
export function prettyArguments(argumentsText: string): string {
  try {
    return JSON.stringify(JSON.parse(argumentsText), null, 2);
  } catch {
    return argumentsText;
  }
}
