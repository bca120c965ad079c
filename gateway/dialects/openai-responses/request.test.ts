import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../../test/helpers/fixtures.js';
import { GatewayError } from '../../core/errors.js';
import { decodeRequest } from './decode-request.js';

function rejection(body: unknown): GatewayError {
  try {
    decodeRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

const user = (text: string) => ({ role: 'user', content: text });

describe('openai-responses request decoding', () => {
  it('decodes request-basic.json: instructions become a leading system message', () => {
    const request = decodeRequest(fixtureJson('openai-responses/request-basic.json'));
    expect(request).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Answer tersely.' }], extensions: { dialect: 'openai-responses', hints: { instructions: true } } },
        { role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] },
      ],
      maxOutputTokens: 128,
      stream: false,
      streamUsage: false,
      extensions: { dialect: 'openai-responses', fields: { store: false } },
    });
  });

  it('decodes request-tools-roundtrip.json: image, function call, output, tools and json_schema', () => {
    const request = decodeRequest(fixtureJson('openai-responses/request-tools-roundtrip.json'));
    expect(request.stream).toBe(true);
    // Responses always reports usage at the end of a stream.
    expect(request.streamUsage).toBe(true);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris?' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'auto' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_fxR1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_fxR1', content: [{ type: 'text', text: '{"temp_c":18}' }] }] },
    ]);
    expect(request.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: expect.objectContaining({ type: 'object', required: ['city'] }),
        strict: true,
      },
    ]);
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.responseFormat).toMatchObject({ type: 'json-schema', name: 'answer', strict: true, schema: { type: 'object' } });
    expect(request.extensions).toEqual({ dialect: 'openai-responses', fields: { store: false } });
  });

  it('gathers one assistant turn from adjacent items: reasoning, message, function calls', () => {
    const request = decodeRequest({
      model: 'm',
      input: [
        user('hi'),
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan.' }, { type: 'summary_text', text: 'Act.' }], encrypted_content: 'ENC' },
        { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
        { type: 'function_call', id: 'fc_1', call_id: 'c1', name: 'f', arguments: '{}', status: 'completed' },
        { type: 'function_call', call_id: 'c2', name: 'g', arguments: '{"a":1}' },
        { type: 'function_call_output', call_id: 'c1', output: 'one' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'two' }] },
        { type: 'reasoning', summary: [] , encrypted_content: 'ENC2' },
        { type: 'function_call', call_id: 'c3', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c3', output: 'three' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Done.' }] },
      ],
    });
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant', 'tool', 'assistant']);
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Plan.\n\nAct.', signature: 'ENC' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'c1', name: 'f', arguments: '{}', extensions: { dialect: 'openai-responses', fields: { id: 'fc_1', status: 'completed' } } },
        { type: 'tool-call', id: 'c2', name: 'g', arguments: '{"a":1}' },
      ],
      extensions: { dialect: 'openai-responses', fields: { id: 'msg_1', status: 'completed' } },
    });
    expect(request.messages[3]?.content).toEqual([{ type: 'tool-result', toolCallId: 'c2', content: [{ type: 'text', text: 'two' }] }]);
    expect(request.messages[4]?.content).toEqual([
      { type: 'reasoning', text: '', signature: 'ENC2' },
      { type: 'tool-call', id: 'c3', name: 'f', arguments: '{}' },
    ]);
    // Reasoning with nothing after it still belongs to an assistant turn.
    expect(request.messages[6]?.content).toEqual([{ type: 'reasoning', text: 'Done.' }]);
  });

  it('starts a new assistant message for each assistant message item and does not merge calls into a later one', () => {
    const request = decodeRequest({
      model: 'm',
      input: [
        user('hi'),
        { role: 'assistant', content: 'A' },
        { role: 'assistant', content: [{ type: 'output_text', text: 'B' }, { type: 'refusal', refusal: 'No.' }] },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { role: 'assistant', content: 'C' },
      ],
    });
    expect(request.messages.map((message) => message.content.map((part) => part.type))).toEqual([['text'], ['text'], ['text', 'refusal', 'tool-call'], ['text']]);
  });

  it('keeps developer messages as system messages with a hint, and unknown fields everywhere', () => {
    const request = decodeRequest({
      model: 'm',
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'Be brief.' }] },
        { role: 'system', content: 'Sys.' },
        { role: 'user', content: [{ type: 'input_text', text: 'hi', x_vendor: 1 }], phase: 'x' },
      ],
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' }, defer_loading: true }, { type: 'web_search' }],
      tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] },
      text: { format: { type: 'json_object' }, verbosity: 'low' },
      reasoning: { effort: 'high', summary: 'auto', generate_summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      metadata: { run: '7' },
      prompt_cache_key: 'k',
      service_tier: 'flex',
      top_logprobs: 3,
    });
    expect(request.messages[0]).toEqual({
      role: 'system',
      content: [{ type: 'text', text: 'Be brief.' }],
      extensions: { dialect: 'openai-responses', hints: { role: 'developer' } },
    });
    expect(request.messages[1]).toEqual({ role: 'system', content: [{ type: 'text', text: 'Sys.' }] });
    expect(request.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'hi', extensions: { dialect: 'openai-responses', fields: { x_vendor: 1 } } }],
      extensions: { dialect: 'openai-responses', fields: { phase: 'x' } },
    });
    expect(request.tools).toEqual([
      { type: 'function', name: 'f', parameters: { type: 'object' }, extensions: { dialect: 'openai-responses', fields: { defer_loading: true } } },
      { type: 'dialect', dialect: 'openai-responses', raw: { type: 'web_search' } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'dialect', dialect: 'openai-responses', raw: { type: 'allowed_tools', mode: 'auto', tools: [] } });
    expect(request.responseFormat).toEqual({ type: 'json' });
    expect(request.reasoning).toEqual({ effort: 'high', includeThoughts: true });
    // top_logprobs without logprobs in `include` is not a canonical request for logprobs.
    expect(request.logprobs).toBeUndefined();
    expect(request.extensions).toEqual({
      dialect: 'openai-responses',
      fields: {
        include: ['reasoning.encrypted_content'],
        metadata: { run: '7' },
        prompt_cache_key: 'k',
        service_tier: 'flex',
        text: { verbosity: 'low' },
        reasoning: { generate_summary: 'auto' },
        top_logprobs: 3,
      },
      hints: { reasoningSummary: 'auto' },
    });
  });

  it('maps function tool choice, logprobs through include, and files and images by id', () => {
    const request = decodeRequest({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_image', file_id: 'file-img', detail: 'low' },
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'original' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
            { type: 'input_file', file_id: 'file-1' },
            { type: 'input_file', file_url: 'https://example.com/b.pdf' },
          ],
        },
      ],
      tool_choice: { type: 'function', name: 'f' },
      include: ['message.output_text.logprobs'],
      top_logprobs: 2,
    });
    expect(request.toolChoice).toEqual({ type: 'tool', name: 'f' });
    expect(request.logprobs).toBe(true);
    expect(request.topLogprobs).toBe(2);
    expect(request.messages[0]?.content).toEqual([
      { type: 'file', fileId: 'file-img', extensions: { dialect: 'openai-responses', fields: { detail: 'low' }, hints: { inputImage: true } } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, extensions: { dialect: 'openai-responses', fields: { detail: 'original' } } },
      { type: 'file', data: 'JVBERi0=', mediaType: 'application/pdf', filename: 'a.pdf' },
      { type: 'file', fileId: 'file-1' },
      { type: 'file', url: 'https://example.com/b.pdf' },
    ]);
  });

  it('carries item types it does not model as dialect parts', () => {
    const call = { type: 'custom_tool_call', call_id: 'c', name: 'apply_patch', input: '*** Begin Patch' };
    const output = { type: 'custom_tool_call_output', call_id: 'c', output: 'ok' };
    const request = decodeRequest({ model: 'm', input: [user('hi'), call, output] });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'dialect', dialect: 'openai-responses', raw: call }] },
      { role: 'tool', content: [{ type: 'dialect', dialect: 'openai-responses', raw: output }] },
    ]);
  });

  it('refuses server-side state with a clear message (Signalbox is stateless)', () => {
    const error = rejection({ model: 'm', input: 'hi', previous_response_id: 'resp_123' });
    expect(error).toMatchObject({ kind: 'invalid_request', param: 'previous_response_id', code: 'unsupported_parameter' });
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/stateless/);
    expect(error.message).toMatch(/store: false/);
    expect(rejection({ model: 'm', input: 'hi', conversation: 'conv_1' }).param).toBe('conversation');
    const reference = rejection({ model: 'm', input: [user('hi'), { type: 'item_reference', id: 'msg_1' }] });
    expect(reference).toMatchObject({ kind: 'invalid_request', param: 'input[1]' });
    expect(reference.message).toMatch(/stateless/);
    // null means "not set"
    expect(decodeRequest({ model: 'm', input: 'hi', previous_response_id: null }).messages).toHaveLength(1);
  });

  it('reports the same param as OpenAI for a bad content part type (error-400.json)', () => {
    const expected = fixtureJson<{ error: { param: string; code: string } }>('openai-responses/error-400.json').error;
    const error = rejection({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_txt', text: 'x' }] }] });
    expect(error.param).toBe(expected.param);
    expect(error.code).toBe(expected.code);
  });

  it.each([
    [{ input: 'hi' }, 'model', 'missing_required_parameter'],
    [{ model: 'm' }, 'input', 'missing_required_parameter'],
    [{ model: 'm', input: 5 }, 'input', 'invalid_type'],
    [{ model: 'm', input: [] }, 'input', 'invalid_value'],
    [{ model: 'm', input: 'hi', max_output_tokens: '10' }, 'max_output_tokens', 'invalid_type'],
    [{ model: 'm', input: 'hi', max_output_tokens: 0 }, 'max_output_tokens', 'invalid_value'],
    [{ model: 'm', input: 'hi', stream: 'true' }, 'stream', 'invalid_type'],
    [{ model: 'm', input: 'hi', temperature: 5 }, 'temperature', 'invalid_value'],
    [{ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role', 'invalid_value'],
    [{ model: 'm', input: [{ role: 'user', content: null }] }, 'input[0].content', 'invalid_type'],
    [{ model: 'm', input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }] }, 'input[0].content[0].type', 'invalid_value'],
    [{ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id', 'missing_required_parameter'],
    [{ model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] }, 'input[0].arguments', 'invalid_type'],
    [{ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 5 }] }, 'input[0].output', 'invalid_type'],
    [{ model: 'm', input: [{ type: 'reasoning', summary: 'x' }] }, 'input[0].summary', 'invalid_type'],
    [{ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', detail: 'auto' }] }] }, 'input[0].content[0].image_url', 'missing_required_parameter'],
    [{ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', filename: 'a.pdf' }] }] }, 'input[0].content[0].file_data', 'missing_required_parameter'],
    [{ model: 'm', input: 'hi', tools: [{ type: 'function', parameters: {} }] }, 'tools[0].name', 'missing_required_parameter'],
    [{ model: 'm', input: 'hi', tool_choice: { type: 'function' } }, 'tool_choice.name', 'missing_required_parameter'],
    [{ model: 'm', input: 'hi', tool_choice: 'any' }, 'tool_choice', 'invalid_type'],
    [{ model: 'm', input: 'hi', text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema', 'missing_required_parameter'],
    [{ model: 'm', input: 'hi', reasoning: { effort: 'max' } }, 'reasoning.effort', 'invalid_value'],
    [{ model: 'm', input: 'hi', api_base: 'http://evil.example' }, 'api_base', 'unsupported_parameter'],
    [{ model: 'm', input: 'hi', api_key: 'sk-x' }, 'api_key', 'unsupported_parameter'],
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
    const request = decodeRequest({ model: 'm', input: 'hi', instructions: null, temperature: null, tools: null, text: null, reasoning: null, store: null });
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(request.temperature).toBeUndefined();
    expect(request.extensions).toBeUndefined();
  });
});
