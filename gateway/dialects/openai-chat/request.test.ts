import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../../test/helpers/fixtures.js';
import { GatewayError } from '../../core/errors.js';
import { decodeRequest } from './decode-request.js';
import { encodeRequest } from './encode-request.js';

const target = (model: string) => ({ model, streamUsage: true, maxTokensField: 'max_tokens' as const });

function roundTrip(body: Record<string, unknown>): Record<string, unknown> {
  return encodeRequest(decodeRequest(body), target(String(body.model))).body;
}

function rejection(body: unknown): GatewayError {
  try {
    decodeRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

describe('openai-chat request codec', () => {
  it.each(['request-basic.json', 'request-tools.json', 'request-vision.json', 'request-json-schema.json', 'request-n2-logprobs.json', 'request-stream-usage.json'])(
    'round-trips %s losslessly (same dialect)',
    (name) => {
      const body = fixtureJson(`openai-chat/${name}`);
      expect(roundTrip(body)).toEqual(body);
    },
  );

  it('decodes the canonical fields', () => {
    const request = decodeRequest(fixtureJson('openai-chat/request-tools.json'));
    expect(request.stream).toBe(true);
    expect(request.streamUsage).toBe(true);
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool']);
    expect(request.messages[2]?.content).toEqual([
      { type: 'tool-call', id: 'call_fxA1b2C3d4E5f6G7h8', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_fxZ9y8X7w6V5u4T3s2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ]);
    expect(request.tools?.[0]).toMatchObject({ type: 'function', name: 'get_weather', strict: true });
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.parallelToolCalls).toBe(true);
  });

  it('splits data-URL images into media type and base64 data', () => {
    const request = decodeRequest(fixtureJson('openai-chat/request-vision.json'));
    const [, url, inline] = request.messages[0]?.content ?? [];
    expect(url).toEqual({ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' }, detail: 'auto' });
    expect(inline).toMatchObject({ type: 'image', source: { kind: 'base64', mediaType: 'image/png' } });
  });

  it('keeps unknown fields for OpenAI-family upstreams, at every level', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: 'ok', audio: { id: 'audio_1' } },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, x_vendor: 1 } }],
      logit_bias: { '50256': -100 },
      metadata: { run: '7' },
      service_tier: 'flex',
      prompt_cache_key: 'k',
      verbosity: 'low',
      stream: true,
      stream_options: { include_usage: false, include_obfuscation: false },
    };
    const out = roundTrip(body);
    expect(out).toEqual({ ...body, stream_options: { include_usage: true, include_obfuscation: false } });
  });

  it('keeps the client\'s max-tokens field; otherwise uses the provider default', () => {
    expect(roundTrip({ model: 'o3', messages: [{ role: 'user', content: 'x' }], max_tokens: 5 })).toMatchObject({ max_tokens: 5 });
    expect(roundTrip({ model: 'o3', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 5 })).toMatchObject({ max_completion_tokens: 5 });
    const canonical = { ...decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }), maxOutputTokens: 9 };
    expect(encodeRequest(canonical, { model: 'm', streamUsage: true, maxTokensField: 'max_completion_tokens' }).body).toMatchObject({ max_completion_tokens: 9 });
  });

  it('asks for stream usage only where the provider supports it', () => {
    const request = decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    expect(encodeRequest(request, target('m')).body.stream_options).toEqual({ include_usage: true });
    expect(encodeRequest(request, { ...target('m'), streamUsage: false }).body.stream_options).toBeUndefined();
    expect(request.streamUsage).toBe(false);
  });

  it('moves images out of tool results into a following user message', () => {
    const request = decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    request.messages.push(
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'shot', arguments: '{}' }] },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'done' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }] },
          { type: 'text', text: 'and?' },
        ],
      },
    );
    const { body, warnings } = encodeRequest(request, target('m'));
    expect((body.messages as unknown[]).slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: 'done' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
      { role: 'user', content: 'and?' },
    ]);
    expect(warnings).toHaveLength(1);
  });

  it.each([
    [{ model: 'm', messages: 'hi' }, 'messages', 'invalid_type'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: '10' }, 'max_tokens', 'invalid_type'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: 'true' }, 'stream', 'invalid_type'],
    [{ model: 'm', messages: [] }, 'messages', 'invalid_value'],
    [{ messages: [{ role: 'user', content: 'x' }] }, 'model', 'missing_required_parameter'],
    [{ model: 'm', messages: [{ role: 'system2', content: 'x' }] }, 'messages[0].role', 'invalid_value'],
    [{ model: 'm', messages: [{ role: 'user', content: null }] }, 'messages[0].content', 'invalid_type'],
    [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] }, 'messages[0].content[0].type', 'invalid_value'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 5 }, 'temperature', 'invalid_value'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 1.5 }, 'max_tokens', 'invalid_type'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: -5 }, 'max_tokens', 'invalid_value'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], api_base: 'http://evil.example' }, 'api_base', 'unsupported_parameter'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], base_url: 'http://evil.example' }, 'base_url', 'unsupported_parameter'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], api_key: 'sk-x' }, 'api_key', 'unsupported_parameter'],
  ])('rejects %j at %s', (body, param, code) => {
    const error = rejection(body);
    expect(error.kind).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.code).toBe(code);
    expect(error.message).toContain(param);
  });

  it('rejects a body that is not an object', () => {
    expect(rejection([1, 2]).status).toBe(400);
    expect(rejection('hi').status).toBe(400);
  });

  it('accepts null for optional parameters, as OpenAI does', () => {
    const request = decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: null, tools: null, stop: null, n: null });
    expect(request.temperature).toBeUndefined();
    expect(request.tools).toBeUndefined();
  });
});

describe('cache_control toward OpenAI-family providers', () => {
  it('keeps Anthropic-style breakpoints for providers that take them, warns for others', async () => {
    const { decodeRequest: decodeAnthropic } = await import('../anthropic-messages/decode-request.js');
    const request = decodeAnthropic(
      { model: 'm', max_tokens: 10, system: [{ type: 'text', text: 'long rules', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'hi' }] },
      { headers: {} },
    );
    const router = encodeRequest(request, { model: 'm', streamUsage: true, maxTokensField: 'max_tokens', cacheControl: true });
    expect((router.body.messages as any[])[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'long rules', cache_control: { type: 'ephemeral' } }] });
    const plain = encodeRequest(request, { model: 'm', streamUsage: true, maxTokensField: 'max_tokens' });
    expect((plain.body.messages as any[])[0]).toEqual({ role: 'system', content: 'long rules' });
    expect(plain.warnings).toEqual([expect.stringMatching(/cache_control dropped/)]);
  });
});
