import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/helpers/fixtures.js';
import { expectSameForAnySplit } from '../../../test/helpers/rechunk.js';
import type { StreamPart } from '../../core/stream.js';
import { createSseDecoder } from '../../upstream/sse.js';
import { createStreamDecoder as createOpenAIDecoder } from '../openai-chat/decode-stream.js';
import { createSignatureCache } from '../signature-cache.js';
import { createStreamDecoder } from './decode-stream.js';
import { createStreamEncoder } from './encode-stream.js';

const context = { id: 'fallback', created: 7, newToolCallId: () => 'call_x', state: { signatures: createSignatureCache() } };

function decode(chunks: Buffer[], decoder = createStreamDecoder(context)): StreamPart[] {
  const sse = createSseDecoder();
  const parts: StreamPart[] = [];
  for (const chunk of chunks) for (const event of sse.feed(chunk)) parts.push(...decoder.push(event));
  for (const event of sse.end()) parts.push(...decoder.push(event));
  parts.push(...decoder.end());
  return parts;
}

function encode(parts: StreamPart[]): string {
  const encoder = createStreamEncoder();
  const out = parts.map((part) => encoder.push(part)).join('');
  return parts.some((part) => part.type === 'error') ? out : out + encoder.end();
}

interface Accumulated {
  events: string[];
  content: any[];
  stop?: string;
  usage?: any;
  error?: any;
  stopped: boolean;
}

/** What @anthropic-ai/sdk's MessageStream builds: blocks pushed on start, deltas applied by index. */
function accumulate(text: string): Accumulated {
  const sse = createSseDecoder();
  const result: Accumulated = { events: [], content: [], stopped: false };
  for (const event of [...sse.feed(Buffer.from(text)), ...sse.end()]) {
    const data = JSON.parse(event.data);
    expect(event.event).toBe(data.type);
    result.events.push(data.type);
    switch (data.type) {
      case 'message_start':
        result.usage = data.message.usage;
        break;
      case 'content_block_start':
        expect(data.index).toBe(result.content.length);
        result.content.push(structuredClone(data.content_block));
        break;
      case 'content_block_delta': {
        const block = result.content[data.index];
        expect(block).toBeDefined();
        if (data.delta.type === 'text_delta') block.text += data.delta.text;
        if (data.delta.type === 'thinking_delta') block.thinking += data.delta.thinking;
        if (data.delta.type === 'signature_delta') block.signature = data.delta.signature;
        if (data.delta.type === 'input_json_delta') block.partial = (block.partial ?? '') + data.delta.partial_json;
        break;
      }
      case 'content_block_stop': {
        const block = result.content[data.index];
        if (block.type === 'tool_use') {
          block.input = block.partial ? JSON.parse(block.partial) : {};
          delete block.partial;
        }
        break;
      }
      case 'message_delta':
        result.stop = data.delta.stop_reason;
        result.usage = { ...result.usage, ...data.usage };
        break;
      case 'message_stop':
        result.stopped = true;
        break;
      case 'error':
        result.error = data.error;
        break;
    }
  }
  return result;
}

const FIXTURES = ['stream-text.sse', 'stream-tool-use.sse', 'stream-parallel-tool-use.sse', 'stream-thinking-tool-use.sse', 'stream-error-midstream.sse'];

describe('anthropic-messages stream codec', () => {
  it.each(FIXTURES)('re-encodes %s to what the SDK accumulates from the original', (name) => {
    const original = fixtureText(`anthropic/${name}`);
    const again = accumulate(encode(decode([Buffer.from(original)])));
    const expected = accumulate(original);
    expect(again.content).toEqual(expected.content);
    expect(again.stop).toEqual(expected.stop);
    expect(again.error).toEqual(expected.error);
    expect(again.stopped).toBe(expected.stopped);
    if (expected.stopped) expect(again.usage).toEqual(expected.usage);
  });

  it('keeps thinking signatures and reports usage with cache counts', () => {
    const parts = decode([Buffer.from(fixtureText('anthropic/stream-thinking-tool-use.sse'))]);
    expect(parts.find((part) => part.type === 'reasoning-end')).toEqual({ type: 'reasoning-end', choice: 0, signature: 'EqQBCkYIBxgCKkDfxSig0002' });
    expect(parts.find((part) => part.type === 'usage')).toMatchObject({ usage: { inputUncached: 40, inputCacheRead: 2048 } });
  });

  it('reports a stream that ends before message_delta as truncated', () => {
    const text = fixtureText('anthropic/stream-text.sse').split('\n\n').slice(0, 4).join('\n\n') + '\n\n';
    expect(decode([Buffer.from(text)]).at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream_truncated' } });
  });

  it('turns an OpenAI parallel tool stream into sequential, contiguous Anthropic blocks with usage at the end', () => {
    const parts = decode([Buffer.from(fixtureText('openai-chat/stream-parallel-tool-calls.sse'))], createOpenAIDecoder(context));
    const result = accumulate(encode(parts));
    expect(result.content).toEqual([
      { type: 'tool_use', id: 'call_fxA1b2C3d4E5f6G7h8', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_fxZ9y8X7w6V5u4T3s2', name: 'get_weather', input: { city: 'Tokyo', unit: 'c' } },
    ]);
    expect(result.stop).toBe('tool_use');
    expect(result.usage).toMatchObject({ input_tokens: 62, output_tokens: 30 });
    expect(result.stopped).toBe(true);
  });

  it('never opens an empty text block', () => {
    const parts: StreamPart[] = [
      { type: 'message-start', id: 'x', model: 'm', created: 1 },
      { type: 'text-start', choice: 0 },
      { type: 'text-end', choice: 0 },
      { type: 'tool-input-start', choice: 0, index: 0, id: 'c', name: 'f' },
      { type: 'tool-input-delta', choice: 0, index: 0, delta: '{}' },
      { type: 'tool-input-end', choice: 0, index: 0 },
      { type: 'finish', choice: 0, reason: { unified: 'tool-calls', raw: 'tool_calls' } },
    ];
    expect(accumulate(encode(parts)).content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: {} }]);
  });

  it.each(FIXTURES)('decodes %s identically however the bytes are split (property)', (name) => {
    expectSameForAnySplit(fixtureText(`anthropic/${name}`), (chunks) => decode(chunks));
  });
});
