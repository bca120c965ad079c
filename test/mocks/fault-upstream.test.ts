/**
 * Self-test of the fault-injection upstream: every step kind is driven with plain fetch / node:net and
 * checked for what a client actually observes (statuses, bodies, headers, SSE framing, RST vs FIN,
 * stalls, keep-alive comments, socket accounting).
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_TEXT, openaiErrorBody, refusedBaseUrl, startFaultUpstream, type FaultUpstream } from './fault-upstream.js';

const KEY = 'sk-fault-key-0123456789';
const ask = [{ role: 'user', content: 'Hello?' }];
let mock: FaultUpstream;

beforeAll(async () => {
  mock = await startFaultUpstream({ apiKey: KEY });
});
afterAll(async () => {
  await mock.close();
});

function post(body: unknown, init: { key?: string | null; signal?: AbortSignal; redirect?: RequestInit['redirect']; raw?: string; base?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? KEY}`;
  return fetch(`${init.base ?? mock.baseUrl}/chat/completions`, {
    method: 'POST',
    headers,
    body: init.raw ?? JSON.stringify(body),
    signal: init.signal,
    redirect: init.redirect,
  });
}

const chat = (model: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ model, messages: ask, ...extra });

async function until(condition: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface SseBlock {
  at: number;
  text: string;
}

/** Reads an SSE body to its end, stamping each blank-line-terminated block with its arrival time. */
async function readSse(response: Response): Promise<SseBlock[]> {
  const blocks: SseBlock[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(piece, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      blocks.push({ at: Date.now(), text: buffer.slice(0, cut) });
      buffer = buffer.slice(cut + 2);
    }
  }
  if (buffer) blocks.push({ at: Date.now(), text: buffer });
  return blocks;
}

const dataOf = (blocks: SseBlock[]): string[] => blocks.filter((block) => block.text.startsWith('data: ')).map((block) => block.text.slice(6));
const chunksOf = (blocks: SseBlock[]): any[] => dataOf(blocks).filter((data) => data !== '[DONE]').map((data) => JSON.parse(data));

/** A raw HTTP/1.1 client on node:net, so RST (ECONNRESET on read) and FIN are told apart. */
class RawClient {
  text = '';
  error: NodeJS.ErrnoException | undefined;
  ended = false;
  closed = false;
  lastDataAt = 0;
  readonly socket: Socket;

  constructor(url: string, body: unknown, key = KEY) {
    const { hostname, port } = new URL(url);
    const payload = JSON.stringify(body);
    this.socket = connect(Number(port), hostname);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (data: string) => {
      this.text += data;
      this.lastDataAt = Date.now();
    });
    this.socket.on('error', (error: NodeJS.ErrnoException) => (this.error = error));
    this.socket.on('end', () => (this.ended = true));
    this.socket.on('close', () => (this.closed = true));
    this.socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
    );
  }

  done(timeoutMs = 2000): Promise<void> {
    return until(() => this.closed, timeoutMs, 'raw socket close');
  }
}

describe('fault upstream: requests and ok answers', () => {
  it('answers an unscripted model with a real chat.completion', async () => {
    const response = await post(chat('m-plain'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const json: any = await response.json();
    expect(json).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'm-plain',
      choices: [{ index: 0, message: { role: 'assistant', content: FAULT_TEXT, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
      usage: expect.objectContaining({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) }),
      system_fingerprint: null,
      service_tier: 'default',
    });
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
    const call = mock.callsFor('m-plain')[0];
    expect(call).toMatchObject({ model: 'm-plain', stream: false, body: chat('m-plain'), kind: 'ok' });
    expect(call?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call?.closedAt).toBeUndefined();
  });

  it('streams an ok answer as word deltas with the usage chunk and [DONE]', async () => {
    mock.script('m-ok-stream', [{ kind: 'ok', text: 'one two three' }]);
    const response = await post(chat('m-ok-stream', { stream: true, stream_options: { include_usage: true } }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const blocks = await readSse(response);
    const data = dataOf(blocks);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = chunksOf(blocks);
    for (const chunk of chunks) {
      expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices', 'usage']);
      expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model: 'm-ok-stream', system_fingerprint: null, id: chunks[0].id });
    }
    expect(chunks[0].choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
    expect(chunks.slice(1, 4).map((chunk) => chunk.choices[0].delta.content)).toEqual(['one', ' two', ' three']);
    expect(chunks[4].choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    expect(chunks[4].usage).toBeNull();
    expect(chunks[5].choices).toEqual([]);
    expect(chunks[5].usage).toMatchObject({ completion_tokens: 3 });
    expect(chunks).toHaveLength(6);
    expect(mock.callsFor('m-ok-stream')[0]?.stream).toBe(true);
  });

  it('omits the usage field and chunk without include_usage', async () => {
    const chunks = chunksOf(await readSse(await post(chat('m-ok-stream-nousage', { stream: true }))));
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(FAULT_TEXT);
  });

  it('delays the headers of an ok answer', async () => {
    mock.script('m-delay', [{ kind: 'ok', delayHeadersMs: 60 }]);
    const started = Date.now();
    const response = await post(chat('m-delay'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(response.status).toBe(200);
    await response.json();
  });

  it('rejects a wrong or missing key with 401 invalid_api_key, without consuming a step', async () => {
    mock.script('m-auth', [{ kind: 'status', status: 500 }, { kind: 'ok' }]);
    for (const key of ['sk-wrong', null]) {
      const response = await post(chat('m-auth'), { key });
      expect(response.status).toBe(401);
      const json: any = await response.json();
      expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', param: null });
    }
    expect((await post(chat('m-auth'))).status).toBe(500);
    expect(mock.callsFor('m-auth').map((call) => call.kind)).toEqual([undefined, undefined, 'status']);
  });

  it('rejects invalid bodies like the real API', async () => {
    const notJson = await post(undefined, { raw: '{"model": ' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/parse the JSON body/) });

    const noModel = await post({ messages: ask });
    expect(noModel.status).toBe(400);
    expect(((await noModel.json()) as any).error).toMatchObject({ type: 'invalid_request_error', param: 'model' });

    const empty = await post({ model: 'm-invalid', messages: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as any).error).toMatchObject({ type: 'invalid_request_error', param: 'messages', code: 'empty_array' });

    const missing = await post({ model: 'm-invalid' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).error).toMatchObject({ param: 'messages', code: 'missing_required_parameter' });
  });

  it('answers unknown paths with 404 unknown_url and lists scripted models', async () => {
    const unknown = await fetch(`${mock.baseUrl}/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error).toMatchObject({ type: 'invalid_request_error', code: 'unknown_url', param: null });

    mock.script('m-listed', [{ kind: 'ok' }]);
    const models = await fetch(`${mock.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(models.status).toBe(200);
    const list: any = await models.json();
    expect(list.object).toBe('list');
    expect(list.data).toContainEqual({ id: 'm-listed', object: 'model', created: expect.any(Number), owned_by: 'fault-upstream' });
    expect((await fetch(`${mock.baseUrl}/models`)).status).toBe(401);
  });
});

describe('fault upstream: scripts', () => {
  it('consumes steps in order, repeats the last one, and counts calls per model', async () => {
    mock.script('m-seq', [{ kind: 'status', status: 429 }, { kind: 'status', status: 503 }, { kind: 'ok', text: 'fine' }]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await post(chat('m-seq'));
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([429, 503, 200, 200, 200]);
    expect(mock.callsFor('m-seq')).toHaveLength(5);
    expect(mock.callsFor('m-seq').map((call) => call.kind)).toEqual(['status', 'status', 'ok', 'ok', 'ok']);
    expect(mock.calls.filter((call) => call.model === 'm-seq')).toHaveLength(5);

    mock.script('m-seq', [{ kind: 'status', status: 500 }]);
    expect((await post(chat('m-seq'))).status).toBe(500);
    expect((await post(chat('m-seq'))).status).toBe(500);
    expect(mock.callsFor('m-seq')).toHaveLength(7);
  });

  it('refuses an empty script', () => {
    expect(() => mock.script('m-empty', [])).toThrow(RangeError);
  });
});

describe('fault upstream: error answers', () => {
  it.each([
    [429, 'requests', 'rate_limit_exceeded'],
    [500, 'server_error', null],
    [503, 'server_error', null],
    [400, 'invalid_request_error', null],
    [401, 'invalid_request_error', 'invalid_api_key'],
    [529, 'overloaded_error', null],
  ])('answers status %i with the default OpenAI error body', async (status, type, code) => {
    const model = `m-status-${status}`;
    mock.script(model, [{ kind: 'status', status }]);
    const response = await post(chat(model));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    const json: any = await response.json();
    expect(json).toEqual({ error: { message: expect.any(String), type, param: null, code } });
    if (status === 503) expect(json.error.message).toMatch(/overloaded/);
    expect(json).toEqual(openaiErrorBody(status, model));
  });

  it('sends a custom json body and headers', async () => {
    mock.script('m-custom', [{ kind: 'status', status: 429, json: { error: { message: 'slow down', type: 'tokens', param: null, code: 'rate_limit_exceeded' } }, headers: { 'Retry-After': '2', 'x-ratelimit-remaining-tokens': '0' } }]);
    const response = await post(chat('m-custom'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(await response.json()).toEqual({ error: { message: 'slow down', type: 'tokens', param: null, code: 'rate_limit_exceeded' } });
  });

  it('sends an HTML error page', async () => {
    mock.script('m-html', [{ kind: 'html', status: 502 }]);
    const response = await post(chat('m-html'));
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await response.text();
    expect(text).toContain('<html>');
    expect(text).toMatch(/<script>.*<\/script>/);
  });

  it('redirects with 302 and Location', async () => {
    mock.script('m-redirect', [{ kind: 'redirect', location: 'http://127.0.0.1:9/steal' }]);
    const response = await post(chat('m-redirect'), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:9/steal');
  });

  it('sends a huge JSON completion of exactly the requested size', async () => {
    const bytes = 2 * 1024 * 1024;
    mock.script('m-huge', [{ kind: 'huge', bytes }]);
    const response = await post(chat('m-huge'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bytes));
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBe(bytes);
    const json: any = JSON.parse(text);
    expect(json.object).toBe('chat.completion');
    expect(json.choices[0].message.content).toMatch(/^x+$/);
  });

  it('resets the connection (RST, not FIN) after reading the request, without any response', async () => {
    mock.script('m-reset', [{ kind: 'reset' }]);
    const client = new RawClient(mock.url, chat('m-reset'));
    await client.done();
    expect(client.text).toBe('');
    expect(client.error?.code).toBe('ECONNRESET');
    expect(client.error?.syscall).toBe('read');
    const call = mock.callsFor('m-reset')[0];
    expect(call?.kind).toBe('reset');
    expect(call?.closedAt).toBeUndefined();
  });

  it('a reset is seen by fetch as a network error', async () => {
    mock.script('m-reset-fetch', [{ kind: 'reset' }]);
    const failure: any = await post(chat('m-reset-fetch')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.cause?.code).toBe('ECONNRESET');
  });
});

describe('fault upstream: hangs and client closes', () => {
  it('hangs until the client aborts, then records closedAt and waitForClientClose resolves', async () => {
    mock.script('m-hang', [{ kind: 'hang' }]);
    const controller = new AbortController();
    const pending = post(chat('m-hang'), { signal: controller.signal });
    await until(() => mock.callsFor('m-hang').length === 1, 2000, 'the hang request');
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toThrow(/abort/i);
    const closed = await mock.waitForClientClose('m-hang', 1, 2000);
    expect(closed).toHaveLength(1);
    const call = closed[0]!;
    expect(call.closedAt).toBeGreaterThanOrEqual(call.at + 25);
  });

  it('waitForClientClose rejects after its timeout', async () => {
    await expect(mock.waitForClientClose('m-never-closed', 1, 30)).rejects.toThrow(/0\/1 client close/);
  });

  it('waitForClientClose resolves immediately when enough closes are already recorded', async () => {
    await expect(mock.waitForClientClose('m-hang', 1, 10)).resolves.toHaveLength(1);
  });

  it('counts open connections and returns to 0 once the client closes', async () => {
    const own = await startFaultUpstream({ apiKey: KEY });
    try {
      own.script('m-hang', [{ kind: 'hang' }]);
      expect(own.openConnections()).toBe(0);
      const requests = [1, 2].map(() => {
        const req = httpRequest(`${own.baseUrl}/chat/completions`, { method: 'POST', agent: false, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } });
        req.on('error', () => undefined);
        req.end(JSON.stringify(chat('m-hang')));
        return req;
      });
      await until(() => own.callsFor('m-hang').length === 2, 2000, 'two hanging calls');
      expect(own.openConnections()).toBe(2);
      for (const req of requests) req.destroy();
      await until(() => own.openConnections() === 0, 2000, 'connections to close');
      await expect(own.waitForClientClose('m-hang', 2, 1000)).resolves.toHaveLength(2);

      // A completed answer on a non-keep-alive connection leaves nothing open either.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${own.baseUrl}/chat/completions`, { method: 'POST', agent: false, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(JSON.stringify(chat('m-ok')));
      });
      expect(status).toBe(200);
      await until(() => own.openConnections() === 0, 2000, 'connections to close');
      expect(own.callsFor('m-ok')[0]?.closedAt).toBeUndefined();
    } finally {
      await own.close();
    }
  });
});

describe('fault upstream: scripted streams', () => {
  it('streams deltas at intervals with keep-alive comments between them, then finishes', async () => {
    mock.script('m-stream-done', [{ kind: 'stream', deltas: ['a', 'b', 'c'], intervalMs: 40, pingEveryMs: 15, then: 'done' }]);
    const started = Date.now();
    const response = await post(chat('m-stream-done', { stream: true, stream_options: { include_usage: true } }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const blocks = await readSse(response);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    const kinds = blocks.map((block) => (block.text === ': keep-alive' ? 'ping' : block.text === 'data: [DONE]' ? 'done' : 'data'));
    // role, then [pings…, delta] ×3, then finish, usage, [DONE]
    const firstDelta = kinds.indexOf('data', 1);
    expect(kinds[0]).toBe('data');
    expect(kinds.slice(1, firstDelta)).toContain('ping');
    expect(kinds.slice(-3)).toEqual(['data', 'data', 'done']);
    const dataIndexes = kinds.flatMap((kind, index) => (kind === 'data' ? [index] : []));
    for (let i = 1; i < 4; i++) expect(dataIndexes[i]! - dataIndexes[i - 1]!).toBeGreaterThan(1); // pings between chunks
    const chunks = chunksOf(blocks);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null)).toEqual(['', 'a', 'b', 'c', null, null]);
    expect(chunks[4].choices[0].finish_reason).toBe('stop');
    expect(chunks[5].usage).toMatchObject({ completion_tokens: 3 });
  });

  it('pings for pingForMs before any data', async () => {
    mock.script('m-stream-ping', [{ kind: 'stream', deltas: ['x'], pingEveryMs: 15, pingForMs: 120, then: 'done' }]);
    const started = Date.now();
    const response = await post(chat('m-stream-ping', { stream: true }));
    expect(Date.now() - started).toBeLessThan(100); // headers are flushed before the pings
    const blocks = await readSse(response);
    const firstData = blocks.findIndex((block) => block.text.startsWith('data: '));
    expect(firstData).toBeGreaterThanOrEqual(2); // nominally 7 pings; fewer when timers drift under load
    expect(blocks.slice(0, firstData).every((block) => block.text === ': keep-alive')).toBe(true);
    expect(blocks[firstData]!.at - started).toBeGreaterThanOrEqual(115);
    expect(dataOf(blocks).at(-1)).toBe('[DONE]');
  });

  it("'reset' sends the deltas, then a TCP RST", async () => {
    mock.script('m-stream-reset', [{ kind: 'stream', deltas: ['alpha', 'beta'], then: 'reset' }]);
    const client = new RawClient(mock.url, chat('m-stream-reset', { stream: true }));
    await client.done();
    expect(client.text).toMatch(/^HTTP\/1\.1 200/);
    expect(client.text).toContain('"content":"alpha"');
    expect(client.text).toContain('"content":"beta"');
    expect(client.text).not.toContain('[DONE]');
    expect(client.error?.code).toBe('ECONNRESET');
    expect(client.error?.syscall).toBe('read');
    expect(mock.callsFor('m-stream-reset')[0]?.closedAt).toBeUndefined();
  });

  it("'stall' sends the deltas, then nothing while keeping the connection open", async () => {
    mock.script('m-stream-stall', [{ kind: 'stream', deltas: ['alpha', 'omega'], then: 'stall' }]);
    const client = new RawClient(mock.url, chat('m-stream-stall', { stream: true }));
    await until(() => client.text.includes('"content":"omega"'), 2000, 'the last delta');
    const seen = client.text.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.text.length).toBe(seen);
    expect(client.closed).toBe(false);
    expect(client.ended).toBe(false);
    expect(client.error).toBeUndefined();
    client.socket.destroy();
    const [call] = await mock.waitForClientClose('m-stream-stall', 1, 2000);
    expect(call?.closedAt).toBeGreaterThanOrEqual(call!.at + 190);
  });

  it("'no-terminator' ends the response cleanly without finish_reason or [DONE]", async () => {
    mock.script('m-stream-noterm', [{ kind: 'stream', deltas: ['alpha'], then: 'no-terminator' }]);
    const client = new RawClient(mock.url, chat('m-stream-noterm', { stream: true }));
    await client.done();
    expect(client.error).toBeUndefined();
    expect(client.ended).toBe(true);
    expect(client.text).toContain('"content":"alpha"');
    expect(client.text).toMatch(/\r\n0\r\n\r\n$/); // terminating chunk: a complete HTTP response
    expect(client.text).not.toContain('[DONE]');
    expect(client.text).not.toContain('"finish_reason":"stop"');

    const blocks = await readSse(await post(chat('m-stream-noterm', { stream: true })));
    expect(chunksOf(blocks).map((chunk) => chunk.choices[0].finish_reason)).toEqual([null, null]);
    expect(dataOf(blocks)).not.toContain('[DONE]');
  });

  it("'bad-json' ends with an unparseable data line", async () => {
    mock.script('m-stream-bad', [{ kind: 'stream', deltas: ['a'], then: 'bad-json' }]);
    const data = dataOf(await readSse(await post(chat('m-stream-bad', { stream: true }))));
    expect(data.at(-1)).toBe('{"id": oops}');
    expect(() => JSON.parse(data.at(-1)!)).toThrow();
    expect(data).not.toContain('[DONE]');
  });

  it("'error-event' ends with an OpenAI error event", async () => {
    mock.script('m-stream-error', [{ kind: 'stream', then: 'error-event' }]);
    const data = dataOf(await readSse(await post(chat('m-stream-error', { stream: true }))));
    expect(JSON.parse(data.at(-1)!)).toEqual({ error: { message: expect.any(String), type: 'server_error', param: null, code: null } });
    expect(data).toHaveLength(1 + 4 + 1); // role, 4 default deltas, error
    expect(data).not.toContain('[DONE]');
  });

  it('a stream step answers SSE even when the request did not ask to stream', async () => {
    mock.script('m-stream-forced', [{ kind: 'stream', deltas: ['z'], then: 'done' }]);
    const response = await post(chat('m-stream-forced'));
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(dataOf(await readSse(response)).at(-1)).toBe('[DONE]');
  });
});

describe('fault upstream: lifecycle', () => {
  it('close() tears down stalled, hanging and pinging responses promptly', async () => {
    const own = await startFaultUpstream({ apiKey: KEY });
    own.script('m-stall', [{ kind: 'stream', deltas: ['a'], then: 'stall' }]);
    own.script('m-hang', [{ kind: 'hang' }]);
    own.script('m-ping', [{ kind: 'stream', pingEveryMs: 10, pingForMs: 60_000, then: 'done' }]);
    const clients = ['m-stall', 'm-hang', 'm-ping'].map((model) => new RawClient(own.url, chat(model, { stream: true })));
    await until(() => own.calls.length === 3 && clients[0]!.text.includes('"content":"a"') && clients[2]!.text.includes(': keep-alive'), 2000, 'three live calls');
    const waiting = own.waitForClientClose('m-hang', 1, 60_000).catch((error: unknown) => error);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(own.openConnections()).toBe(0);
    expect(await waiting).toEqual(new Error('fault-upstream: closed'));
    for (const client of clients) await client.done();
    // Closing by the mock is not a client close.
    expect(own.calls.every((call) => call.closedAt === undefined)).toBe(true);
    await own.close(); // idempotent
  });

  it('refusedBaseUrl points at a loopback port where the connection is refused', async () => {
    const base = await refusedBaseUrl();
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const req = httpRequest(`${base}/chat/completions`, { method: 'POST', agent: false }, () => reject(new Error('unexpected answer')));
      req.on('error', resolve);
      req.end('{}');
    });
    expect(error.code).toBe('ECONNREFUSED');
    const failure: any = await post(chat('m'), { base }).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.cause?.code).toBe('ECONNREFUSED');
  });
});
