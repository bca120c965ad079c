import { describe, expect, it } from 'vitest';
import type { Dialect } from './playground-request';
import { answerToolCalls, NO_TOOL_CALLS, prettyArguments, streamedToolCalls, toolCallStep } from './tool-call-parse';
import { readAnswer } from './use-answer-send';

/** Feeds `[event, data]` pairs through the step function. */
function run(dialect: Dialect, events: Array<[string | undefined, unknown]>) {
  let state = NO_TOOL_CALLS;
  for (const [event, data] of events) state = toolCallStep(state, dialect, event, typeof data === 'string' ? data : JSON.stringify(data));
  return streamedToolCalls(state);
}

const chunk = (delta: unknown) => ({ choices: [{ index: 0, delta, finish_reason: null }] });

describe('tool calls in JSON answers', () => {
  it('reads OpenAI chat tool_calls', () => {
    const body = { choices: [{ message: { content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] } }] };
    expect(answerToolCalls('openai-chat', body)).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(answerToolCalls('openai-chat', { choices: [{ message: { content: 'hi' } }] })).toEqual([]);
  });
  it('reads Responses function_call items (by call_id, not item id)', () => {
    const body = { output: [{ type: 'message', content: [] }, { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'lookup', arguments: '{}' }] };
    expect(answerToolCalls('openai-responses', body)).toEqual([{ id: 'call_1', name: 'lookup', arguments: '{}' }]);
  });
  it('reads Anthropic tool_use blocks', () => {
    const body = { content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] };
    expect(answerToolCalls('anthropic-messages', body)).toEqual([{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  });
});

describe('tool calls in streams', () => {
  it('accumulates OpenAI chat deltas by index, id and name set once', () => {
    expect(
      run('openai-chat', [
        [undefined, chunk({ role: 'assistant', content: null })],
        [undefined, chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })],
        [undefined, chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] })],
        [undefined, chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] })],
        [undefined, chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] })],
        [undefined, { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }],
        [undefined, '[DONE]'],
      ]),
    ).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ]);
  });
  it('follows Responses function_call items and argument deltas, the done event winning', () => {
    expect(
      run('openai-responses', [
        ['response.created', { type: 'response.created', response: {} }],
        ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '' } }],
        ['response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', output_index: 0, item_id: 'fc_1', delta: '{"city":' }],
        ['response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', output_index: 0, item_id: 'fc_1', delta: '"Paris"}' }],
        ['response.function_call_arguments.done', { type: 'response.function_call_arguments.done', output_index: 0, item_id: 'fc_1', arguments: '{"city":"Paris"}' }],
        ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        ['response.output_item.added', { type: 'response.output_item.added', output_index: 1, item: { type: 'message', content: [] } }],
      ]),
    ).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  });
  it('accumulates Anthropic input_json_delta fragments; an empty input is {}', () => {
    expect(
      run('anthropic-messages', [
        ['message_start', { type: 'message_start', message: { content: [] } }],
        ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } }],
        ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }],
        ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'ris"}' } }],
        ['content_block_stop', { type: 'content_block_stop', index: 1 }],
        ['content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} } }],
        ['content_block_stop', { type: 'content_block_stop', index: 2 }],
        ['message_stop', { type: 'message_stop' }],
      ]),
    ).toEqual([
      { id: 'toolu_1', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'toolu_2', name: 'now', arguments: '{}' },
    ]);
  });
  it('keeps the same state for events without tool calls', () => {
    const state = toolCallStep(NO_TOOL_CALLS, 'openai-chat', undefined, JSON.stringify(chunk({ content: 'hi' })));
    expect(state).toBe(NO_TOOL_CALLS);
    expect(toolCallStep(state, 'anthropic-messages', 'ping', 'not json')).toBe(state);
  });
});

function sse(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of chunks) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('readAnswer with tool calls', () => {
  it('passes on the calls of a stream as they grow, split across reads', async () => {
    const seen: string[] = [];
    const response = sse([
      'data: {"choices":[{"delta":{"role":"assistant","content":null}}]}\n\ndata: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}\n\n',
      'data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"argu',
      'ments":"{\\"city\\":\\"Paris\\"}"}}]}}]}\n\ndata: [DONE]\n\n',
    ]);
    let last: unknown = null;
    const { error } = await readAnswer(response, 'openai-chat', (text) => seen.push(text), (calls) => (last = calls));
    expect(error).toBeNull();
    expect(seen).toEqual([]);
    expect(last).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  });
  it('reads the calls of a JSON answer', async () => {
    const response = new Response(JSON.stringify({ content: [{ type: 'text', text: 'One moment.' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] }), { headers: { 'content-type': 'application/json' } });
    let last: unknown = null;
    const texts: string[] = [];
    await readAnswer(response, 'anthropic-messages', (text) => texts.push(text), (calls) => (last = calls));
    expect(texts).toEqual(['One moment.']);
    expect(last).toEqual([{ id: 'toolu_1', name: 'lookup', arguments: '{}' }]);
  });
});

describe('prettyArguments', () => {
  it('indents JSON and keeps anything else as it is', () => {
    expect(prettyArguments('{"city":"Paris"}')).toBe('{\n  "city": "Paris"\n}');
    expect(prettyArguments('{"ci')).toBe('{"ci');
  });
});
