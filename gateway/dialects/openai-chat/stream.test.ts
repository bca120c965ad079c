import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/helpers/fixtures.js';
import { expectSameForAnySplit } from '../../../test/helpers/rechunk.js';
import type { StreamPart } from '../../core/stream.js';
import { createSseDecoder } from '../../upstream/sse.js';
import { createStreamDecoder } from './decode-stream.js';
import { createStreamEncoder } from './encode-stream.js';

const context = { id: 'chatcmpl-fallback', created: 1, newToolCallId: () => 'call_generated' };

function decodeBytes(chunks: Buffer[]): StreamPart[] {
  const sse = createSseDecoder();
  const decoder = createStreamDecoder(context);
  const parts: StreamPart[] = [];
  for (const chunk of chunks) for (const event of sse.feed(chunk)) parts.push(...decoder.push(event));
  for (const event of sse.end()) parts.push(...decoder.push(event));
  parts.push(...decoder.end());
  return parts;
}

const decodeText = (text: string): StreamPart[] => decodeBytes([Buffer.from(text)]);

function encode(parts: StreamPart[], includeUsage: boolean): string {
  const encoder = createStreamEncoder({ includeUsage });
  let out = '';
  let failed = false;
  for (const part of parts) {
    out += encoder.push(part);
    if (part.type === 'error') failed = true;
  }
  return failed ? out : out + encoder.end();
}

/** Data payloads of an SSE text. */
function dataOf(text: string): string[] {
  const sse = createSseDecoder();
  return [...sse.feed(Buffer.from(text)), ...sse.end()].map((event) => event.data);
}

/** What a client accumulates from chunks: per-choice text, tool calls and finish reasons, plus usage. */
function accumulate(text: string) {
  const choices: Record<number, { text: string; reasoning: string; tools: Record<number, { id?: string; name?: string; args: string }>; finish?: string }> = {};
  let usage: unknown;
  let meta: unknown;
  let done = false;
  let error: unknown;
  for (const data of dataOf(text)) {
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    const chunk = JSON.parse(data) as Record<string, any>;
    if (chunk.error) {
      // Message and type are the provider's; `code` is ours (the error kind) when the provider gave none.
      error = { message: chunk.error.message, type: chunk.error.type };
      continue;
    }
    meta ??= { id: chunk.id, model: chunk.model, created: chunk.created, fp: chunk.system_fingerprint, tier: chunk.service_tier };
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices as any[]) {
      const state = (choices[choice.index] ??= { text: '', reasoning: '', tools: {} });
      if (choice.delta.content) state.text += choice.delta.content;
      if (choice.delta.reasoning_content) state.reasoning += choice.delta.reasoning_content;
      for (const call of choice.delta.tool_calls ?? []) {
        const tool = (state.tools[call.index] ??= { args: '' });
        if (call.id) tool.id = call.id;
        if (call.function?.name) tool.name = call.function.name;
        tool.args += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) state.finish = choice.finish_reason;
    }
  }
  return { choices, usage, meta, done, error };
}

const FIXTURES = ['stream-text.sse', 'stream-text-no-usage.sse', 'stream-tool-call.sse', 'stream-parallel-tool-calls.sse', 'stream-n2.sse', 'stream-error-midstream.sse'];

describe('openai-chat stream codec', () => {
  it.each(FIXTURES)('re-encodes %s to what a client accumulates from the original', (name) => {
    const original = fixtureText(`openai-chat/${name}`);
    const includeUsage = original.includes('"usage":{');
    const reencoded = encode(decodeText(original), includeUsage);
    expect(accumulate(reencoded)).toEqual(accumulate(original));
  });

  it('re-encodes content chunks byte-for-byte (same dialect passthrough)', () => {
    const original = fixtureText('openai-chat/stream-text.sse');
    const reencoded = dataOf(encode(decodeText(original), true));
    const expected = dataOf(original);
    // The role chunk is synthesised (content "" without refusal:null); every later chunk is identical.
    expect(reencoded.slice(1)).toEqual(expected.slice(1));
  });

  it('decodes parallel tool calls by index with ids and names set once', () => {
    const parts = decodeText(fixtureText('openai-chat/stream-parallel-tool-calls.sse'));
    const starts = parts.filter((part) => part.type === 'tool-input-start');
    expect(starts).toEqual([
      { type: 'tool-input-start', choice: 0, index: 0, id: 'call_fxA1b2C3d4E5f6G7h8', name: 'get_weather' },
      { type: 'tool-input-start', choice: 0, index: 1, id: 'call_fxZ9y8X7w6V5u4T3s2', name: 'get_weather' },
    ]);
    // call 0 is closed before call 1 opens
    const types = parts.map((part) => (part.type.startsWith('tool-input') ? `${part.type}:${(part as { index: number }).index}` : part.type));
    expect(types.indexOf('tool-input-end:0')).toBeLessThan(types.indexOf('tool-input-start:1'));
    expect(parts.find((part) => part.type === 'finish')).toMatchObject({ reason: { unified: 'tool-calls', raw: 'tool_calls' } });
    expect(parts.find((part) => part.type === 'usage')).toMatchObject({ usage: { inputUncached: 62, outputText: 30 } });
  });

  it('reports a mid-stream error envelope as an error part and never a [DONE]', () => {
    const parts = decodeText(fixtureText('openai-chat/stream-error-midstream.sse'));
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.error.kind).toBe('upstream_server_error');
    const encoded = encode(parts, false);
    expect(encoded).not.toContain('[DONE]');
    expect(dataOf(encoded).at(-1)).toContain('"type":"server_error"');
  });

  it('reports a stream that ends without a finish or [DONE] as truncated', () => {
    const text = fixtureText('openai-chat/stream-text.sse').split('\n\n').slice(0, 3).join('\n\n') + '\n\n';
    const parts = decodeText(text);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream_truncated' } });
  });

  it('accepts a finish without [DONE], finish_reason on a content chunk, and whole tool calls in one delta', () => {
    const chunk = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 2, model: 'm', choices: [choice] })}\n\n`;
    const text =
      chunk({ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] } }) +
      chunk({ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '' } }] } }) +
      chunk({ index: 0, delta: { content: 'tail' }, finish_reason: 'stop' });
    const parts = decodeText(text);
    expect(parts.filter((part) => part.type === 'tool-input-delta')).toEqual([{ type: 'tool-input-delta', choice: 0, index: 0, delta: '{"a":1}' }]);
    expect(parts.some((part) => part.type === 'error')).toBe(false);
    // A turn that called tools is reported as tool_calls even when the upstream said "stop".
    expect(accumulate(encode(parts, false)).choices[0]?.finish).toBe('tool_calls');
  });

  it('only emits the usage chunk when the client asked for it', () => {
    const parts = decodeText(fixtureText('openai-chat/stream-text.sse'));
    expect(accumulate(encode(parts, false)).usage).toBeUndefined();
    expect(accumulate(encode(parts, true)).usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 8 });
  });

  it('ignores SSE comments (keep-alives) and never re-emits them', () => {
    const text = `: OPENROUTER PROCESSING\n\n${fixtureText('openai-chat/stream-text.sse')}`;
    const encoded = encode(decodeText(text), true);
    expect(encoded).not.toContain('OPENROUTER');
    expect(accumulate(encoded).choices[0]?.text).toBe('The capital of France is Paris.');
  });

  it('decodes reasoning_content deltas into reasoning parts and answers in kind', () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 2, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const text = chunk({ role: 'assistant', reasoning_content: 'Hmm' }) + chunk({ content: 'Yes' }, 'stop') + 'data: [DONE]\n\n';
    const parts = decodeText(text);
    expect(parts.map((part) => part.type)).toEqual(['message-start', 'reasoning-start', 'reasoning-delta', 'reasoning-end', 'text-start', 'text-delta', 'text-end', 'finish']);
    expect(accumulate(encode(parts, false)).choices[0]).toMatchObject({ reasoning: 'Hmm', text: 'Yes' });
  });

  const NON_ASCII = (() => {
    const chunk = (content: string) => `data: {"id":"u","object":"chat.completion.chunk","created":3,"model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\r\n\r\n`;
    return `${chunk('Grüße ')}${chunk('東京 🎉')}data: {"id":"u","object":"chat.completion.chunk","created":3,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\r\n\r\ndata: [DONE]\r\n\r\n`;
  })();

  it.each([...FIXTURES.map((name) => [name, fixtureText(`openai-chat/${name}`)]), ['non-ascii CRLF', NON_ASCII]])(
    'decodes %s identically however the bytes are split (property)',
    (_name, text) => expectSameForAnySplit(text, decodeBytes, 150),
  );
});
