/**
 * The playground's conversation, tools and parameters as the user edits them, dialect-neutral, and the pure
 * operations on them: edit, reorder, append an answer (with its tool calls) and the tool results, validate.
 * playground-request.ts turns them into each dialect's wire shape.
 */

/** A tool call of an answer; `arguments` is the JSON text the model produced (kept as is, even if not valid JSON). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One message. A `tool` message is the result of one tool call (`toolCallId`, `toolName`); an `assistant`
 * message may carry the tool calls the model made.
 */
export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string; toolName: string };

/** A message in the editor; `key` only identifies it there (never sent). */
export type Turn = ChatMessage & { key: string };

/** A tool definition as edited: `parameters` is the JSON-schema text of the textarea. */
export interface ToolDraft {
  key: string;
  name: string;
  description: string;
  parameters: string;
}

/** A validated tool, ready for any dialect. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** `auto`, `none`, `required`, or `tool:<name>` (that tool must be called). */
export type ToolChoice = 'auto' | 'none' | 'required' | `tool:${string}`;

/** Sampling parameters as typed (strings; empty = not sent). */
export interface ParamDrafts {
  temperature: string;
  maxTokens: string;
  topP: string;
}

export interface Params {
  temperature: number | null;
  maxTokens: number | null;
  topP: number | null;
}

export const EMPTY_PARAMS: ParamDrafts = { temperature: '', maxTokens: '', topP: '' };

let counter = 0;
// Keys restored from sessionStorage came from an earlier page load: a per-load stamp keeps new ones distinct.
const stamp = Math.floor(Math.random() * 36 ** 4).toString(36);
/** A key for a new turn or tool (unique in this page's life; not sent anywhere). */
export function newKey(prefix: string): string {
  counter += 1;
  return `${prefix}${stamp}-${counter}`;
}

export const userTurn = (content = ''): Turn => ({ key: newKey('m'), role: 'user', content });

/** The start of a conversation: one empty user message. */
export function freshConversation(): Turn[] {
  return [userTurn()];
}

export function updateTurn(turns: readonly Turn[], key: string, patch: { content?: string; role?: 'user' | 'assistant' }): Turn[] {
  return turns.map((turn) => {
    if (turn.key !== key) return turn;
    if (patch.role && patch.role !== turn.role && turn.role !== 'tool') {
      // A role change keeps the text; tool calls belong to assistant turns only.
      return patch.role === 'user' ? { key: turn.key, role: 'user', content: patch.content ?? turn.content } : { key: turn.key, role: 'assistant', content: patch.content ?? turn.content };
    }
    return patch.content !== undefined ? { ...turn, content: patch.content } : turn;
  });
}

export function removeTurn(turns: readonly Turn[], key: string): Turn[] {
  const rest = turns.filter((turn) => turn.key !== key);
  return rest.length ? rest : freshConversation();
}

/** Moves a turn one place up (-1) or down (+1); out of range does nothing. */
export function moveTurn(turns: readonly Turn[], key: string, by: -1 | 1): Turn[] {
  const from = turns.findIndex((turn) => turn.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= turns.length) return [...turns];
  const next = [...turns];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** A new message after the last: the other role of the last message (user after assistant, and so on). */
export function addTurn(turns: readonly Turn[]): Turn[] {
  const last = turns.at(-1);
  return [...turns, last?.role === 'user' ? { key: newKey('m'), role: 'assistant', content: '' } : userTurn()];
}

/** Drops a trailing empty user message (the one "Add to conversation" leaves for the next question). */
function withoutTrailingEmpty(turns: readonly Turn[]): Turn[] {
  const last = turns.at(-1);
  return last && last.role === 'user' && last.content.trim() === '' ? turns.slice(0, -1) : [...turns];
}

/**
 * Appends an answer: the assistant message (text and tool calls), then either one tool-result message per
 * call (with the results typed so far) or, for a plain answer, a fresh empty user message to continue.
 */
export function appendAnswer(turns: readonly Turn[], answer: { text: string; toolCalls: readonly ToolCall[] }, results: Readonly<Record<string, string>> = {}): Turn[] {
  const base = withoutTrailingEmpty(turns);
  const assistant: Turn = { key: newKey('m'), role: 'assistant', content: answer.text, ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls.map((call) => ({ ...call })) } : {}) };
  if (!answer.toolCalls.length) return [...base, assistant, userTurn()];
  const outputs: Turn[] = answer.toolCalls.map((call) => ({ key: newKey('m'), role: 'tool', content: results[call.id] ?? '', toolCallId: call.id, toolName: call.name }));
  return [...base, assistant, ...outputs];
}

/** What must be fixed before sending, or null. Every tool call needs its result right after it (all APIs insist). */
export function conversationProblem(turns: readonly Turn[]): string | null {
  if (!turns.some((turn) => turn.content.trim() !== '' || (turn.role === 'assistant' && turn.toolCalls?.length))) return 'Write a message first';
  const pending = new Set<string>();
  for (const turn of turns) {
    if (turn.role === 'tool') {
      if (!pending.delete(turn.toolCallId)) return `The result for ${turn.toolName} has no tool call right before it`;
      continue;
    }
    if (pending.size && (turn.content.trim() !== '' || turn.role === 'assistant')) return 'Every tool call needs its result right after it';
    if (turn.role === 'assistant') for (const call of turn.toolCalls ?? []) pending.add(call.id);
  }
  if (pending.size) return 'Every tool call needs its result right after it';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Tools

export const WEATHER_EXAMPLE = {
  name: 'get_weather',
  description: 'Current weather in a city.',
  parameters: [
    '{',
    '  "type": "object",',
    '  "properties": {',
    '    "city": { "type": "string", "description": "City name, e.g. Paris" },',
    '    "unit": { "type": "string", "enum": ["c", "f"] }',
    '  },',
    '  "required": ["city"]',
    '}',
  ].join('\n'),
};

export const newTool = (example = false): ToolDraft =>
  example ? { key: newKey('t'), ...WEATHER_EXAMPLE } : { key: newKey('t'), name: '', description: '', parameters: JSON.stringify({ type: 'object', properties: {} }, null, 2) };

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export interface ToolErrors {
  name?: string;
  parameters?: string;
}

/** Errors per field of one tool (name: required, 1–64 of a-z A-Z 0-9 _ -, unique; parameters: a JSON object). */
export function toolErrors(tool: ToolDraft, all: readonly ToolDraft[]): ToolErrors {
  const errors: ToolErrors = {};
  const name = tool.name.trim();
  if (!name) errors.name = 'A tool needs a name';
  else if (!TOOL_NAME.test(name)) errors.name = 'Use 1–64 letters, digits, _ or -';
  else if (all.some((other) => other.key !== tool.key && other.name.trim() === name)) errors.name = 'Another tool has this name';
  if (tool.parameters.trim()) {
    try {
      const parsed: unknown = JSON.parse(tool.parameters);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) errors.parameters = 'Must be a JSON object (a JSON schema), e.g. {"type": "object", "properties": {}}';
    } catch (failure) {
      errors.parameters = `Not valid JSON: ${(failure as Error).message}`;
    }
  }
  return errors;
}

/** The tools ready to send, or null when one of them has an error. An empty schema means "no parameters". */
export function toolSpecs(tools: readonly ToolDraft[]): ToolSpec[] | null {
  const specs: ToolSpec[] = [];
  for (const tool of tools) {
    const errors = toolErrors(tool, tools);
    if (errors.name || errors.parameters) return null;
    const parameters = tool.parameters.trim() ? (JSON.parse(tool.parameters) as Record<string, unknown>) : { type: 'object', properties: {} };
    specs.push({ name: tool.name.trim(), description: tool.description.trim(), parameters });
  }
  return specs;
}

/** The choice, unless it names a tool that is no longer defined (then `auto`). */
export function effectiveToolChoice(choice: ToolChoice, tools: readonly ToolSpec[]): ToolChoice {
  if (choice.startsWith('tool:') && !tools.some((tool) => `tool:${tool.name}` === choice)) return 'auto';
  return choice;
}

// ---------------------------------------------------------------------------------------------------
// Parameters

export type ParamErrors = Partial<Record<keyof ParamDrafts, string>>;

/** Parses and checks the parameters; Anthropic takes temperature 0–1, the OpenAI APIs 0–2. */
export function parseParams(drafts: ParamDrafts, dialect: string): { params: Params; errors: ParamErrors } {
  const errors: ParamErrors = {};
  const number = (field: keyof ParamDrafts, min: number, max: number, integer: boolean, message: string): number | null => {
    const text = drafts[field].trim();
    if (!text) return null;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      errors[field] = message;
      return null;
    }
    return value;
  };
  const anthropic = dialect === 'anthropic-messages';
  const params: Params = {
    temperature: number('temperature', 0, anthropic ? 1 : 2, false, anthropic ? 'Between 0 and 1 for Anthropic Messages' : 'Between 0 and 2'),
    maxTokens: number('maxTokens', 1, 1_000_000, true, 'A whole number from 1 to 1,000,000'),
    topP: number('topP', 0, 1, false, 'Between 0 and 1'),
  };
  return { params, errors };
}

/** "temperature 0.2 · max tokens 256", for the collapsed Parameters heading. */
export function paramsSummary(params: Params): string {
  const parts = [params.temperature !== null ? `temperature ${params.temperature}` : '', params.maxTokens !== null ? `max tokens ${params.maxTokens}` : '', params.topP !== null ? `top_p ${params.topP}` : ''].filter(Boolean);
  return parts.join(' · ');
}

// ---------------------------------------------------------------------------------------------------
// Shapes restored from sessionStorage are checked before use.

const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const strings = (value: Record<string, unknown>, ...keys: string[]): boolean => keys.every((key) => typeof value[key] === 'string');

export function isTurns(value: unknown): value is Turn[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (turn) =>
        isRecord(turn) &&
        strings(turn, 'key', 'content') &&
        (turn.role === 'user' ||
          (turn.role === 'tool' && strings(turn, 'toolCallId', 'toolName')) ||
          (turn.role === 'assistant' && (turn.toolCalls === undefined || (Array.isArray(turn.toolCalls) && turn.toolCalls.every((call) => isRecord(call) && strings(call, 'id', 'name', 'arguments')))))),
    )
  );
}

export const isTools = (value: unknown): value is ToolDraft[] => Array.isArray(value) && value.every((tool) => isRecord(tool) && strings(tool, 'key', 'name', 'description', 'parameters'));

export const isParamDrafts = (value: unknown): value is ParamDrafts => isRecord(value) && strings(value, 'temperature', 'maxTokens', 'topP');

export const isToolChoice = (value: unknown): value is ToolChoice => typeof value === 'string' && (['auto', 'none', 'required'].includes(value) || value.startsWith('tool:'));
