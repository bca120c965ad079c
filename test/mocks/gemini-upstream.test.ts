/**
 * Self-test of the mock Gemini upstream: the official `@google/genai` client must accept its answers
 * (text, streams with CRLF frames, function calls, thoughts, in-band and HTTP errors, countTokens,
 * models.list), and raw requests with the translation bugs the real API rejects must get its 400s.
 */
import { ApiError, GoogleGenAI, Type, type Content, type Tool } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_TEXT, MOCK_THOUGHT, MOCK_TOOL_ANSWER, startGeminiMock, type GeminiMock } from './gemini-upstream.js';

const KEY = 'mock-gemini-key-0123456789';
let mock: GeminiMock;
let ai: GoogleGenAI;

beforeAll(async () => {
  mock = await startGeminiMock({ apiKey: KEY });
  ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: mock.url } });
});
afterAll(async () => {
  await mock.close();
});

const weatherTool: Tool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING }, unit: { type: Type.STRING, enum: ['c', 'f'] } }, required: ['city'] },
    },
  ],
};

async function collect<T>(stream: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

/** Raw POST (the SDK may reshape bodies; these tests need exact wire bodies). */
async function post(model: string, body: unknown, rpc = 'generateContent'): Promise<{ status: number; json: any }> {
  const response = await fetch(`${mock.url}/v1beta/models/${model}:${rpc}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const user = (text: string) => ({ role: 'user', parts: [{ text }] });

describe('mock Gemini upstream with @google/genai', () => {
  it('answers generateContent with text, usage and the recorded request', async () => {
    const response = await ai.models.generateContent({ model: 'gemini-text', contents: 'Capital of France?', config: { systemInstruction: 'Be brief', temperature: 0.2 } });
    expect(response.text).toBe(MOCK_TEXT);
    expect(response.candidates?.[0]).toMatchObject({ finishReason: 'STOP', index: 0, content: { role: 'model', parts: [{ text: MOCK_TEXT }] } });
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 21, candidatesTokenCount: 9, totalTokenCount: 30, cachedContentTokenCount: 4 });
    expect(response.modelVersion).toBe('gemini-text-001');
    expect(response.responseId).toBe('gemMockResp001');
    const recorded = mock.requests.at(-1);
    expect(recorded?.path).toBe('/v1beta/models/gemini-text:generateContent');
    expect(recorded?.headers['x-goog-api-key']).toBe(KEY);
    expect(mock.lastBody()).toMatchObject({ systemInstruction: { parts: [{ text: 'Be brief' }] }, generationConfig: { temperature: 0.2 } });
  });

  it('streams text as CRLF-framed data-only chunks ending with finishReason STOP', async () => {
    const chunks = await collect(await ai.models.generateContentStream({ model: 'gemini-text', contents: 'Capital of France?' }));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe(MOCK_TEXT);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata?.totalTokenCount).toBe(30);
    expect(chunks[0]?.usageMetadata?.candidatesTokenCount).toBeLessThan(9); // running totals
    expect(mock.requests.at(-1)?.path).toBe('/v1beta/models/gemini-text:streamGenerateContent?alt=sse');

    const raw = await fetch(`${mock.url}/v1beta/models/gemini-text:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [user('hi')] }),
    });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    const text = await raw.text();
    const frames = text.split('\r\n\r\n');
    expect(frames.at(-1)).toBe('');
    expect(frames.slice(0, -1).every((frame) => frame.startsWith('data: {') && !frame.includes('\n'))).toBe(true);
    expect(text).not.toContain('event:');
  });

  it('returns a single function call (no id, finishReason STOP), streamed whole in one chunk', async () => {
    const response = await ai.models.generateContent({ model: 'gemini-tool', contents: 'Weather in Paris?', config: { tools: [weatherTool] } });
    expect(response.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');

    const chunks = await collect(await ai.models.generateContentStream({ model: 'gemini-tool', contents: 'Weather in Paris?', config: { tools: [weatherTool] } }));
    const withCalls = chunks.filter((chunk) => chunk.functionCalls);
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0]?.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
  });

  it('returns parallel function calls in one chunk, stream and not', async () => {
    const expected = [
      { name: 'get_weather', args: { city: 'Paris' } },
      { name: 'get_weather', args: { city: 'Tokyo', unit: 'c' } },
    ];
    const response = await ai.models.generateContent({ model: 'gemini-parallel', contents: 'Paris and Tokyo?', config: { tools: [weatherTool] } });
    expect(response.functionCalls).toEqual(expected);
    const chunks = await collect(await ai.models.generateContentStream({ model: 'gemini-parallel', contents: 'Paris and Tokyo?', config: { tools: [weatherTool] } }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.functionCalls).toEqual(expected);
    expect(chunks[0]?.candidates?.[0]?.finishReason).toBe('STOP');
  });

  it('returns thought summaries only with includeThoughts', async () => {
    const response = await ai.models.generateContent({ model: 'gemini-thinking', contents: 'Capital?', config: { thinkingConfig: { includeThoughts: true } } });
    expect(response.candidates?.[0]?.content?.parts?.[0]).toEqual({ text: MOCK_THOUGHT, thought: true });
    expect(response.text).toBe(MOCK_TEXT); // the SDK skips thought parts
    expect(response.usageMetadata).toMatchObject({ thoughtsTokenCount: 5, totalTokenCount: 35 });

    const chunks = await collect(await ai.models.generateContentStream({ model: 'gemini-thinking', contents: 'Capital?', config: { thinkingConfig: { includeThoughts: true } } }));
    expect(chunks[0]?.candidates?.[0]?.content?.parts?.[0]?.thought).toBe(true);

    const hidden = await ai.models.generateContent({ model: 'gemini-thinking', contents: 'Capital?' });
    expect(hidden.candidates?.[0]?.content?.parts).toEqual([{ text: MOCK_TEXT }]);
    expect(hidden.usageMetadata?.thoughtsTokenCount).toBe(5);
  });

  it('throws ApiError 503 on the in-band error after a first chunk', async () => {
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-error-midstream', contents: 'hi' })) received.push(chunk.text ?? '');
    })().catch((e: unknown) => e);
    expect(received).toEqual(['The capital of']);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
  });

  it('throws ApiError 429 with RetryInfo, and 400 API_KEY_INVALID for a wrong key', async () => {
    const error = await ai.models.generateContent({ model: 'gemini-429', contents: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    const body = JSON.parse((error as ApiError).message);
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' });

    const streamError = await ai.models.generateContentStream({ model: 'gemini-500', contents: 'hi' }).catch((e: unknown) => e);
    expect((streamError as ApiError).status).toBe(500);

    const wrongKey = new GoogleGenAI({ apiKey: 'nope', httpOptions: { baseUrl: mock.url } });
    const keyError = await wrongKey.models.generateContent({ model: 'gemini-text', contents: 'hi' }).catch((e: unknown) => e);
    expect((keyError as ApiError).status).toBe(400);
    expect((keyError as ApiError).message).toContain('API_KEY_INVALID');
  });

  it('reports prompt blocks, candidate safety blocks and MAX_TOKENS', async () => {
    const blocked = await ai.models.generateContent({ model: 'gemini-blocked', contents: 'hi' });
    expect(blocked.candidates).toBeUndefined();
    expect(blocked.promptFeedback?.blockReason).toBe('SAFETY');
    const safety = await ai.models.generateContent({ model: 'gemini-safety', contents: 'hi' });
    expect(safety.candidates?.[0]).toMatchObject({ finishReason: 'SAFETY', safetyRatings: [{ blocked: true }] });
    expect(safety.candidates?.[0]?.content).toBeUndefined();
    const truncated = await ai.models.generateContent({ model: 'gemini-max-tokens', contents: 'hi' });
    expect(truncated.text).toBe('The capital of France is');
    expect(truncated.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
  });

  it('counts tokens and lists models', async () => {
    const counted = await ai.models.countTokens({ model: 'gemini-text', contents: 'What is the capital of France?' });
    expect(counted.totalTokens).toBe(Math.ceil('What is the capital of France?'.length / 4));
    const names: string[] = [];
    for await (const model of await ai.models.list()) names.push(model.name ?? '');
    expect(names).toContain('models/gemini-text');
    expect(names).toContain('models/gemini-thinking-tool');
  });

  it('echoes a summary of the received request', async () => {
    const response = await ai.models.generateContent({
      model: 'gemini-echo',
      contents: [user('a'), { role: 'model', parts: [{ text: 'b' }] }, user('c')],
      config: { systemInstruction: 'sys', tools: [weatherTool], maxOutputTokens: 50 },
    });
    expect(JSON.parse(response.text ?? '')).toEqual({
      systemInstruction: 'sys',
      contents: 3,
      roles: ['user', 'model', 'user'],
      parts: [['text'], ['text'], ['text']],
      tools: ['get_weather'],
      toolConfig: null,
      generationConfig: { maxOutputTokens: 50 },
    });
  });

  it('replays a thinking tool turn with the issued signature (200) and answers with text', async () => {
    const first = await ai.models.generateContent({ model: 'gemini-thinking-tool', contents: 'Paris and Tokyo?', config: { tools: [weatherTool] } });
    const modelTurn = first.candidates?.[0]?.content as Content;
    const signature = modelTurn.parts?.[0]?.thoughtSignature;
    expect(signature).toBeTruthy();
    expect(modelTurn.parts?.[1]?.thoughtSignature).toBeUndefined();
    expect(mock.signatures.get(signature ?? '')).toBe('get_weather');
    const second = await ai.models.generateContent({
      model: 'gemini-thinking-tool',
      contents: [
        { role: 'user', parts: [{ text: 'Paris and Tokyo?' }] },
        modelTurn,
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { temp_c: 22 } } },
            { functionResponse: { name: 'get_weather', response: { temp_c: 18 } } },
          ],
        },
      ],
      config: { tools: [weatherTool] },
    });
    expect(second.text).toBe(MOCK_TOOL_ANSWER);
  });

  it('records requests aborted by the client', async () => {
    const controller = new AbortController();
    const stream = await ai.models.generateContentStream({ model: 'gemini-slow', contents: 'count', config: { abortSignal: controller.signal } });
    for await (const _chunk of stream) {
      controller.abort();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mock.aborted.at(-1)?.path).toContain('gemini-slow:streamGenerateContent');
  });
});

describe('mock Gemini upstream rejects what the real API rejects', () => {
  const call = (args: object, extra: object = {}) => ({ functionCall: { name: 'get_weather', args }, ...extra });
  const reply = (response: unknown = { temp_c: 18 }) => ({ functionResponse: { name: 'get_weather', response } });

  it('rejects JSON-Schema keywords in parameters but accepts them in parametersJsonSchema', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false };
    const bad = await post('gemini-tool', { contents: [user('hi')], tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: schema }] }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.status).toBe('INVALID_ARGUMENT');
    expect(bad.json.error.message).toBe(
      `Invalid JSON payload received. Unknown name "additionalProperties" at 'tools[0].function_declarations[0].parameters': Cannot find field.`,
    );
    const typeArray = await post('gemini-tool', {
      contents: [user('hi')],
      tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: ['string', 'null'] } } } }] }],
    });
    expect(typeArray.status).toBe(400);
    expect(typeArray.json.error.message).toContain('Proto field is not repeating, cannot start list.');
    const good = await post('gemini-tool', { contents: [user('hi')], tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: { $schema: 'x', ...schema } }] }] });
    expect(good.status).toBe(200);
    const both = await post('gemini-tool', { contents: [user('hi')], tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'OBJECT' }, parametersJsonSchema: schema }] }] });
    expect(both.status).toBe(400);
  });

  it('rejects OpenAI-style fields and unknown nested fields; accepts snake_case known fields', async () => {
    const topLevel = await post('gemini-text', { contents: [user('hi')], max_tokens: 10 });
    expect(topLevel.status).toBe(400);
    expect(topLevel.json.error.message).toBe('Invalid JSON payload received. Unknown name "max_tokens": Cannot find field.');
    const messages = await post('gemini-text', { messages: [{ role: 'user', content: 'hi' }], temperature: 0.5 });
    expect(messages.json.error.message.split('\n')).toHaveLength(2);
    const nested = await post('gemini-text', { contents: [user('hi')], generationConfig: { xyz: 1 } });
    expect(nested.json.error.message).toBe(`Invalid JSON payload received. Unknown name "xyz" at 'generation_config': Cannot find field.`);
    const snake = await post('gemini-text', { contents: [user('hi')], system_instruction: { parts: [{ text: 's' }] }, generation_config: { max_output_tokens: 10, thinking_config: { include_thoughts: false } } });
    expect(snake.status).toBe(200);
  });

  it('rejects bad contents, roles, parts and typed generationConfig values', async () => {
    expect((await post('gemini-text', { contents: [] })).status).toBe(400);
    expect((await post('gemini-text', { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] })).json.error.message).toBe('Please use a valid role: user, model.');
    expect((await post('gemini-text', { contents: [{ role: 'user', parts: [] }] })).status).toBe(400);
    expect((await post('gemini-text', { contents: [{ role: 'user', parts: [{ text: 'a', inlineData: { mimeType: 'image/png', data: 'AA==' } }] }] })).status).toBe(400);
    expect((await post('gemini-text', { contents: [{ role: 'user', parts: [{ thoughtSignature: 'AA==' }] }] })).status).toBe(400);
    expect((await post('gemini-text', { contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: 'data:image/png;base64,AA==' } }] }] })).status).toBe(400);
    expect((await post('gemini-text', { contents: [user('hi')], generationConfig: { temperature: 3 } })).status).toBe(400);
    expect((await post('gemini-text', { contents: [user('hi')], generationConfig: { maxOutputTokens: 1.5 } })).status).toBe(400);
    expect((await post('gemini-text', { contents: [user('hi')], generationConfig: { stopSequences: ['1', '2', '3', '4', '5', '6'] } })).status).toBe(400);
    expect((await post('gemini-text', { contents: [user('hi')], generationConfig: { responseJsonSchema: { type: 'object' } } })).status).toBe(400);
    expect((await post('gemini-text', { contents: [user('hi')], systemInstruction: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AA==' } }] } })).status).toBe(400);
    expect((await post('gemini-tool', { contents: [user('hi')], tools: [weatherTool], toolConfig: { functionCallingConfig: { mode: 'REQUIRED' } } })).status).toBe(400);
    expect((await post('gemini-tool', { contents: [user('hi')], tools: [weatherTool], toolConfig: { functionCallingConfig: { mode: 'AUTO', allowedFunctionNames: ['get_weather'] } } })).status).toBe(400);
    expect((await post('gemini-tool', { contents: [user('hi')], tools: [weatherTool], toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } } })).status).toBe(200);
  });

  it('rejects function responses that do not pair with the calls', async () => {
    const history = (responses: object[]) => ({ contents: [user('Paris and Tokyo?'), { role: 'model', parts: [call({ city: 'Paris' }), call({ city: 'Tokyo' })] }, { role: 'user', parts: responses }] });
    const mismatch = await post('gemini-parallel', history([reply()]));
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error).toEqual({
      code: 400,
      message: 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
      status: 'INVALID_ARGUMENT',
    });
    expect((await post('gemini-parallel', history([reply(), reply()]))).status).toBe(200);
    expect((await post('gemini-parallel', history([reply(), reply('sunny')]))).status).toBe(400);
    expect((await post('gemini-parallel', history([reply(), reply([1])]))).status).toBe(400);
    expect((await post('gemini-parallel', history([reply(), { functionResponse: { name: 'other', response: {} } }]))).status).toBe(400);
    // Results split over two user turns (a tool message per content) are rejected too.
    const split = { contents: [user('q'), { role: 'model', parts: [call({ city: 'Paris' }), call({ city: 'Tokyo' })] }, { role: 'user', parts: [reply()] }, { role: 'user', parts: [reply()] }] };
    expect((await post('gemini-parallel', split)).status).toBe(400);
  });

  it('requires the issued thought signature on replay, and rejects foreign ones', async () => {
    const first = await post('gemini-thinking-tool', { contents: [user('Paris and Tokyo?')], tools: [weatherTool] });
    const parts = first.json.candidates[0].content.parts;
    const signature = parts[0].thoughtSignature;
    expect(typeof signature).toBe('string');
    const replay = (modelParts: object[]) => ({ contents: [user('Paris and Tokyo?'), { role: 'model', parts: modelParts }, { role: 'user', parts: [reply(), reply()] }], tools: [weatherTool] });

    const missing = await post('gemini-thinking-tool', replay([call({ city: 'Paris' }), call({ city: 'Tokyo', unit: 'c' })]));
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain('Function call is missing a thought_signature in functionCall parts.');
    expect(missing.json.error.message).toContain('function call `default_api:get_weather` , position 2.');

    const foreign = await post('gemini-thinking-tool', replay([call({ city: 'Paris' }, { thoughtSignature: 'Zm9yZWlnbg==' }), call({ city: 'Tokyo', unit: 'c' })]));
    expect(foreign.status).toBe(400);

    const ok = await post('gemini-thinking-tool', replay(parts));
    expect(ok.status).toBe(200);
    expect(ok.json.candidates[0].content.parts).toEqual([{ text: MOCK_TOOL_ANSWER }]);
  });
});
