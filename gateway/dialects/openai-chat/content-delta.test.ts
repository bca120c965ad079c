import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentDeltaMatcher } from './content-delta.js';

const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[';
const first = `${head}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}`;
const delta = (text: string, tail = '],"usage":null}') => `${head}{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}${tail}`;

describe('plain content-delta fast path', () => {
  const match = contentDeltaMatcher(first)!;

  it('extracts the text of plain deltas exactly, escapes included', () => {
    expect(match(delta(' Paris'))).toEqual({ choice: 0, text: ' Paris' });
    expect(match(delta('say "hi"\\n\u00e9 \ud83c\udf89'))).toEqual({ choice: 0, text: 'say "hi"\\n\u00e9 \ud83c\udf89' });
    expect(match(delta('x', ']}'))).toEqual({ choice: 0, text: 'x' });
    expect(match(delta('x', '],"usage":null,"obfuscation":"abc"}'))).toEqual({ choice: 0, text: 'x' });
  });

  it('leaves everything else to the full parse', () => {
    expect(match(delta('x').replace('"finish_reason":null', '"finish_reason":"stop"'))).toBeUndefined();
    expect(match(delta('x').replace('"logprobs":null', '"logprobs":{"content":[]}'))).toBeUndefined();
    expect(match(delta('x', '],"usage":{"prompt_tokens":1}}'))).toBeUndefined();
    expect(match(delta('x').replace('"model":"m"', '"model":"other"'))).toBeUndefined();
    expect(match(`${head}{"index":0,"delta":{"tool_calls":[]},"logprobs":null,"finish_reason":null}]}`)).toBeUndefined();
    expect(match('{"error":{"message":"x"}}')).toBeUndefined();
    expect(contentDeltaMatcher('[1]')).toBeUndefined();
  });

  it('agrees with JSON.parse for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const data = delta(text);
        const parsed = JSON.parse(data) as { choices: Array<{ delta: { content: string } }> };
        expect(match(data)?.text).toBe(parsed.choices[0]?.delta.content);
      }),
      { numRuns: 300 },
    );
  });
});
