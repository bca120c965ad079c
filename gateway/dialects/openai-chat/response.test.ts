import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../../test/helpers/fixtures.js';
import { GatewayError } from '../../core/errors.js';
import { decodeResponse, decodeUsage } from './decode-response.js';
import { encodeResponse } from './encode-response.js';
import { decodeErrorBody, encodeErrorBody } from './errors.js';

const defaults = { id: 'chatcmpl-fallback', created: 5 };

describe('openai-chat response codec', () => {
  it.each(['response-text.json', 'response-tool-call.json', 'response-parallel-tool-calls.json', 'response-n2-logprobs.json'])(
    'round-trips %s losslessly (same dialect)',
    (name) => {
      const body = fixtureJson(`openai-chat/${name}`);
      expect(encodeResponse(decodeResponse(body, defaults))).toEqual(body);
    },
  );

  it('decodes tool calls, finish reasons and usage into canonical form', () => {
    const response = decodeResponse(fixtureJson('openai-chat/response-parallel-tool-calls.json'), defaults);
    const choice = response.choices[0];
    expect(choice?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(choice?.content.filter((part) => part.type === 'tool-call')).toHaveLength(2);
    expect(response.usage).toBeDefined();
  });

  it('separates cached and reasoning tokens (OpenAI counts include them)', () => {
    expect(
      decodeUsage({
        prompt_tokens: 100,
        completion_tokens: 50,
        prompt_tokens_details: { cached_tokens: 30, cache_write_tokens: 10 },
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toEqual({ inputUncached: 60, inputCacheRead: 30, inputCacheWrite: 10, outputText: 30, outputReasoning: 20 });
    expect(decodeUsage({ prompt_tokens: 'x', completion_tokens: -1 })).toEqual({ inputUncached: 0, inputCacheRead: 0, inputCacheWrite: 0, outputText: 0, outputReasoning: 0 });
  });

  it('tolerates odd but usable bodies and fills in missing ids', () => {
    const response = decodeResponse({ choices: [{ message: { content: 'hi', tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] } }] }, defaults);
    expect(response.id).toBe('chatcmpl-fallback');
    expect(response.created).toBe(5);
    expect(response.choices[0]?.content).toEqual([
      { type: 'text', text: 'hi' },
      { type: 'tool-call', id: 'call_0', name: 'f', arguments: '{"a":1}' },
    ]);
  });

  it('treats a 200 body with an error object, or without choices, as a provider failure', () => {
    expect(() => decodeResponse({ error: { message: 'boom', type: 'server_error' } }, defaults)).toThrow(GatewayError);
    expect(() => decodeResponse({ choices: [] }, defaults)).toThrow(/without any choice/);
    expect(() => decodeResponse('nope', defaults)).toThrow(/not a JSON object/);
  });

  it('reads provider error bodies and writes OpenAI-shaped ones', () => {
    expect(decodeErrorBody(fixtureJson('openai-chat/error-429-rate-limit.json'))).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
    expect(decodeErrorBody('<html>')).toEqual({});
    const body = encodeErrorBody(new GatewayError('model_not_found', 'No such model.', { param: 'model', code: 'model_not_found' }));
    expect(body).toEqual({ error: { message: 'No such model.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
  });
});
