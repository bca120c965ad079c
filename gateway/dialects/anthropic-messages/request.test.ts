import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../../test/helpers/fixtures.js';
import { decodeRequest as decodeOpenAI } from '../openai-chat/decode-request.js';
import { createSignatureCache } from '../signature-cache.js';
import { decodeRequest } from './decode-request.js';
import { defaultMaxTokens, encodeRequest } from './encode-request.js';

const headers = {};

describe('anthropic-messages request codec', () => {
  it.each(['request-basic.json', 'request-tools-cache-thinking.json'])('round-trips %s losslessly (same dialect)', (name) => {
    const body = fixtureJson(`anthropic/${name}`);
    const { body: encoded, warnings } = encodeRequest(decodeRequest(body, { headers }), String(body.model), createSignatureCache());
    expect(encoded).toEqual(body);
    expect(warnings).toEqual([]);
  });

  it('forwards anthropic-beta only to Anthropic, verbatim', () => {
    const request = decodeRequest(fixtureJson('anthropic/request-basic.json'), { headers: { 'anthropic-beta': 'context-management-2025-06-27,interleaved-thinking-2025-05-14' } });
    expect(encodeRequest(request, 'claude', createSignatureCache()).headers).toEqual({ 'anthropic-beta': 'context-management-2025-06-27,interleaved-thinking-2025-05-14' });
  });

  it('keeps unknown top-level fields and server-tool blocks for Anthropic upstreams', () => {
    const body = {
      model: 'claude-x',
      max_tokens: 100,
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      container: 'c1',
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
      messages: [
        { role: 'user', content: 'search' },
        { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } }, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] }] },
        { role: 'user', content: [{ type: 'text', text: 'thanks', citations: [] }] },
      ],
    };
    expect(encodeRequest(decodeRequest(body, { headers }), 'claude-x', createSignatureCache()).body).toEqual(body);
  });

  it('translates an OpenAI conversation into the shape the Messages API enforces', () => {
    const openai = fixtureJson('openai-chat/request-tools.json');
    const { body, warnings } = encodeRequest(decodeOpenAI(openai), 'claude-sonnet-4-5', createSignatureCache());
    expect(body.system).toEqual([{ type: 'text', text: 'You can call tools.' }]);
    expect(body.max_tokens).toBe(8192);
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Current weather for a city', input_schema: (openai.tools as any)[0].function.parameters, strict: true },
    ]);
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_fxA1b2C3d4E5f6G7h8', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_fxZ9y8X7w6V5u4T3s2', name: 'get_weather', input: { city: 'Tokyo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_fxA1b2C3d4E5f6G7h8', content: [{ type: 'text', text: '{"temp_c":18,"sky":"cloudy"}' }] },
          { type: 'tool_result', tool_use_id: 'call_fxZ9y8X7w6V5u4T3s2', content: [{ type: 'text', text: '{"temp_c":24,"sky":"clear"}' }] },
        ],
      },
    ]);
    expect(body.stream).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('sanitizes tool ids, drops empty text and unsigned reasoning, merges turns, clamps temperature', () => {
    const request = decodeOpenAI({
      model: 'm',
      temperature: 1.7,
      parallel_tool_calls: false,
      tool_choice: 'required',
      tools: [{ type: 'function', function: { name: 'Bash' } }],
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: '', reasoning_content: 'hmm', tool_calls: [{ id: 'functions.Bash:0', type: 'function', function: { name: 'Bash', arguments: 'not json' } }] },
        { role: 'tool', tool_call_id: 'functions.Bash:0', content: 'ok' },
        { role: 'system', content: 'late rule' },
      ],
    });
    const { body, warnings } = encodeRequest(request, 'claude-3-haiku-20240307', createSignatureCache());
    expect(body.max_tokens).toBe(4096);
    expect(body.temperature).toBe(1);
    expect(body.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(body.tools).toEqual([{ name: 'Bash', input_schema: { type: 'object', properties: {} } }]);
    expect(body.system).toEqual([{ type: 'text', text: 'late rule' }]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'functions_Bash_0', name: 'Bash', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'functions_Bash_0', content: [{ type: 'text', text: 'ok' }] }] },
    ]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/reasoning without an Anthropic signature/),
        expect.stringMatching(/arguments were not a JSON object/),
        expect.stringMatching(/temperature 1.7 clamped/),
        expect.stringMatching(/moved a system message/),
      ]),
    );
  });

  it('maps reasoning effort to a thinking budget that fits max_tokens, and what thinking forbids', () => {
    const request = decodeOpenAI({ model: 'm', max_completion_tokens: 3000, reasoning_effort: 'high', temperature: 0.5, tool_choice: 'required', tools: [{ type: 'function', function: { name: 'f' } }], messages: [{ role: 'user', content: 'x' }] });
    const { body, warnings } = encodeRequest(request, 'claude-sonnet-4-5', createSignatureCache());
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2999 });
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.temperature).toBeUndefined();
    expect(warnings.length).toBe(2);
    const tiny = encodeRequest(decodeOpenAI({ model: 'm', max_completion_tokens: 500, reasoning_effort: 'low', messages: [{ role: 'user', content: 'x' }] }), 'claude-sonnet-4-5', createSignatureCache());
    expect(tiny.body.thinking).toBeUndefined();
    expect(tiny.warnings[0]).toMatch(/no room/);
  });

  it('rejects what the API would reject, in its terms', () => {
    expect(() => decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { headers })).toThrow(/max_tokens/);
    expect(() => decodeRequest({ model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] }, { headers })).toThrow(/role/);
    expect(() => decodeRequest({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 3 }] }] }, { headers })).toThrow(GatewayErrorLike);
    expect(() => decodeRequest({ model: 'm', max_tokens: 5, base_url: 'http://evil', messages: [{ role: 'user', content: 'x' }] }, { headers })).toThrow(/base_url/);
  });

  it('defaults max_tokens by model generation', () => {
    expect(defaultMaxTokens('claude-3-opus-20240229')).toBe(4096);
    expect(defaultMaxTokens('claude-3-5-sonnet-20241022')).toBe(8192);
    expect(defaultMaxTokens('claude-opus-4-1')).toBe(8192);
  });
});

const GatewayErrorLike = /Invalid/;
