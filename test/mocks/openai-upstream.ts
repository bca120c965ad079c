/**
 * A mock OpenAI-compatible provider speaking the real wire format — and rejecting malformed requests the
 * way the real API does (wrong key, unknown model, missing fields, unpaired tool messages, stream_options
 * without stream, max_tokens on reasoning models), so translation bugs surface as the errors they would
 * cause in production. Behaviour is chosen by model name (see SCENARIOS); every request is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface MockOptions {
  /** Key the mock accepts (`Authorization: Bearer …`). */
  apiKey: string;
  /** Models the mock serves (others → 404 model_not_found). Scenario models are always served. */
  models?: string[];
}

export interface MockUpstream {
  url: string;
  /** Base URL including `/v1`, as configured in Signalbox. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests whose connection was closed by the client before the mock finished answering. */
  aborted: RecordedRequest[];
  /** Last recorded chat/embeddings request body. */
  lastBody(): Record<string, unknown>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

const CREATED = 1767225600;
const FINGERPRINT = 'fp_mock01';
export const MOCK_TEXT = 'The capital of France is Paris.';

function openaiError(res: ServerResponse, status: number, message: string, type: string, code: string | null, param: string | null = null, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type, param, code } }));
}

function usage(prompt: number, completion: number, cached = 0, reasoning = 0): Json {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** Validation the real Chat Completions API performs (a subset that catches translation bugs). */
function validateChat(body: Json): { message: string; param: string | null; code: string | null } | undefined {
  if (typeof body.model !== 'string') return { message: "you must provide a model parameter", param: 'model', code: null };
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1.", param: 'messages', code: 'empty_array' };
  }
  const pendingToolCalls = new Set<string>();
  for (const [index, raw] of (body.messages as unknown[]).entries()) {
    const message = raw as Json;
    const role = message.role;
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(String(role))) {
      return { message: `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'tool', 'developer'.`, param: `messages[${index}].role`, code: 'invalid_value' };
    }
    if (role === 'tool') {
      const id = message.tool_call_id;
      if (typeof id !== 'string' || !pendingToolCalls.has(id)) {
        return { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: `messages.[${index}].role`, code: null };
      }
      pendingToolCalls.delete(id);
      continue;
    }
    if (pendingToolCalls.size) {
      return { message: "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'.", param: 'messages', code: null };
    }
    if (role === 'assistant') {
      for (const call of (message.tool_calls as Json[] | undefined) ?? []) pendingToolCalls.add(String(call.id));
      if (message.content === undefined && !message.tool_calls) return { message: `Missing required parameter: 'messages[${index}].content'.`, param: `messages[${index}].content`, code: 'missing_required_parameter' };
    } else if (message.content === undefined || message.content === null) {
      return { message: `Missing required parameter: 'messages[${index}].content'.`, param: `messages[${index}].content`, code: 'missing_required_parameter' };
    }
  }
  if (body.stream_options !== undefined && body.stream !== true) {
    return { message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: 'stream_options', code: null };
  }
  if (/^(o\d|gpt-5)/.test(body.model) && body.max_tokens !== undefined) {
    return { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", param: 'max_tokens', code: 'unsupported_parameter' };
  }
  return undefined;
}

interface Scenario {
  /** Non-streaming answer. */
  respond?: (body: Json, res: ServerResponse) => void;
  /** Streaming answer. */
  stream?: (body: Json, res: ServerResponse, req: IncomingMessage) => Promise<void> | void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
}

function chunkOf(body: Json, choices: Json[], extra: Json = {}): string {
  const includeUsage = (body.stream_options as Json | undefined)?.include_usage === true;
  const chunk: Json = { id: 'chatcmpl-mock1', object: 'chat.completion.chunk', created: CREATED, model: `${String(body.model)}-2025`, service_tier: 'default', system_fingerprint: FINGERPRINT, choices, ...extra };
  if (includeUsage && !('usage' in extra)) chunk.usage = null;
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function textWords(text: string): string[] {
  return text.split(/(?= )/);
}

function completion(body: Json, message: Json, finish: string, extraChoice: Json = {}): Json {
  return {
    id: 'chatcmpl-mock1',
    object: 'chat.completion',
    created: CREATED,
    model: `${String(body.model)}-2025`,
    choices: [{ index: 0, message: { role: 'assistant', refusal: null, annotations: [], ...message }, logprobs: null, finish_reason: finish, ...extraChoice }],
    usage: usage(21, 9, 4),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const WEATHER_CALLS = [
  { id: 'call_mockParis01', name: 'get_weather', args: ['{"ci', 'ty":"Pa', 'ris"}'] },
  { id: 'call_mockTokyo02', name: 'get_weather', args: ['{"city":', '"Tokyo","unit":"c"}'] },
];

function streamText(text: string, delayMs = 0, preamble = '') {
  return async (body: Json, res: ServerResponse): Promise<void> => {
    sseHead(res);
    if (preamble) res.write(preamble);
    res.write(chunkOf(body, [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]));
    for (const word of textWords(text)) {
      if (delayMs) await sleep(delayMs);
      if (res.destroyed) return;
      res.write(chunkOf(body, [{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }]));
    }
    res.write(chunkOf(body, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
    if ((body.stream_options as Json | undefined)?.include_usage) res.write(chunkOf(body, [], { usage: usage(21, 9, 4) }));
    res.end('data: [DONE]\n\n');
  };
}

function streamTools(calls: typeof WEATHER_CALLS) {
  return (body: Json, res: ServerResponse): void => {
    sseHead(res);
    res.write(chunkOf(body, [{ index: 0, delta: { role: 'assistant', content: null, refusal: null }, logprobs: null, finish_reason: null }]));
    calls.forEach((call, index) => {
      res.write(chunkOf(body, [{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, logprobs: null, finish_reason: null }]));
      for (const fragment of call.args) {
        res.write(chunkOf(body, [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: fragment } }] }, logprobs: null, finish_reason: null }]));
      }
    });
    res.write(chunkOf(body, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }]));
    if ((body.stream_options as Json | undefined)?.include_usage) res.write(chunkOf(body, [], { usage: usage(62, 30) }));
    res.end('data: [DONE]\n\n');
  };
}

function toolMessage(calls: typeof WEATHER_CALLS): Json {
  return {
    content: null,
    tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args.join('') } })),
  };
}

/**
 * `gpt-agent`: a small agent loop for the playground. With tools and a conversation that does not end in a
 * tool result, it calls the first declared tool (`{"city":"Paris"}`); after tool results it answers from them;
 * without tools it answers the last user message, counting the messages it got (multi-turn checks).
 */
function agentReply(body: Json): { message: Json; finish: string; calls?: typeof WEATHER_CALLS } {
  const messages = body.messages as Json[];
  const last = messages.at(-1) ?? {};
  const tools = Array.isArray(body.tools) ? (body.tools as Array<{ function?: { name?: unknown } }>) : [];
  if (last.role === 'tool') {
    return { message: { content: `Done: ${typeof last.content === 'string' ? last.content : JSON.stringify(last.content)}` }, finish: 'stop' };
  }
  const name = tools[0]?.function?.name;
  if (typeof name === 'string' && body.tool_choice !== 'none') {
    const calls = [{ id: `call_agent${String(messages.length).padStart(2, '0')}`, name, args: ['{"ci', 'ty":"Pa', 'ris"}'] }];
    return { message: toolMessage(calls), finish: 'tool_calls', calls };
  }
  const content = typeof last.content === 'string' ? last.content : '';
  return { message: { content: `Reply ${messages.filter((message) => message.role === 'user').length} to "${content}" (${messages.length} messages)` }, finish: 'stop' };
}

const LOGPROBS = (token: string): Json => ({ content: [{ token, logprob: -0.25, bytes: [...Buffer.from(token)], top_logprobs: [{ token, logprob: -0.25, bytes: [...Buffer.from(token)] }] }], refusal: null });

export const SCENARIOS: Record<string, Scenario> = {
  'gpt-test': {
    respond: (body, res) => sendJson(res, completion(body, { content: MOCK_TEXT }, 'stop')),
    stream: streamText(MOCK_TEXT),
  },
  'o3-mini': {
    respond: (body, res) => sendJson(res, completion(body, { content: 'Reasoned.' }, 'stop')),
    stream: streamText('Reasoned.'),
  },
  'gpt-slow': {
    respond: (body, res) => setTimeout(() => sendJson(res, completion(body, { content: 'slow' }, 'stop')), 600),
    stream: streamText('one two three four five six seven eight nine ten', 120),
  },
  'gpt-tool': {
    respond: (body, res) => sendJson(res, completion(body, toolMessage(WEATHER_CALLS.slice(0, 1)), 'tool_calls')),
    stream: streamTools(WEATHER_CALLS.slice(0, 1)),
  },
  'gpt-parallel': {
    respond: (body, res) => sendJson(res, completion(body, toolMessage(WEATHER_CALLS), 'tool_calls')),
    stream: streamTools(WEATHER_CALLS),
  },
  'gpt-agent': {
    respond: (body, res) => {
      const reply = agentReply(body);
      sendJson(res, completion(body, reply.message, reply.finish));
    },
    stream: (body, res) => {
      const reply = agentReply(body);
      return reply.calls ? streamTools(reply.calls)(body, res) : streamText(String(reply.message.content))(body, res);
    },
  },
  'gpt-n': {
    respond: (body, res) => {
      const n = typeof body.n === 'number' ? body.n : 1;
      const choices = Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content: `Answer ${index}`, refusal: null, annotations: [] },
        logprobs: body.logprobs ? LOGPROBS(`Answer ${index}`) : null,
        finish_reason: 'stop',
      }));
      sendJson(res, { ...completion(body, {}, 'stop'), choices });
    },
    stream: (body, res) => {
      sseHead(res);
      const n = typeof body.n === 'number' ? body.n : 1;
      for (let index = 0; index < n; index++) res.write(chunkOf(body, [{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
      for (let index = 0; index < n; index++) {
        res.write(chunkOf(body, [{ index, delta: { content: `Answer ${index}` }, logprobs: body.logprobs ? LOGPROBS(`Answer ${index}`) : null, finish_reason: null }]));
      }
      for (let index = 0; index < n; index++) res.write(chunkOf(body, [{ index, delta: {}, logprobs: null, finish_reason: 'stop' }]));
      res.end('data: [DONE]\n\n');
    },
  },
  'gpt-reasoning': {
    respond: (body, res) => sendJson(res, completion(body, { content: 'Answer.', reasoning_content: 'Thinking it over.' }, 'stop')),
    stream: (body, res) => {
      sseHead(res);
      res.write(chunkOf(body, [{ index: 0, delta: { role: 'assistant', content: null, reasoning_content: '' }, logprobs: null, finish_reason: null }]));
      for (const piece of ['Thinking', ' it over.']) res.write(chunkOf(body, [{ index: 0, delta: { reasoning_content: piece }, logprobs: null, finish_reason: null }]));
      res.write(chunkOf(body, [{ index: 0, delta: { content: 'Answer.' }, logprobs: null, finish_reason: 'stop' }]));
      res.end('data: [DONE]\n\n');
    },
  },
  'gpt-error-midstream': {
    stream: (body, res) => {
      sseHead(res);
      res.write(chunkOf(body, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
      res.write(chunkOf(body, [{ index: 0, delta: { content: 'The capital' }, logprobs: null, finish_reason: null }]));
      res.end(`data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } })}\n\n`);
    },
  },
  'gpt-error-first': {
    stream: (_body, res) => {
      sseHead(res);
      res.end(`data: ${JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } })}\n\n`);
    },
  },
  'gpt-truncated': {
    stream: (body, res) => {
      sseHead(res);
      res.write(chunkOf(body, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
      res.end(chunkOf(body, [{ index: 0, delta: { content: 'The cap' }, logprobs: null, finish_reason: null }]));
    },
  },
  'gpt-bad-json': {
    stream: (body, res) => {
      sseHead(res);
      res.write(chunkOf(body, [{ index: 0, delta: { role: 'assistant', content: 'x' }, logprobs: null, finish_reason: null }]));
      res.end('data: {"id": oops}\n\n');
    },
  },
  'gpt-comments': { stream: streamText('kept alive', 0, ': OPENROUTER PROCESSING\n\n') },
  'gpt-json-for-stream': {
    // Ignores stream:true and answers with one JSON body, as some servers do.
    stream: (body, res) => sendJson(res, completion(body, { content: MOCK_TEXT }, 'stop')),
  },
  'gpt-429': { respond: (_b, res) => openaiError(res, 429, 'Rate limit reached for gpt-4.1-mini on tokens per min (TPM): Limit 200000. Please try again in 7s.', 'tokens', 'rate_limit_exceeded', null, { 'retry-after': '7', 'x-ratelimit-remaining-tokens': '0' }) },
  'gpt-quota': { respond: (_b, res) => openaiError(res, 429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota') },
  'gpt-500': { respond: (_b, res) => openaiError(res, 500, 'The server had an error while processing your request.', 'server_error', null) },
  'gpt-503': { respond: (_b, res) => openaiError(res, 503, 'The engine is currently overloaded, please try again later.', 'server_error', null) },
  'gpt-400-context': { respond: (_b, res) => openaiError(res, 400, "This model's maximum context length is 128000 tokens.", 'invalid_request_error', 'context_length_exceeded', 'messages') },
  'gpt-html': {
    respond: (_b, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>');
    },
  },
  'gpt-redirect': {
    respond: (_b, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:9/steal' });
      res.end();
    },
  },
  'gpt-hang': { respond: () => undefined, stream: () => undefined },
  'gpt-huge': {
    respond: (body, res) => sendJson(res, completion(body, { content: 'x'.repeat(3 * 1024 * 1024) }, 'stop')),
  },
  'gpt-leaky': {
    // A provider error message that echoes the key it was given.
    respond: (_b, res) => openaiError(res, 400, 'Bad key format near mock-provider-key-0123456789', 'invalid_request_error', null),
  },
};

function embeddingFor(text: string, dimensions: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < dimensions; i++) out.push(Math.fround(((text.charCodeAt(i % text.length) || 1) * (i + 1)) / 1000));
  return out;
}

function floatsToBase64(values: number[]): string {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString('base64');
}

function handleEmbeddings(body: Json, res: ServerResponse): void {
  if (typeof body.model !== 'string') return openaiError(res, 400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? (body.input as unknown[]).map(String) : null;
  if (!inputs || inputs.length === 0) return openaiError(res, 400, "'input' must be a non-empty string or array", 'invalid_request_error', null, 'input');
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 8;
  // `embed-float-only` ignores encoding_format, as some OpenAI-compatible servers do.
  const base64 = body.encoding_format === 'base64' && body.model !== 'embed-float-only';
  const data = inputs.map((input, index) => {
    const vector = embeddingFor(input, dimensions);
    return { object: 'embedding', index, embedding: base64 ? floatsToBase64(vector) : vector };
  });
  sendJson(res, { object: 'list', data, model: String(body.model), usage: { prompt_tokens: inputs.length * 2, total_tokens: inputs.length * 2 } });
}

export async function startMockUpstream(options: MockOptions): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  const aborted: RecordedRequest[] = [];
  const served = new Set([...(options.models ?? []), ...Object.keys(SCENARIOS), 'text-embedding-3-small', 'embed-float-only']);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return openaiError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
      }
      const record: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) aborted.push(record);
      });
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return openaiError(res, 401, 'Incorrect API key provided: sk-mo***key. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key');
      }
      if (req.method === 'GET' && path === '/v1/models') {
        return sendJson(res, { object: 'list', data: [...served].map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'mock' })) });
      }
      if (req.method !== 'POST') return openaiError(res, 404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
      if (req.headers['content-type'] !== 'application/json') return openaiError(res, 400, 'Unsupported content type', 'invalid_request_error', null);
      const json = (body ?? {}) as Json;
      if (path === '/v1/embeddings') return handleEmbeddings(json, res);
      if (path !== '/v1/chat/completions') return openaiError(res, 404, `Unknown request URL: POST ${path}.`, 'invalid_request_error', 'unknown_url');
      const problem = validateChat(json);
      if (problem) return openaiError(res, 400, problem.message, 'invalid_request_error', problem.code, problem.param);
      const model = String(json.model);
      if (!served.has(model)) return openaiError(res, 404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
      const scenario = SCENARIOS[model] ?? SCENARIOS['gpt-test'];
      if (json.stream === true && scenario?.stream) return void scenario.stream(json, res, req);
      if (scenario?.respond) return scenario.respond(json, res);
      return openaiError(res, 400, 'This mock scenario only streams.', 'invalid_request_error', null);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    aborted,
    lastBody() {
      const last = [...requests].reverse().find((request) => request.method === 'POST');
      return (last?.body ?? {}) as Record<string, unknown>;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
