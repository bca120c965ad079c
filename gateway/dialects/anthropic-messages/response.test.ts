import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../../test/helpers/fixtures.js';
import { GatewayError } from '../../core/errors.js';
import type { CanonicalResponse } from '../../core/response.js';
import { createSignatureCache } from '../signature-cache.js';
import { decodeResponse } from './decode-response.js';
import { encodeResponse } from './encode-response.js';
import { decodeErrorBody, encodeErrorBody, errorStatus } from './errors.js';

const context = { id: 'fallback', created: 7, newToolCallId: () => 'call_x', state: { signatures: createSignatureCache() } };

describe('anthropic-messages response codec', () => {
  it.each(['response-text.json', 'response-tool-use.json', 'response-parallel-tool-use.json', 'response-cached-thinking.json', 'response-max-tokens.json'])(
    'round-trips %s losslessly (same dialect)',
    (name) => {
      const body = fixtureJson(`anthropic/${name}`);
      expect(encodeResponse(decodeResponse(body, context))).toEqual(body);
    },
  );

  it('decodes thinking with its signature, tool input as JSON text and cache-aware usage', () => {
    const response = decodeResponse(fixtureJson('anthropic/response-cached-thinking.json'), context);
    expect(response.choices[0]?.content[0]).toEqual({ type: 'reasoning', text: 'Simple fact lookup.', signature: 'EqQBCkYIBxgCKkDfxSig0001' });
    expect(response.usage).toEqual({ inputUncached: 12, inputCacheRead: 2048, inputCacheWrite: 0, outputText: 40, outputReasoning: 0 });
    const tools = decodeResponse(fixtureJson('anthropic/response-parallel-tool-use.json'), context);
    expect(tools.choices[0]?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(tools.choices[0]?.content.filter((part) => part.type === 'tool-call').map((part) => (part as { arguments: string }).arguments)).toEqual([
      expect.stringContaining('Paris'),
      expect.stringContaining('Tokyo'),
    ]);
  });

  it('encodes an answer from another provider as an Anthropic message', () => {
    const response: CanonicalResponse = {
      id: 'chatcmpl-abc',
      model: 'gpt-x',
      created: 1,
      choices: [
        {
          index: 0,
          content: [
            { type: 'reasoning', text: 'think' },
            { type: 'text', text: '' },
            { type: 'text', text: 'Hi' },
            { type: 'tool-call', id: 'functions.Bash:0', name: 'Bash', arguments: '{"cmd":"ls"}' },
          ],
          finishReason: { unified: 'stop', raw: 'stop' },
        },
      ],
      usage: { inputUncached: 10, inputCacheRead: 5, inputCacheWrite: 0, outputText: 3, outputReasoning: 2 },
    };
    expect(encodeResponse(response)).toEqual({
      id: 'msg_chatcmplabc',
      type: 'message',
      role: 'assistant',
      model: 'gpt-x',
      content: [
        { type: 'thinking', thinking: 'think', signature: '' },
        { type: 'text', text: 'Hi' },
        { type: 'tool_use', id: 'functions_Bash_0', name: 'Bash', input: { cmd: 'ls' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 5, output_tokens: 5 },
    });
  });

  it('writes and reads Anthropic error bodies, 529 for overloaded', () => {
    const overloaded = new GatewayError('overloaded', 'busy');
    expect(encodeErrorBody(overloaded)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } });
    expect(errorStatus(overloaded)).toBe(529);
    expect(errorStatus(new GatewayError('unauthorized', 'x'))).toBe(401);
    expect(encodeErrorBody(new GatewayError('unauthorized', 'x')).error.type).toBe('authentication_error');
    expect(decodeErrorBody(fixtureJson('anthropic/error-529.json'))).toMatchObject({ type: 'overloaded_error' });
  });
});
