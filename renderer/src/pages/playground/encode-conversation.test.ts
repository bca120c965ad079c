import { describe, expect, it } from 'vitest';
import type { ChatMessage, ToolSpec } from './conversation';
import { buildRequest, type Compose } from './playground-request';

const weather: ToolSpec = { name: 'get_weather', description: 'Current weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const lookup: ToolSpec = { name: 'lookup', description: '', parameters: { type: 'object', properties: {} } };

/** user → assistant (text + 2 tool calls) → 2 tool results → user follow-up; with an empty user message to drop. */
const conversation: ChatMessage[] = [
  { role: 'user', content: 'Weather in Paris and Tokyo?' },
  {
    role: 'assistant',
    content: 'Looking it up.',
    toolCalls: [
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ],
  },
  { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '18 C, sunny' },
  { role: 'tool', toolCallId: 'call_2', toolName: 'get_weather', content: '9 C, rain' },
  { role: 'assistant', content: 'Paris is sunny, Tokyo rainy.' },
  { role: 'user', content: 'And tomorrow?' },
  { role: 'user', content: '   ' },
];

const compose: Compose = {
  dialect: 'openai-chat',
  model: 'fast',
  system: 'Be brief.',
  messages: conversation,
  stream: false,
  tools: [weather, lookup],
  toolChoice: 'auto',
  maxTokens: 256,
  temperature: 0.3,
  topP: 0.9,
};

describe('buildRequest with a conversation, tools and parameters', () => {
  it('OpenAI chat: tools as functions, assistant tool_calls, one tool message per result', () => {
    expect(buildRequest(compose)).toEqual({
      model: 'fast',
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris and Tokyo?' },
        {
          role: 'assistant',
          content: 'Looking it up.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18 C, sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: '9 C, rain' },
        { role: 'assistant', content: 'Paris is sunny, Tokyo rainy.' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Current weather in a city.', parameters: weather.parameters } },
        { type: 'function', function: { name: 'lookup', parameters: lookup.parameters } },
      ],
    });
  });

  it('OpenAI chat: an assistant message with only tool calls has content null; tool_choice shapes', () => {
    const onlyCalls: ChatMessage[] = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'lookup', arguments: '' }] },
      { role: 'tool', toolCallId: 'c', toolName: 'lookup', content: '' },
    ];
    const body = buildRequest({ ...compose, messages: onlyCalls, toolChoice: 'required', stream: true });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c', content: '' },
    ]);
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true }, tool_choice: 'required' });
    expect(buildRequest({ ...compose, toolChoice: 'tool:get_weather' }).tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(buildRequest({ ...compose, toolChoice: 'none' }).tool_choice).toBe('none');
    // auto is every API's default: not sent; a choice naming a removed tool falls back to auto.
    expect(buildRequest(compose)).not.toHaveProperty('tool_choice');
    expect(buildRequest({ ...compose, toolChoice: 'tool:gone' })).not.toHaveProperty('tool_choice');
    // No tools: neither tools nor tool_choice.
    const plain = buildRequest({ ...compose, tools: [], toolChoice: 'required' });
    expect(plain).not.toHaveProperty('tools');
    expect(plain).not.toHaveProperty('tool_choice');
  });

  it('Responses: flat function tools, function_call and function_call_output items, assistant output_text', () => {
    expect(buildRequest({ ...compose, dialect: 'openai-responses', toolChoice: 'tool:lookup' })).toEqual({
      model: 'fast',
      temperature: 0.3,
      top_p: 0.9,
      instructions: 'Be brief.',
      max_output_tokens: 256,
      input: [
        { role: 'user', content: 'Weather in Paris and Tokyo?' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking it up.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '18 C, sunny' },
        { type: 'function_call_output', call_id: 'call_2', output: '9 C, rain' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Paris is sunny, Tokyo rainy.' }] },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [
        { type: 'function', name: 'get_weather', description: 'Current weather in a city.', parameters: weather.parameters },
        { type: 'function', name: 'lookup', parameters: lookup.parameters },
      ],
      tool_choice: { type: 'function', name: 'lookup' },
    });
    expect(buildRequest({ ...compose, dialect: 'openai-responses', toolChoice: 'required' }).tool_choice).toBe('required');
  });

  it('Anthropic: input_schema tools, tool_use blocks, the results in one user message with the follow-up text', () => {
    expect(buildRequest({ ...compose, dialect: 'anthropic-messages', toolChoice: 'required' })).toEqual({
      model: 'fast',
      temperature: 0.3,
      top_p: 0.9,
      system: 'Be brief.',
      max_tokens: 256,
      messages: [
        { role: 'user', content: 'Weather in Paris and Tokyo?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Looking it up.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Tokyo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: '18 C, sunny' },
            { type: 'tool_result', tool_use_id: 'call_2', content: '9 C, rain' },
          ],
        },
        { role: 'assistant', content: 'Paris is sunny, Tokyo rainy.' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [
        { name: 'get_weather', description: 'Current weather in a city.', input_schema: weather.parameters },
        { name: 'lookup', input_schema: lookup.parameters },
      ],
      tool_choice: { type: 'any' },
    });
  });

  it('Anthropic: text right after tool results joins their user message; arguments that are not JSON are kept', () => {
    const body = buildRequest({
      ...compose,
      dialect: 'anthropic-messages',
      maxTokens: null,
      temperature: null,
      topP: null,
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: 'not json' }] },
        { role: 'tool', toolCallId: 'toolu_1', toolName: 'lookup', content: 'ok' },
        { role: 'user', content: 'Now summarise.' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { input: 'not json' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' },
          { type: 'text', text: 'Now summarise.' },
        ],
      },
    ]);
    // max_tokens is required by Anthropic: always sent; unset sampling parameters are not.
    expect(body.max_tokens).toBe(1024);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(buildRequest({ ...compose, dialect: 'anthropic-messages', toolChoice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(buildRequest({ ...compose, dialect: 'anthropic-messages', toolChoice: 'tool:get_weather' }).tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
  });

  it('leaves out parameters that are not set, in every dialect', () => {
    for (const dialect of ['openai-chat', 'openai-responses'] as const) {
      const body = buildRequest({ ...compose, dialect, maxTokens: null, temperature: null, topP: null, tools: [] });
      expect(Object.keys(body).filter((key) => ['temperature', 'top_p', 'max_tokens', 'max_output_tokens', 'tools', 'tool_choice'].includes(key))).toEqual([]);
    }
  });
});
