import { describe, expect, it } from 'vitest';
import { answerText, buildRequest, compareSlots, faultsHeader, playgroundPath, streamDelta, type Compose } from './playground-request';

const compose: Compose = { dialect: 'openai-chat', model: ' fast ', system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }, { role: 'user', content: '  ' }], stream: true, maxTokens: null, temperature: null };

describe('buildRequest', () => {
  it('builds a chat completions body with the system message first', () => {
    expect(buildRequest(compose)).toEqual({
      model: 'fast',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
  });
  it('builds a responses body with instructions and input', () => {
    expect(buildRequest({ ...compose, dialect: 'openai-responses', stream: false, maxTokens: 50, temperature: 0.2 })).toEqual({
      model: 'fast',
      temperature: 0.2,
      instructions: 'Be brief.',
      input: [{ role: 'user', content: 'Hi' }],
      max_output_tokens: 50,
    });
  });
  it('builds an anthropic body with system and a default max_tokens', () => {
    expect(buildRequest({ ...compose, dialect: 'anthropic-messages', system: '' })).toEqual({ model: 'fast', stream: true, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1024 });
  });
  it('maps dialects to the playground endpoints', () => {
    expect(playgroundPath('openai-chat')).toBe('/admin/playground/chat/completions');
    expect(playgroundPath('openai-responses')).toBe('/admin/playground/responses');
    expect(playgroundPath('anthropic-messages')).toBe('/admin/playground/messages');
  });
});

describe('streamDelta', () => {
  it('reads OpenAI chat chunks', () => {
    expect(streamDelta('openai-chat', undefined, JSON.stringify({ choices: [{ delta: { content: 'He' } }] }))).toEqual({ kind: 'text', text: 'He' });
    expect(streamDelta('openai-chat', undefined, JSON.stringify({ choices: [], usage: { prompt_tokens: 1 } }))).toBeNull();
    expect(streamDelta('openai-chat', undefined, '[DONE]')).toEqual({ kind: 'done' });
    expect(streamDelta('openai-chat', undefined, JSON.stringify({ error: { message: 'upstream cut', type: 'api_error' } }))).toEqual({ kind: 'error', message: 'upstream cut' });
  });
  it('reads Responses events', () => {
    expect(streamDelta('openai-responses', 'response.output_text.delta', JSON.stringify({ type: 'response.output_text.delta', delta: 'lo' }))).toEqual({ kind: 'text', text: 'lo' });
    expect(streamDelta('openai-responses', 'response.completed', JSON.stringify({ type: 'response.completed', response: {} }))).toEqual({ kind: 'done' });
    expect(streamDelta('openai-responses', 'response.failed', JSON.stringify({ type: 'response.failed', response: { error: { message: 'no' } } }))).toEqual({ kind: 'error', message: 'no' });
  });
  it('reads Anthropic events', () => {
    expect(streamDelta('anthropic-messages', 'content_block_delta', JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }))).toEqual({ kind: 'text', text: 'x' });
    expect(streamDelta('anthropic-messages', 'content_block_delta', JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{' } }))).toBeNull();
    expect(streamDelta('anthropic-messages', 'error', JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } }))).toEqual({ kind: 'error', message: 'busy' });
    expect(streamDelta('anthropic-messages', 'message_stop', JSON.stringify({ type: 'message_stop' }))).toEqual({ kind: 'done' });
  });
  it('ignores what is not JSON', () => {
    expect(streamDelta('openai-chat', undefined, 'not json')).toBeNull();
  });
});

describe('answerText', () => {
  it('reads each dialect', () => {
    expect(answerText('openai-chat', { choices: [{ message: { content: 'a' } }] })).toBe('a');
    expect(answerText('openai-responses', { output: [{ type: 'message', content: [{ type: 'output_text', text: 'b' }] }] })).toBe('b');
    expect(answerText('anthropic-messages', { content: [{ type: 'text', text: 'c' }, { type: 'tool_use' }] })).toBe('c');
  });
});

describe('faultsHeader', () => {
  it('lists marked targets and leaves out the rest', () => {
    expect(faultsHeader({ 'mock/gpt-test': 'server_error', 'oai/gpt-test': null, 'a/b': 'cut' })).toBe('mock/gpt-test=server_error, a/b=cut');
    expect(faultsHeader({ 'x,y': 'cut' })).toBeUndefined();
    expect(faultsHeader({})).toBeUndefined();
  });
});

describe('compareSlots', () => {
  it('keeps distinct picks, at most four', () => {
    expect(compareSlots(['a', '', 'a', ' b ', 'c', 'd', 'e'])).toEqual(['a', 'b', 'c', 'd']);
  });
});
