import { describe, expect, it } from 'vitest';
import {
  addTurn,
  appendAnswer,
  conversationProblem,
  effectiveToolChoice,
  freshConversation,
  isTurns,
  moveTurn,
  paramsSummary,
  parseParams,
  removeTurn,
  toolErrors,
  toolSpecs,
  updateTurn,
  WEATHER_EXAMPLE,
  type ToolDraft,
  type Turn,
} from './conversation';

const turns: Turn[] = [
  { key: 'a', role: 'user', content: 'one' },
  { key: 'b', role: 'assistant', content: 'two' },
  { key: 'c', role: 'user', content: 'three' },
];
const strip = (list: Turn[]) => list.map(({ key: _key, ...rest }) => rest);

describe('conversation edits', () => {
  it('moves, removes, edits and changes roles', () => {
    expect(moveTurn(turns, 'c', -1).map((turn) => turn.key)).toEqual(['a', 'c', 'b']);
    expect(moveTurn(turns, 'a', -1).map((turn) => turn.key)).toEqual(['a', 'b', 'c']);
    expect(moveTurn(turns, 'c', 1).map((turn) => turn.key)).toEqual(['a', 'b', 'c']);
    expect(removeTurn(turns, 'b').map((turn) => turn.key)).toEqual(['a', 'c']);
    // Removing the last message leaves one empty user message to write in.
    expect(strip(removeTurn([turns[0]!], 'a'))).toEqual([{ role: 'user', content: '' }]);
    expect(updateTurn(turns, 'b', { content: 'TWO' })[1]).toEqual({ key: 'b', role: 'assistant', content: 'TWO' });
    const withCalls: Turn = { key: 'x', role: 'assistant', content: 'hm', toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] };
    expect(updateTurn([withCalls], 'x', { role: 'user' })[0]).toEqual({ key: 'x', role: 'user', content: 'hm' });
    expect(addTurn(turns).at(-1)).toMatchObject({ role: 'assistant', content: '' });
    expect(addTurn(turns.slice(0, 2)).at(-1)).toMatchObject({ role: 'user', content: '' });
  });

  it('appends a plain answer and a fresh user message, replacing a trailing empty one', () => {
    const base = [...turns, { key: 'd', role: 'user', content: ' ' } as Turn];
    const next = appendAnswer(base, { text: 'four', toolCalls: [] });
    expect(strip(next).slice(2)).toEqual([
      { role: 'user', content: 'three' },
      { role: 'assistant', content: 'four' },
      { role: 'user', content: '' },
    ]);
    expect(new Set(next.map((turn) => turn.key)).size).toBe(next.length);
  });

  it('appends tool calls and one result message per call, with the results typed', () => {
    const calls = [
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ];
    const next = appendAnswer(turns, { text: '', toolCalls: calls }, { call_1: 'sunny' });
    expect(strip(next).slice(3)).toEqual([
      { role: 'assistant', content: '', toolCalls: calls },
      { role: 'tool', content: 'sunny', toolCallId: 'call_1', toolName: 'get_weather' },
      { role: 'tool', content: '', toolCallId: 'call_2', toolName: 'get_weather' },
    ]);
    expect(conversationProblem(next)).toBeNull();
    // A result moved away from its call, or a call without its result, cannot be sent.
    expect(conversationProblem(moveTurn(next, next[4]!.key, -1))).toMatch(/no tool call right before it/);
    expect(conversationProblem(next.slice(0, 5))).toMatch(/needs its result/);
    expect(conversationProblem([...next.slice(0, 4), { key: 'u', role: 'user', content: 'hey' }, ...next.slice(4)])).toMatch(/needs its result/);
  });

  it('needs some text to send', () => {
    expect(conversationProblem(freshConversation())).toBe('Write a message first');
    expect(conversationProblem(turns)).toBeNull();
  });

  it('checks restored shapes', () => {
    expect(isTurns(turns)).toBe(true);
    expect(isTurns([])).toBe(false);
    expect(isTurns([{ key: 'a', role: 'tool', content: 'x' }])).toBe(false);
    expect(isTurns([{ key: 'a', role: 'assistant', content: 'x', toolCalls: [{ id: 'c', name: 'f', arguments: '{}' }] }])).toBe(true);
  });
});

describe('tools', () => {
  const tool = (patch: Partial<ToolDraft>): ToolDraft => ({ key: 'k1', name: 'get_weather', description: '', parameters: '{"type":"object"}', ...patch });
  it('validates the name and the parameters JSON', () => {
    expect(toolErrors(tool({}), [])).toEqual({});
    expect(toolErrors(tool({ name: '' }), []).name).toBe('A tool needs a name');
    expect(toolErrors(tool({ name: 'get weather' }), []).name).toMatch(/letters, digits/);
    expect(toolErrors(tool({}), [tool({}), tool({ key: 'k2' })]).name).toBe('Another tool has this name');
    expect(toolErrors(tool({ parameters: '{"type": ' }), []).parameters).toMatch(/^Not valid JSON/);
    expect(toolErrors(tool({ parameters: '[1]' }), []).parameters).toMatch(/JSON object/);
    expect(toolErrors(tool({ parameters: '' }), [])).toEqual({});
  });
  it('builds specs only when every tool is valid', () => {
    expect(toolSpecs([{ key: 'w', ...WEATHER_EXAMPLE }])).toEqual([{ name: 'get_weather', description: 'Current weather in a city.', parameters: JSON.parse(WEATHER_EXAMPLE.parameters) as unknown }]);
    expect(toolSpecs([tool({ parameters: '' })])).toEqual([{ name: 'get_weather', description: '', parameters: { type: 'object', properties: {} } }]);
    expect(toolSpecs([tool({}), tool({ key: 'k2', parameters: 'nope' })])).toBeNull();
    expect(effectiveToolChoice('tool:get_weather', [{ name: 'get_weather', description: '', parameters: {} }])).toBe('tool:get_weather');
    expect(effectiveToolChoice('tool:gone', [])).toBe('auto');
  });
});

describe('parameters', () => {
  it('parses set values, leaves empty ones out and explains out-of-range ones', () => {
    expect(parseParams({ temperature: '0.7', maxTokens: '256', topP: '' }, 'openai-chat')).toEqual({ params: { temperature: 0.7, maxTokens: 256, topP: null }, errors: {} });
    expect(parseParams({ temperature: '1.5', maxTokens: '', topP: '' }, 'openai-chat').errors).toEqual({});
    expect(parseParams({ temperature: '1.5', maxTokens: '', topP: '' }, 'anthropic-messages').errors).toEqual({ temperature: 'Between 0 and 1 for Anthropic Messages' });
    const bad = parseParams({ temperature: '-1', maxTokens: '2.5', topP: '3' }, 'openai-responses');
    expect(bad.params).toEqual({ temperature: null, maxTokens: null, topP: null });
    expect(bad.errors).toEqual({ temperature: 'Between 0 and 2', maxTokens: 'A whole number from 1 to 1,000,000', topP: 'Between 0 and 1' });
    expect(parseParams({ temperature: '', maxTokens: '0', topP: 'abc' }, 'openai-chat').errors).toEqual({ maxTokens: 'A whole number from 1 to 1,000,000', topP: 'Between 0 and 1' });
    expect(paramsSummary({ temperature: 0.2, maxTokens: 256, topP: null })).toBe('temperature 0.2 · max tokens 256');
  });
});
