import fc from 'fast-check';
import OpenAI from 'openai';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator.js';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/helpers/fixtures.js';
import type { ContentPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { CanonicalRequest } from '../../core/request.js';
import type { CanonicalResponse, FinishReason } from '../../core/response.js';
import { responseToParts } from '../../core/response-to-parts.js';
import type { StreamPart } from '../../core/stream.js';
import type { Usage } from '../../core/usage.js';
import { createSseDecoder } from '../../upstream/sse.js';
import { decodeRequest } from './decode-request.js';
import { encodeResponse } from './encode-response.js';
import { createStreamEncoder } from './encode-stream.js';

interface Frame {
  event: string;
  data: any;
}

const MODEL = 'gpt-4.1-mini-2025-04-14';
const CREATED = 1767225600;
const STOP: FinishReason = { unified: 'stop', raw: 'stop' };
const TOOLS: FinishReason = { unified: 'tool-calls', raw: 'tool_calls' };
const usage = (input: number, output: number): Usage => ({ inputUncached: input, inputCacheRead: 0, inputCacheWrite: 0, outputText: output, outputReasoning: 0 });
const basicRequest = (): CanonicalRequest => decodeRequest({ model: 'gpt-4.1-mini', instructions: 'Answer tersely.', input: 'Capital of France?', stream: true });
const start = (id = 'resp_fxStream001'): StreamPart => ({ type: 'message-start', id, model: MODEL, created: CREATED });

function encode(parts: StreamPart[], request = basicRequest()): string {
  const encoder = createStreamEncoder(request);
  let out = '';
  for (const part of parts) out += encoder.push(part);
  return out + encoder.end();
}

/** Parses an SSE text, checking the framing: every frame is exactly `event: X\ndata: {…}\n\n`. */
function framesOf(text: string): Frame[] {
  expect(text.endsWith('\n\n')).toBe(true);
  const raw = text.slice(0, -2).split('\n\n');
  for (const frame of raw) expect(frame).toMatch(/^event: [a-z_.]+\ndata: \{[^\n]*\}$/);
  const sse = createSseDecoder();
  const events = [...sse.feed(Buffer.from(text)), ...sse.end()];
  expect(events).toHaveLength(raw.length);
  return events.map((event) => ({ event: event.event ?? '', data: JSON.parse(event.data) }));
}

/** The ladder's invariants: types, sequence numbers, added/done pairing, items closed in order. */
function checkLadder(frames: Frame[]): void {
  frames.forEach((frame, index) => {
    expect(frame.data.type).toBe(frame.event);
    expect(frame.data.sequence_number).toBe(index);
  });
  expect(frames.slice(0, 2).map((frame) => frame.event)).toEqual(['response.created', 'response.in_progress']);
  const terminal = frames.at(-1)?.event;
  expect(['response.completed', 'response.incomplete', 'response.failed']).toContain(terminal);
  const failed = terminal === 'response.failed';
  const open = new Map<string, number>();
  let nextItem = 0;
  for (const { event, data } of frames) {
    const key = (kind: string) => `${kind}:${data.output_index}:${data.content_index ?? data.summary_index ?? ''}`;
    if (event === 'response.output_item.added') {
      expect(data.output_index).toBe(nextItem++);
      expect([...open.keys()].filter((name) => name.startsWith('item:'))).toEqual([]);
      open.set(`item:${data.output_index}:`, data.output_index);
    } else if (event === 'response.output_item.done') {
      expect([...open.keys()]).toEqual([`item:${data.output_index}:`]);
      open.delete(`item:${data.output_index}:`);
    } else if (event === 'response.content_part.added' || event === 'response.reasoning_summary_part.added') {
      expect(open.has(`item:${data.output_index}:`)).toBe(true);
      open.set(key('part'), 0);
    } else if (event === 'response.content_part.done' || event === 'response.reasoning_summary_part.done') {
      expect(open.delete(key('part'))).toBe(true);
    } else if (event.includes('delta')) {
      expect(open.has(`item:${data.output_index}:`)).toBe(true);
    }
  }
  if (!failed) expect([...open.keys()]).toEqual([]);
}

/** Rebuilds the output from `added` events and deltas only (statuses from `done`), as a client would. */
function replay(frames: Frame[]): any[] {
  const items: any[] = [];
  for (const { event, data } of frames) {
    const item = items[data.output_index];
    switch (event) {
      case 'response.output_item.added':
        items[data.output_index] = structuredClone(data.item);
        break;
      case 'response.content_part.added':
        item.content[data.content_index] = structuredClone(data.part);
        break;
      case 'response.output_text.delta':
        item.content[data.content_index].text += data.delta;
        break;
      case 'response.refusal.delta':
        item.content[data.content_index].refusal += data.delta;
        break;
      case 'response.reasoning_summary_part.added':
        item.summary[data.summary_index] = structuredClone(data.part);
        break;
      case 'response.reasoning_summary_text.delta':
        item.summary[data.summary_index].text += data.delta;
        break;
      case 'response.function_call_arguments.delta':
        item.arguments += data.delta;
        break;
      case 'response.output_item.done':
        if ('status' in data.item) item.status = data.item.status;
        if (data.item.encrypted_content) item.encrypted_content = data.item.encrypted_content;
        expect(item).toEqual(data.item);
        break;
    }
  }
  return items;
}

const typesOf = (frames: Frame[]) => frames.map((frame) => frame.event);
const terminalOf = (frames: Frame[]) => frames.at(-1)?.data.response;

function canonical(content: ContentPart[], finishReason: FinishReason, usageValue?: Usage, id = 'resp_fxStream001'): CanonicalResponse {
  const response: CanonicalResponse = { id, model: MODEL, created: CREATED, choices: [{ index: 0, content, finishReason }] };
  if (usageValue) response.usage = usageValue;
  return response;
}

const TEXT: StreamPart[] = [
  start(),
  { type: 'text-start', choice: 0 },
  { type: 'text-delta', choice: 0, text: 'Paris' },
  { type: 'text-delta', choice: 0, text: '.' },
  { type: 'text-end', choice: 0 },
  { type: 'finish', choice: 0, reason: STOP },
  { type: 'usage', usage: usage(24, 3) },
];

const toolCall = (index: number, id: string, city: string): StreamPart[] => [
  { type: 'tool-input-start', choice: 0, index, id, name: 'get_weather' },
  { type: 'tool-input-delta', choice: 0, index, delta: '{"city"' },
  { type: 'tool-input-delta', choice: 0, index, delta: `:"${city}` },
  { type: 'tool-input-delta', choice: 0, index, delta: '"}' },
  { type: 'tool-input-end', choice: 0, index },
];
const TOOL: StreamPart[] = [start('resp_fxStream002'), ...toolCall(0, 'call_fxR1', 'Paris'), { type: 'finish', choice: 0, reason: TOOLS }, { type: 'usage', usage: usage(70, 16) }];
const PARALLEL: StreamPart[] = [
  start('resp_fxStream003'),
  ...toolCall(0, 'call_fxR1', 'Paris'),
  ...toolCall(1, 'call_fxR2', 'Tokyo'),
  { type: 'finish', choice: 0, reason: TOOLS },
  { type: 'usage', usage: usage(70, 32) },
];
const ERROR: StreamPart[] = [
  start('resp_fxStream004'),
  { type: 'text-start', choice: 0 },
  { type: 'text-delta', choice: 0, text: 'Par' },
  { type: 'error', error: new GatewayError('upstream_server_error', 'The server had an error while processing your request.', { code: 'server_error' }) },
];

/** Fixture payload with ids and the response object left out, for comparing event payloads. */
function normalized(data: any): any {
  const { response: _response, sequence_number: _sequence, ...rest } = data;
  const out = structuredClone(rest);
  if (out.item_id) out.item_id = 'ID';
  if (out.item?.id) out.item.id = 'ID';
  return out;
}

describe('openai-responses stream encoder', () => {
  it.each([
    ['stream-text.sse', TEXT],
    ['stream-tool-call.sse', TOOL],
    ['stream-parallel-tool-calls.sse', PARALLEL],
    ['stream-error-midstream.sse', ERROR],
  ])('produces the same event ladder as %s, payload for payload', (name, parts) => {
    const expected = framesOf(fixtureText(`openai-responses/${name}`));
    const frames = framesOf(encode(parts));
    checkLadder(frames);
    expect(typesOf(frames)).toEqual(typesOf(expected));
    expect(frames.map((frame) => normalized(frame.data))).toEqual(expected.map((frame) => normalized(frame.data)));
    // Response snapshots carry every field the real ones do (account-level ones aside) and the same outcome.
    for (const [index, frame] of frames.entries()) {
      const real = expected[index]?.data.response;
      if (!real) continue;
      const ours = frame.data.response;
      expect(Object.keys(real).filter((key) => !(key in ours) && !['background', 'service_tier', 'completed_at'].includes(key))).toEqual([]);
      expect({ status: ours.status, error: ours.error, usage: ours.usage, outputTypes: ours.output.map((item: any) => item.type) }).toEqual({
        status: real.status,
        error: real.error,
        usage: real.usage,
        outputTypes: real.output.map((item: any) => item.type),
      });
    }
  });

  it.each([
    ['text', TEXT, canonical([{ type: 'text', text: 'Paris.' }], STOP, usage(24, 3))],
    ['one tool call', TOOL, canonical([{ type: 'tool-call', id: 'call_fxR1', name: 'get_weather', arguments: '{"city":"Paris"}' }], TOOLS, usage(70, 16), 'resp_fxStream002')],
    [
      'parallel tool calls',
      PARALLEL,
      canonical(
        [
          { type: 'tool-call', id: 'call_fxR1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_fxR2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
        ],
        TOOLS,
        usage(70, 32),
        'resp_fxStream003',
      ),
    ],
  ])('ends a %s stream with exactly the non-streamed response', (_name, parts, response) => {
    const request = basicRequest();
    const frames = framesOf(encode(parts, request));
    expect(frames.at(-1)?.event).toBe('response.completed');
    expect(terminalOf(frames)).toEqual(encodeResponse(response, request));
    expect(replay(frames)).toEqual(terminalOf(frames).output);
  });

  it('streams reasoning summaries, then text in a new message item', () => {
    const request = decodeRequest({ model: 'o', input: 'hi', reasoning: { summary: 'auto' }, include: ['reasoning.encrypted_content'], stream: true });
    const parts: StreamPart[] = [
      start('chatcmpl-r1'),
      { type: 'reasoning-start', choice: 0 },
      { type: 'reasoning-delta', choice: 0, text: 'Think' },
      { type: 'reasoning-delta', choice: 0, text: 'ing.' },
      { type: 'reasoning-end', choice: 0, signature: 'ENC' },
      { type: 'text-start', choice: 0 },
      { type: 'text-delta', choice: 0, text: 'Yes' },
      { type: 'text-end', choice: 0 },
      { type: 'finish', choice: 0, reason: STOP },
      { type: 'usage', usage: { ...usage(5, 2), outputReasoning: 4 } },
    ];
    const frames = framesOf(encode(parts, request));
    checkLadder(frames);
    expect(typesOf(frames)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const response = canonical([{ type: 'reasoning', text: 'Thinking.', signature: 'ENC' }, { type: 'text', text: 'Yes' }], STOP, { ...usage(5, 2), outputReasoning: 4 }, 'chatcmpl-r1');
    expect(terminalOf(frames)).toEqual(encodeResponse(response, request));
    expect(terminalOf(frames).output[0]).toEqual({ id: 'rs_chatcmplr1_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }], encrypted_content: 'ENC' });
    expect(replay(frames)).toEqual(terminalOf(frames).output);
  });

  it('puts text and refusal parts of one message at increasing content indexes, and text after a tool call in a new item', () => {
    const parts: StreamPart[] = [
      start(),
      { type: 'text-start', choice: 0 },
      { type: 'text-delta', choice: 0, text: 'Well' },
      { type: 'text-end', choice: 0 },
      { type: 'refusal-delta', choice: 0, text: 'I cannot' },
      { type: 'refusal-delta', choice: 0, text: ' help.' },
      ...toolCall(0, 'call_1', 'Oslo'),
      { type: 'text-start', choice: 0 },
      { type: 'text-delta', choice: 0, text: 'After.' },
      { type: 'text-end', choice: 0 },
      { type: 'finish', choice: 0, reason: STOP },
    ];
    const frames = framesOf(encode(parts));
    checkLadder(frames);
    const added = frames.filter((frame) => frame.event === 'response.content_part.added').map((frame) => [frame.data.output_index, frame.data.content_index, frame.data.part.type]);
    expect(added).toEqual([[0, 0, 'output_text'], [0, 1, 'refusal'], [2, 0, 'output_text']]);
    expect(typesOf(frames)).toContain('response.refusal.done');
    expect(terminalOf(frames).output.map((item: any) => item.type)).toEqual(['message', 'function_call', 'message']);
    expect(replay(frames)).toEqual(terminalOf(frames).output);
    const response = canonical([{ type: 'text', text: 'Well' }, { type: 'refusal', text: 'I cannot help.' }, { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }, { type: 'text', text: 'After.' }], STOP);
    expect(terminalOf(frames)).toEqual(encodeResponse(response, basicRequest()));
  });

  it('reports a cut-short turn with response.incomplete and an incomplete last item', () => {
    const parts: StreamPart[] = [...TEXT.slice(0, 5), { type: 'finish', choice: 0, reason: { unified: 'length', raw: 'length' } }];
    const frames = framesOf(encode(parts));
    checkLadder(frames);
    expect(frames.at(-1)?.event).toBe('response.incomplete');
    expect(terminalOf(frames)).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }] });
  });

  it('closes a block left open when the stream ends, before response.completed', () => {
    const frames = framesOf(encode([start(), { type: 'tool-input-start', choice: 0, index: 0, id: 'c', name: 'f' }, { type: 'tool-input-delta', choice: 0, index: 0, delta: '{}' }]));
    checkLadder(frames);
    expect(typesOf(frames).slice(-3)).toEqual(['response.function_call_arguments.done', 'response.output_item.done', 'response.completed']);
    expect(terminalOf(frames).output).toEqual([{ id: 'fc_fxStream001_0', type: 'function_call', status: 'completed', arguments: '{}', call_id: 'c', name: 'f' }]);
  });

  it('never sends anything after an error: no completed, end() is empty', () => {
    const encoder = createStreamEncoder(basicRequest());
    let out = '';
    for (const part of ERROR) out += encoder.push(part);
    expect(encoder.push({ type: 'text-delta', choice: 0, text: 'more' })).toBe('');
    expect(encoder.end()).toBe('');
    const frames = framesOf(out);
    checkLadder(frames);
    expect(frames.at(-2)?.data).toEqual({ type: 'error', code: 'server_error', message: 'The server had an error while processing your request.', param: null, sequence_number: 5 });
    expect(terminalOf(frames)).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
  });

  it('ignores other choices, dialect events and redacted reasoning', () => {
    const noise: StreamPart[] = [
      { type: 'text-start', choice: 1 },
      { type: 'text-delta', choice: 1, text: 'other choice' },
      { type: 'text-end', choice: 1 },
      { type: 'dialect-event', choice: 0, dialect: 'anthropic-messages', raw: {} },
      { type: 'reasoning-redacted', choice: 0, data: 'opaque' },
    ];
    const withNoise = [...TEXT.slice(0, 5), ...noise, ...TEXT.slice(5)];
    expect(encode(withNoise)).toBe(encode(TEXT));
  });

  it('is what the official SDK accumulates, through responses.stream().finalResponse()', async () => {
    const body = encode(PARALLEL);
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: 'http://127.0.0.1:1/v1',
      maxRetries: 0,
      fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const final = await client.responses.stream({ model: 'gpt-4.1-mini', input: 'weather?' }).finalResponse();
    // (the SDK adds its own `parsed_arguments`)
    expect(final.output).toMatchObject(terminalOf(framesOf(body)).output);
    expect(final.status).toBe('completed');
    // And the accumulator, applied event by event, agrees with the completed response.
    let snapshot: any;
    const frames = framesOf(encode([...TEXT]));
    for (const frame of frames.slice(0, -1)) snapshot = accumulateResponse(frame.data, snapshot);
    expect(snapshot.output).toEqual(terminalOf(frames).output);
    expect(snapshot.output_text).toBe('Paris.');
  });

  /** Splits every delta into pieces of `size` characters, as a real upstream would stream them. */
  function splitDeltas(parts: StreamPart[], size: number): StreamPart[] {
    return parts.flatMap((part): StreamPart[] => {
      const text = part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'refusal-delta' ? part.text : part.type === 'tool-input-delta' ? part.delta : undefined;
      if (text === undefined || text.length <= size) return [part];
      const pieces: string[] = [];
      for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
      return pieces.map((piece) => (part.type === 'tool-input-delta' ? { ...part, delta: piece } : { ...part, text: piece }) as StreamPart);
    });
  }

  const contentPart: fc.Arbitrary<ContentPart> = fc.oneof(
    fc.record({ type: fc.constant('text' as const), text: fc.string({ maxLength: 12 }) }),
    fc.record({ type: fc.constant('refusal' as const), text: fc.string({ maxLength: 8 }) }),
    fc.record({ type: fc.constant('reasoning' as const), text: fc.string({ maxLength: 12 }), signature: fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: undefined }) }).map(
      ({ signature, ...part }) => (signature === undefined ? part : { ...part, signature }),
    ),
    fc.record({ type: fc.constant('tool-call' as const), id: fc.string({ minLength: 1, maxLength: 8 }), name: fc.constantFrom('f', 'g'), arguments: fc.json({ maxDepth: 1 }) }),
  );
  const finishReason: fc.Arbitrary<FinishReason> = fc.constantFrom<FinishReason>(STOP, TOOLS, { unified: 'length', raw: 'length' }, { unified: 'content-filter', raw: 'content_filter' }, { unified: 'other', raw: 'x' });

  it('ends any stream with what encodeResponse gives for the same response (property)', () => {
    const request = decodeRequest({ model: 'm', input: 'hi', include: ['reasoning.encrypted_content'], stream: true });
    fc.assert(
      fc.property(fc.array(contentPart, { maxLength: 8 }), finishReason, fc.option(fc.nat(50), { nil: undefined }), fc.integer({ min: 1, max: 5 }), (content, reason, tokens, size) => {
        const response = canonical(content, reason, tokens === undefined ? undefined : usage(tokens, tokens + 1), 'chatcmpl-prop1');
        const frames = framesOf(encode(splitDeltas(responseToParts(response), size), request));
        checkLadder(frames);
        expect(terminalOf(frames)).toEqual(encodeResponse(response, request));
        expect(replay(frames)).toEqual(terminalOf(frames).output);
      }),
      { numRuns: 200 },
    );
  });
});
