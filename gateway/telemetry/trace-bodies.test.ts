import { describe, expect, it } from 'vitest';
import { createMemoryTraceBodies } from '../store/memory/memory-trace-bodies.js';
import { captureBodies, prepareBody, truncateUtf8 } from './trace-bodies.js';

const SECRET = 'sk-provider-secret-0123456789';

describe('truncateUtf8', () => {
  it('keeps text within the limit as is and cuts longer text at a character boundary', () => {
    expect(truncateUtf8('abc', 3)).toEqual({ text: 'abc', bytes: 3, truncated: false });
    // 'é' is two bytes: five bytes hold two of them, not two and a half.
    expect(truncateUtf8('ééé', 5)).toEqual({ text: 'éé', bytes: 6, truncated: true });
    // '😀' is four bytes (a surrogate pair in JS).
    expect(truncateUtf8('a😀', 4)).toEqual({ text: 'a', bytes: 5, truncated: true });
  });
});

describe('prepareBody', () => {
  it('redacts secrets, also as they appear JSON-escaped, before cutting', () => {
    const quoted = 'sk-"quoted"-secret-value';
    const text = JSON.stringify({ a: SECRET, b: quoted });
    const prepared = prepareBody(text, 10_000, [SECRET, quoted]);
    expect(prepared.text).toBe('{"a":"[redacted]","b":"[redacted]"}');
    expect(prepared.truncated).toBe(false);
  });

  it('redacts a secret that straddles the cut of a huge body, and reports the original size', () => {
    const text = `${'x'.repeat(5_000 - 10)}${SECRET}${'y'.repeat(100_000)}`;
    const prepared = prepareBody(text, 5_000, [SECRET]);
    expect(prepared.text).not.toContain('sk-provider');
    expect(prepared.text.endsWith('[redacted]')).toBe(true);
    expect(prepared).toMatchObject({ bytes: text.length, truncated: true });
    expect(Buffer.byteLength(prepared.text)).toBeLessThanOrEqual(5_000);
  });
});

describe('captureBodies', () => {
  const setup = (maxBytes = 1000) => {
    const store = createMemoryTraceBodies();
    let attempts = 0;
    const capture = captureBodies(
      { requestId: 'r1', maxBytes, clock: () => 42, secrets: () => [SECRET], store, nextAttempt: () => attempts + 1 },
      { body: { model: 'm', messages: [{ role: 'user', content: `key ${SECRET} and sk-sb-client-key-0123` }] }, headers: { authorization: 'Bearer sk-sb-client-key-0123' } },
    );
    return { store, capture, attempted: () => attempts++ };
  };

  it('keeps the inbound body with the provider key and the request’s own credential redacted', () => {
    const { store } = setup();
    const [request] = store.list('r1');
    expect(request).toMatchObject({ requestId: 'r1', kind: 'request', attempt: 0, at: 42, truncated: false, contentType: 'application/json' });
    expect(JSON.parse(request?.body ?? '').messages[0].content).toBe('key [redacted] and [redacted]');
  });

  it('numbers upstream bodies by attempt and keeps the response', () => {
    const { store, capture, attempted } = setup();
    const first = capture.upstream();
    attempted();
    const second = capture.upstream();
    first(`{"n":1,"k":"${SECRET}"}`);
    second('{"n":2}');
    capture.response('{"ok":true}');
    expect(store.list('r1').map((body) => `${body.kind}:${body.attempt}:${body.body}`)).toEqual([
      expect.stringMatching(/^request:0:/),
      'upstream:1:{"n":1,"k":"[redacted]"}',
      'upstream:2:{"n":2}',
      'response:0:{"ok":true}',
    ]);
  });

  it('accumulates a stream per choice, with tool calls, and keeps it valid JSON under the cap', () => {
    const { store, capture } = setup(1024);
    capture.part({ type: 'text-delta', choice: 0, text: 'Hello ' });
    capture.part({ type: 'tool-input-start', choice: 0, index: 0, id: 'call_1', name: 'lookup' });
    capture.part({ type: 'tool-input-delta', choice: 0, index: 0, delta: '{"q":1}' });
    for (let i = 0; i < 50; i++) capture.part({ type: 'text-delta', choice: 0, text: 'é'.repeat(100) });
    capture.part({ type: 'finish', choice: 0, reason: { unified: 'tool-calls', raw: 'tool_calls' } });
    capture.end();
    capture.end();
    const responses = store.list('r1').filter((body) => body.kind === 'response');
    expect(responses).toHaveLength(1);
    const body = responses[0]?.body ?? '';
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1024);
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({ stream: true, truncated: true, choices: [{ index: 0, finishReason: 'tool-calls', toolCalls: [{ id: 'call_1', name: 'lookup' }] }] });
    expect(parsed.choices[0].text.startsWith('Hello éé')).toBe(true);
    expect(responses[0]).toMatchObject({ truncated: true, bytes: Buffer.byteLength(body) });

    const roomy = setup(10_000);
    roomy.capture.part({ type: 'text-delta', choice: 0, text: 'Hi' });
    roomy.capture.part({ type: 'tool-input-start', choice: 0, index: 0, id: 'call_1', name: 'lookup' });
    roomy.capture.part({ type: 'tool-input-delta', choice: 0, index: 0, delta: '{"q":1}' });
    roomy.capture.part({ type: 'error', error: Object.assign(new Error('cut'), { kind: 'upstream_truncated' }) as never });
    roomy.capture.end();
    const stored = JSON.parse(roomy.store.list('r1').find((entry) => entry.kind === 'response')?.body ?? '');
    expect(stored).toEqual({
      stream: true,
      choices: [{ index: 0, text: 'Hi', reasoning: '', refusal: '', toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":1}' }], finishReason: null }],
      error: 'cut',
      truncated: false,
    });
  });

  it('stores nothing for a stream that sent no part', () => {
    const { store, capture } = setup();
    capture.end();
    expect(store.list('r1').map((body) => body.kind)).toEqual(['request']);
  });
});
