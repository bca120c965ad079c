import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureText } from '../../../test/helpers/fixtures.js';
import { expectSameForAnySplit } from '../../../test/helpers/rechunk.js';
import type { StreamPart } from '../../core/stream.js';
import { createSseDecoder } from '../../upstream/sse.js';
import { decodeRequest as decodeOpenAI } from '../openai-chat/decode-request.js';
import { createSignatureCache } from '../signature-cache.js';
import { decodeResponse } from './decode-response.js';
import { createStreamDecoder } from './decode-stream.js';
import { encodeRequest, SKIP_SIGNATURE } from './encode-request.js';
import { decodeErrorBody } from './shared.js';

function freshContext() {
  let n = 0;
  return { id: 'fallback', created: 7, newToolCallId: () => `call_g${++n}`, state: { signatures: createSignatureCache() } };
}

function decodeStream(chunks: Buffer[], context = freshContext()): StreamPart[] {
  const sse = createSseDecoder();
  const decoder = createStreamDecoder(context);
  const parts: StreamPart[] = [];
  for (const chunk of chunks) for (const event of sse.feed(chunk)) parts.push(...decoder.push(event));
  for (const event of sse.end()) parts.push(...decoder.push(event));
  parts.push(...decoder.end());
  return parts;
}

describe('gemini response decoding', () => {
  it('decodes text and usage (prompt counts include cache; thoughts are separate)', () => {
    const response = decodeResponse(fixtureJson('gemini/response-text.json'), freshContext());
    expect(response.choices[0]?.content[0]).toMatchObject({ type: 'text' });
    expect(response.choices[0]?.finishReason).toEqual({ unified: 'stop', raw: 'STOP' });
    expect(response.model).toBe('gemini-2.5-flash');
  });

  it('gives function calls ids, reports tool-calls and remembers their thought signatures', () => {
    const context = freshContext();
    const response = decodeResponse(fixtureJson('gemini/response-parallel-function-calls.json'), context);
    const choice = response.choices[0];
    expect(choice?.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(choice?.content).toEqual([
      { type: 'tool-call', id: 'call_g1', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'CiQBjz1rXfxSIG000' },
      { type: 'tool-call', id: 'call_g2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ]);
    expect(context.state.signatures.recall('call_g1')).toBe('CiQBjz1rXfxSIG000');
    expect(response.usage).toEqual({ inputUncached: 41, inputCacheRead: 0, inputCacheWrite: 0, outputText: 14, outputReasoning: 60 });
  });

  it('turns a blocked prompt or candidate into a content filter, never a crash', () => {
    expect(decodeResponse(fixtureJson('gemini/response-prompt-blocked.json'), freshContext()).choices).toEqual([
      { index: 0, content: [], finishReason: { unified: 'content-filter', raw: 'SAFETY' } },
    ]);
    expect(decodeResponse(fixtureJson('gemini/response-candidate-safety.json'), freshContext()).choices[0]?.finishReason.unified).toBe('content-filter');
    expect(decodeResponse(fixtureJson('gemini/response-max-tokens.json'), freshContext()).choices[0]?.finishReason.unified).toBe('length');
  });

  it('reads error bodies including the retry delay', () => {
    expect(decodeErrorBody(fixtureJson('gemini/error-429.json'))).toMatchObject({ type: 'RESOURCE_EXHAUSTED', retryAfterMs: 21_000 });
    expect(decodeErrorBody(fixtureJson('gemini/error-400-api-key.json'))).toMatchObject({ code: 'API_KEY_INVALID' });
  });
});

describe('gemini stream decoding', () => {
  it('decodes whole function calls as start + full arguments + end, then finish and usage', () => {
    const parts = decodeStream([Buffer.from(fixtureText('gemini/stream-parallel-function-calls.sse'))]);
    expect(parts.map((part) => part.type)).toEqual([
      'message-start', 'text-start', 'text-delta', 'text-end',
      'tool-input-start', 'tool-input-delta', 'tool-input-end',
      'tool-input-start', 'tool-input-delta', 'tool-input-end',
      'finish', 'usage',
    ]);
    expect(parts.find((part) => part.type === 'finish')).toMatchObject({ reason: { unified: 'tool-calls' } });
    expect(parts.filter((part) => part.type === 'tool-input-delta').map((part) => (part as { delta: string }).delta)).toEqual(['{"city":"Paris"}', '{"city":"Tokyo"}']);
  });

  it('reports an in-band error and a truncated stream', () => {
    expect(decodeStream([Buffer.from(fixtureText('gemini/stream-error-midstream.sse'))]).at(-1)).toMatchObject({ type: 'error', error: { kind: 'overloaded' } });
    const text = fixtureText('gemini/stream-text.sse').split('\r\n\r\n')[0] + '\r\n\r\n';
    expect(decodeStream([Buffer.from(text)]).at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream_truncated' } });
  });

  it.each(['stream-text.sse', 'stream-function-call.sse', 'stream-parallel-function-calls.sse', 'stream-error-midstream.sse'])(
    'decodes %s identically however the bytes are split (property)',
    (name) => expectSameForAnySplit(fixtureText(`gemini/${name}`), (chunks) => decodeStream(chunks), 80),
  );
});

describe('gemini request encoding', () => {
  it('translates an OpenAI tool conversation: system, model turns, one response per call in call order', () => {
    const request = decodeOpenAI(fixtureJson('openai-chat/request-tools.json'));
    const { body, warnings } = encodeRequest(request, 'gemini-2.5-flash', createSignatureCache());
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'You can call tools.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Tokyo?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp_c: 18, sky: 'cloudy' } } },
          { functionResponse: { name: 'get_weather', response: { temp_c: 24, sky: 'clear' } } },
        ],
      },
    ]);
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: 'get_weather', description: 'Current weather for a city', parametersJsonSchema: (fixtureJson('openai-chat/request-tools.json').tools as any)[0].function.parameters }] },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(warnings).toEqual([]);
  });

  it('orders responses by the calls, wraps non-object results, and marks errors', () => {
    const request = decodeOpenAI({
      model: 'm',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }, { id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'b', content: 'plain text' },
        { role: 'tool', tool_call_id: 'a', content: '[1,2]' },
      ],
    });
    const { body } = encodeRequest(request, 'gemini-2.5-flash', createSignatureCache());
    expect((body.contents as any[])[2]).toEqual({
      role: 'user',
      parts: [{ functionResponse: { name: 'f', response: { result: '[1,2]' } } }, { functionResponse: { name: 'g', response: { result: 'plain text' } } }],
    });
  });

  it('re-attaches remembered thought signatures and uses the documented bypass on Gemini 3 otherwise', () => {
    const context = freshContext();
    decodeResponse(fixtureJson('gemini/response-parallel-function-calls.json'), context);
    const history = (ids: [string, string]) =>
      decodeOpenAI({
        model: 'm',
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: null, tool_calls: ids.map((id) => ({ id, type: 'function', function: { name: 'get_weather', arguments: '{}' } })) },
          ...ids.map((id) => ({ role: 'tool', tool_call_id: id, content: '{}' })),
        ],
      });
    const known = encodeRequest(history(['call_g1', 'call_g2']), 'gemini-3-pro', context.state.signatures).body.contents as any[];
    expect(known[1].parts.map((part: any) => part.thoughtSignature)).toEqual(['CiQBjz1rXfxSIG000', undefined]);
    const unknown = encodeRequest(history(['x1', 'x2']), 'gemini-3-pro', context.state.signatures).body.contents as any[];
    expect(unknown[1].parts.map((part: any) => part.thoughtSignature)).toEqual([SKIP_SIGNATURE, undefined]);
    const older = encodeRequest(history(['x1', 'x2']), 'gemini-2.5-flash', context.state.signatures).body.contents as any[];
    expect(older[1].parts.map((part: any) => part.thoughtSignature)).toEqual([undefined, undefined]);
  });

  it('maps generation settings, JSON schema output and reasoning', () => {
    const request = decodeOpenAI({
      ...(fixtureJson('openai-chat/request-json-schema.json') as Record<string, unknown>),
      temperature: 0.3,
      top_p: 0.9,
      max_completion_tokens: 99,
      stop: ['END'],
      n: 2,
      seed: 4,
      reasoning_effort: 'low',
    });
    const { body } = encodeRequest(request, 'gemini-2.5-flash', createSignatureCache());
    expect(body.generationConfig).toEqual({
      temperature: 0.3,
      topP: 0.9,
      maxOutputTokens: 99,
      stopSequences: ['END'],
      candidateCount: 2,
      seed: 4,
      responseMimeType: 'application/json',
      responseJsonSchema: (fixtureJson('openai-chat/request-json-schema.json').response_format as any).json_schema.schema,
      thinkingConfig: { thinkingBudget: 1024 },
    });
  });
});
