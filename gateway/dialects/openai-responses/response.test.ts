import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../../test/helpers/fixtures.js';
import type { ContentPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { CanonicalResponse, FinishReason } from '../../core/response.js';
import { decodeResponse } from '../openai-chat/decode-response.js';
import { decodeRequest } from './decode-request.js';
import { encodeResponse } from './encode-response.js';
import { openaiResponsesInbound } from './index.js';

const defaults = { id: 'chatcmpl-fallback', created: 5 };
const basicRequest = () => decodeRequest(fixtureJson('openai-responses/request-basic.json'));
const STOP: FinishReason = { unified: 'stop', raw: 'stop' };

function canonical(content: ContentPart[], finishReason: FinishReason = STOP, id = 'chatcmpl-Ab1'): CanonicalResponse {
  return {
    id,
    model: 'gpt-x',
    created: 1767225600,
    choices: [{ index: 0, content, finishReason }],
    usage: { inputUncached: 10, inputCacheRead: 4, inputCacheWrite: 2, outputText: 7, outputReasoning: 3 },
  };
}

describe('openai-responses response encoding', () => {
  it('answers a chat text response (response-text fixtures) in the shape of a real Response', () => {
    const response = decodeResponse(fixtureJson('openai-chat/response-text.json'), defaults);
    const body = encodeResponse(response, basicRequest());
    expect(body).toMatchObject({
      id: 'resp_chatcmplfxText001',
      object: 'response',
      created_at: 1767225600,
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: 'Answer tersely.',
      max_output_tokens: 128,
      model: 'gpt-4.1-mini-2025-04-14',
      output: [
        {
          id: 'msg_chatcmplfxText001_0',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'The capital of France is Paris.', annotations: [], logprobs: [] }],
        },
      ],
      previous_response_id: null,
      store: false,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: [],
      truncation: 'disabled',
      usage: { input_tokens: 14, input_tokens_details: { cached_tokens: 0 }, output_tokens: 8, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 22 },
      metadata: {},
    });
    // Every field a real Response carries is there (the account-level ones aside).
    const real = fixtureJson('openai-responses/response-text.json');
    const missing = Object.keys(real).filter((key) => !(key in body) && !['background', 'service_tier', 'completed_at'].includes(key));
    expect(missing).toEqual([]);
  });

  it('answers tool calls with function_call items whose call_id is the canonical tool-call id', () => {
    const response = decodeResponse(fixtureJson('openai-chat/response-tool-call.json'), defaults);
    const request = decodeRequest(fixtureJson('openai-responses/request-tools-roundtrip.json'));
    const body = encodeResponse(response, request);
    // No "tool_calls" finish reason in this dialect: the response is simply completed.
    expect(body.status).toBe('completed');
    expect(body.output).toEqual([
      { id: 'fc_chatcmplfxTool001_0', type: 'function_call', status: 'completed', arguments: '{"city":"Paris"}', call_id: 'call_fxA1b2C3d4E5f6G7h8', name: 'get_weather' },
    ]);
    // Request parameters are echoed in the Responses shapes.
    const expected = fixtureJson('openai-responses/response-tool-call.json');
    expect(body.tools).toEqual(expected.tools);
    expect(body.text).toEqual({ format: (fixtureJson('openai-responses/request-tools-roundtrip.json').text as any).format });
  });

  it('reports a turn cut short as incomplete, with the reason and an incomplete last item', () => {
    const length = encodeResponse(canonical([{ type: 'text', text: 'Paris is the capital and largest city of' }], { unified: 'length', raw: 'length' }), basicRequest());
    const expected = fixtureJson('openai-responses/response-incomplete.json');
    expect(length.status).toBe(expected.status);
    expect(length.incomplete_details).toEqual(expected.incomplete_details);
    expect((length.output as any[])[0].status).toBe('incomplete');
    const filtered = encodeResponse(canonical([], { unified: 'content-filter', raw: 'content_filter' }), basicRequest());
    expect(filtered).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] });
  });

  it('lays out reasoning, text, refusal and tool calls as items in content order', () => {
    const content: ContentPart[] = [
      { type: 'reasoning', text: 'Think.', signature: 'SIG' },
      { type: 'text', text: 'A' },
      { type: 'refusal', text: 'No' },
      { type: 'refusal', text: 'pe.' },
      { type: 'tool-call', id: 'call_1', name: 'f', arguments: '{}' },
      { type: 'text', text: 'B' },
      { type: 'reasoning', text: '', redacted: 'opaque' },
      { type: 'reasoning', text: '' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/x.png' } },
    ];
    const body = encodeResponse(canonical(content), basicRequest());
    expect(body.output).toEqual([
      { id: 'rs_chatcmplAb1_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Think.' }] },
      {
        id: 'msg_chatcmplAb1_1',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [
          { type: 'output_text', annotations: [], logprobs: [], text: 'A' },
          { type: 'refusal', refusal: 'Nope.' },
        ],
      },
      { id: 'fc_chatcmplAb1_2', type: 'function_call', status: 'completed', arguments: '{}', call_id: 'call_1', name: 'f' },
      { id: 'msg_chatcmplAb1_3', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'B' }] },
      { id: 'rs_chatcmplAb1_4', type: 'reasoning', summary: [] },
    ]);
  });

  it('returns encrypted reasoning only when the client included reasoning.encrypted_content', () => {
    const content: ContentPart[] = [{ type: 'reasoning', text: 'Think.', signature: 'SIG' }];
    const request = decodeRequest({ model: 'm', input: 'hi', include: ['reasoning.encrypted_content'], reasoning: { effort: 'low', summary: 'detailed' } });
    const body = encodeResponse(canonical(content), request);
    expect((body.output as any[])[0]).toMatchObject({ type: 'reasoning', encrypted_content: 'SIG' });
    expect(body.reasoning).toEqual({ effort: 'low', summary: 'detailed' });
    expect((encodeResponse(canonical(content), basicRequest()).output as any[])[0]).not.toHaveProperty('encrypted_content');
  });

  it('counts usage the Responses way: input includes cache reads and writes, output includes reasoning', () => {
    expect(encodeResponse(canonical([]), basicRequest()).usage).toEqual({
      input_tokens: 16,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 10,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 26,
    });
    const { usage: _usage, ...withoutUsage } = canonical([]);
    expect(encodeResponse(withoutUsage, basicRequest()).usage).toBeNull();
  });

  it('derives ids deterministically and keeps an upstream resp_ id', () => {
    const request = basicRequest();
    const first = encodeResponse(canonical([{ type: 'text', text: 'x' }]), request);
    expect(encodeResponse(canonical([{ type: 'text', text: 'x' }]), request)).toEqual(first);
    const upstream = encodeResponse(canonical([{ type: 'text', text: 'x' }], STOP, 'resp_68ab12'), request);
    expect(upstream.id).toBe('resp_68ab12');
    expect((upstream.output as any[])[0].id).toBe('msg_68ab12_0');
  });

  it('echoes the request parameters', () => {
    const request = decodeRequest({
      model: 'alias/gpt',
      input: 'hi',
      instructions: 'Be terse.',
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      tools: [{ type: 'function', name: 'f' }, { type: 'web_search' }],
      tool_choice: { type: 'function', name: 'f' },
      text: { format: { type: 'json_object' }, verbosity: 'low' },
      metadata: { run: '7' },
      user: 'u1',
      prompt_cache_key: 'k',
      truncation: 'auto',
    });
    const body = encodeResponse({ ...canonical([]), model: '' }, request);
    expect(body).toMatchObject({
      instructions: 'Be terse.',
      model: 'alias/gpt',
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      tools: [{ type: 'function', name: 'f', parameters: null, strict: null }, { type: 'web_search' }],
      tool_choice: { type: 'function', name: 'f' },
      text: { format: { type: 'json_object' }, verbosity: 'low' },
      metadata: { run: '7' },
      user: 'u1',
      prompt_cache_key: 'k',
      truncation: 'auto',
    });
    expect(encodeResponse(canonical([]), decodeRequest({ model: 'm', input: 'hi' }))).toMatchObject({ instructions: null, temperature: null, top_p: null, reasoning: { effort: null, summary: null } });
  });

  it('answers only choice 0', () => {
    const response = canonical([{ type: 'text', text: 'zero' }]);
    response.choices.unshift({ index: 1, content: [{ type: 'text', text: 'one' }], finishReason: STOP });
    expect((encodeResponse(response, basicRequest()).output as any[])[0].content[0].text).toBe('zero');
  });

  it('encodes errors in the OpenAI shape (error-400.json)', () => {
    const expected = fixtureJson('openai-responses/error-400.json');
    const error = new GatewayError('invalid_request', (expected.error as any).message, { param: 'input[0].content[0].type', code: 'invalid_value' });
    expect(openaiResponsesInbound.encodeError(error)).toEqual(expected);
    expect(openaiResponsesInbound.dialect).toBe('openai-responses');
  });
});
