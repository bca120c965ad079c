/**
 * A scriptable mock OpenAI-compatible provider (Chat Completions wire format) for fault-injection tests
 * of the gateway's retry / fallback / circuit-breaker engine. What each request gets is chosen by a
 * script keyed by the request's `model`: normal answers, error statuses, HTML error pages, redirects,
 * real TCP resets, hangs, huge bodies, and SSE streams that stall, reset, ping, lose their terminator or
 * emit garbage mid-way. Every chat request is recorded, including when the client gave up on it.
 *
 *   const upstream = await startFaultUpstream({ apiKey: 'sk-fault' });
 *   upstream.script('gpt-a', [{ kind: 'status', status: 429 }, { kind: 'ok' }]); // 429 once, then OK forever
 *   …
 *   expect(upstream.callsFor('gpt-a')).toHaveLength(2);
 *   await upstream.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

export type FaultStep =
  /** Normal answer: a JSON completion, or an SSE stream (word deltas) when the request has `stream: true`. */
  | { kind: 'ok'; text?: string; delayHeadersMs?: number }
  /** An error answer; `json` defaults to the OpenAI error body for that status (see `openaiErrorBody`). */
  | { kind: 'status'; status: number; json?: unknown; headers?: Record<string, string> }
  /** A text/html error page (as sent by a proxy or CDN in front of the provider). */
  | { kind: 'html'; status: number }
  /** 302 to `location`. */
  | { kind: 'redirect'; location: string }
  /** Reads the whole request, then sends a real TCP RST without any response. */
  | { kind: 'reset' }
  /** Reads the request and never answers (until the client closes). */
  | { kind: 'hang' }
  /** 200 JSON completion of exactly `bytes` bytes (content is 'x' repeated), Content-Length set. */
  | { kind: 'huge'; bytes: number }
  /**
   * SSE 200 (whatever `stream` the request asked for). Headers are flushed at once. If `pingForMs`, first
   * `: keep-alive` comments every `pingEveryMs` (default 1000) for `pingForMs`. Then a role chunk, then
   * each delta as a content chunk, `intervalMs` apart (`: keep-alive` comments every `pingEveryMs` while
   * waiting). Then:
   * - 'done': finish chunk (+ usage chunk when `stream_options.include_usage`) + `data: [DONE]`, end;
   * - 'reset': TCP RST;
   * - 'stall': nothing more, the connection stays open;
   * - 'no-terminator': clean end of the response (terminating chunk, FIN) without finish_reason or [DONE];
   * - 'bad-json': a `data: {"id": oops}` event, then end;
   * - 'error-event': a `data: {"error":{…server_error…}}` event, then end.
   */
  | {
      kind: 'stream';
      deltas?: string[];
      intervalMs?: number;
      pingEveryMs?: number;
      pingForMs?: number;
      then: 'done' | 'reset' | 'stall' | 'no-terminator' | 'bad-json' | 'error-event';
    };

export interface FaultCall {
  model: string;
  stream: boolean;
  /** Date.now() when the request body was fully read. */
  at: number;
  /** Date.now() when the client closed the connection before the mock finished its answer. */
  closedAt?: number;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** Kind of the script step that answered; undefined when the request was rejected (401 / 400). */
  kind?: FaultStep['kind'];
}

export interface FaultUpstream {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/v1`, as configured in Signalbox. */
  baseUrl: string;
  /** Every POST /v1/chat/completions, in arrival order (including ones rejected with 401 / 400). */
  calls: FaultCall[];
  callsFor(model: string): FaultCall[];
  /** Steps consumed in order by requests for `model`; when exhausted the LAST step repeats. Unscripted models answer { kind: 'ok' }. Replaces any earlier script for that model. */
  script(model: string, steps: FaultStep[]): void;
  /** Currently open TCP connections to the mock (to check the gateway leaks no sockets). */
  openConnections(): number;
  /** Resolves once `count` calls for `model` were closed early by the client (closedAt set), or rejects after timeoutMs (default 5000). */
  waitForClientClose(model: string, count?: number, timeoutMs?: number): Promise<FaultCall[]>;
  /** Closes all connections and the server; clears the timers of stalled / hanging / pinging responses. */
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/** Text of an `{ kind: 'ok' }` answer without `text`. */
export const FAULT_TEXT = 'The quick brown fox jumps over the lazy dog.';
const DEFAULT_DELTAS = ['Once', ' upon', ' a', ' time'];
const DEFAULT_PING_EVERY_MS = 1000;
const PING = ': keep-alive\n\n';
const CREATED = 1767225600;
/** Delay between the last write and a mid-stream RST, so the data reaches the client before the reset. */
const RESET_FLUSH_MS = 15;

interface OpenAIError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const oaiError = (message: string, type: string, code: string | null = null, param: string | null = null): OpenAIError => ({
  error: { message, type, param, code },
});

/** The OpenAI error body the mock sends for `status` when a step gives no `json`. */
export function openaiErrorBody(status: number, model = 'gpt-4o'): OpenAIError {
  switch (status) {
    case 400:
      return oaiError('Invalid request: the upstream rejected this request.', 'invalid_request_error');
    case 401:
      return oaiError('Incorrect API key provided: sk-fa***key. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key');
    case 403:
      return oaiError('Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory');
    case 404:
      return oaiError(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    case 408:
      return oaiError('Request timed out.', 'invalid_request_error', 'request_timeout');
    case 413:
      return oaiError('Request too large.', 'invalid_request_error', 'request_too_large');
    case 429:
      return oaiError(
        `Rate limit reached for ${model} in organization org-fault on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        'requests',
        'rate_limit_exceeded',
      );
    case 500:
      return oaiError('The server had an error while processing your request. Sorry about that!', 'server_error');
    case 502:
      return oaiError('Bad gateway.', 'server_error');
    case 503:
      return oaiError('The engine is currently overloaded, please try again later.', 'server_error');
    case 504:
      return oaiError('Gateway timeout.', 'server_error', 'timeout');
    case 529:
      return oaiError('The server is temporarily overloaded. Please try again later.', 'overloaded_error');
    default:
      return status >= 500
        ? oaiError(`The server had an error while processing your request (status ${status}).`, 'server_error')
        : oaiError(`The request failed with status ${status}.`, 'invalid_request_error');
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(value));
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(payload.length), ...lower });
  res.end(payload);
}

function sendError(res: ServerResponse, status: number, error: OpenAIError): void {
  sendJson(res, status, error);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function usageOf(prompt: number, completion: number): Json {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** Per-request answer state. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  body: Json;
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
  promptTokens: number;
  /** Set when the mock itself destroys the connection (RST), so that is not taken for a client close. */
  selfDestroyed: boolean;
}

function chunk(x: Exchange, choices: Json[], usage?: Json): string {
  const value: Json = { id: x.id, object: 'chat.completion.chunk', created: x.created, model: x.model, system_fingerprint: null, choices };
  if (x.includeUsage) value.usage = usage ?? null;
  return `data: ${JSON.stringify(value)}\n\n`;
}

const roleChunk = (x: Exchange): string => chunk(x, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
const contentChunk = (x: Exchange, content: string): string => chunk(x, [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }]);
const finishChunk = (x: Exchange): string => chunk(x, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);

function completion(x: Exchange, content: string, completionTokens: number): Json {
  return {
    id: x.id,
    object: 'chat.completion',
    created: x.created,
    model: x.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: usageOf(x.promptTokens, completionTokens),
    system_fingerprint: null,
    service_tier: 'default',
  };
}

function words(text: string): string[] {
  return text.split(/(?= )/).filter((word) => word.length > 0);
}

function validate(body: Json): OpenAIError | undefined {
  if (typeof body.model !== 'string') return oaiError('you must provide a model parameter', 'invalid_request_error', null, 'model');
  if (body.messages === undefined) return oaiError("Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter', 'messages');
  if (!Array.isArray(body.messages)) return oaiError("Invalid type for 'messages': expected an array of objects.", 'invalid_request_error', 'invalid_type', 'messages');
  if (body.messages.length === 0) {
    return oaiError("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'invalid_request_error', 'empty_array', 'messages');
  }
  return undefined;
}

export async function startFaultUpstream(options: { apiKey: string }): Promise<FaultUpstream> {
  const calls: FaultCall[] = [];
  const scripts = new Map<string, { steps: FaultStep[]; next: number }>();
  const sockets = new Set<Socket>();
  /** Cancels pending sleeps (resolving them as "stop"). */
  const sleepers = new Set<() => void>();
  const waiters = new Set<{ check: () => boolean; fail: (error: Error) => void }>();
  let closing = false;
  let closed: Promise<void> | undefined;
  let sequence = 0;

  const alive = (res: ServerResponse): boolean => !closing && !res.destroyed && !res.writableEnded;
  const write = (res: ServerResponse, data: string): boolean => {
    if (!alive(res)) return false;
    res.write(data);
    return true;
  };
  const end = (res: ServerResponse, data?: string): void => {
    if (!alive(res)) return;
    if (data === undefined) res.end();
    else res.end(data);
  };

  /** Resolves true after `ms`, or false at once when the response is gone or the mock closes. */
  function sleep(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      if (!alive(res)) return resolve(false);
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        res.off('close', onClose);
        sleepers.delete(cancel);
        resolve(ok && alive(res));
      };
      const cancel = (): void => finish(false);
      const onClose = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      sleepers.add(cancel);
      res.once('close', onClose);
    });
  }

  /** Waits `ms`, writing a `: keep-alive` comment every `every` ms meanwhile (none when `every` is unset). */
  async function waitPinging(res: ServerResponse, ms: number, every: number | undefined): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return alive(res);
      if (!every || every >= left) return sleep(left, res);
      if (!(await sleep(every, res))) return false;
      write(res, PING);
    }
  }

  function reset(x: Exchange): void {
    x.selfDestroyed = true;
    const socket = x.req.socket;
    if (!socket.destroyed) socket.resetAndDestroy();
  }

  function notifyWaiters(): void {
    for (const waiter of [...waiters]) waiter.check();
  }

  function nextStep(model: string): FaultStep {
    const script = scripts.get(model);
    if (!script) return { kind: 'ok' };
    const step = script.steps[Math.min(script.next, script.steps.length - 1)] ?? { kind: 'ok' };
    script.next++;
    return step;
  }

  function sseHead(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
  }

  async function answerOk(x: Exchange, step: Extract<FaultStep, { kind: 'ok' }>): Promise<void> {
    if (step.delayHeadersMs && !(await sleep(step.delayHeadersMs, x.res))) return;
    if (!alive(x.res)) return;
    const text = step.text ?? FAULT_TEXT;
    const pieces = words(text);
    if (x.body.stream !== true) return sendJson(x.res, 200, completion(x, text, pieces.length));
    sseHead(x.res);
    write(x.res, roleChunk(x));
    for (const piece of pieces) write(x.res, contentChunk(x, piece));
    write(x.res, finishChunk(x));
    if (x.includeUsage) write(x.res, chunk(x, [], usageOf(x.promptTokens, pieces.length)));
    end(x.res, 'data: [DONE]\n\n');
  }

  async function answerStream(x: Exchange, step: Extract<FaultStep, { kind: 'stream' }>): Promise<void> {
    const { res } = x;
    sseHead(res);
    if (step.pingForMs && !(await waitPinging(res, step.pingForMs, step.pingEveryMs ?? DEFAULT_PING_EVERY_MS))) return;
    if (!write(res, roleChunk(x))) return;
    const deltas = step.deltas ?? DEFAULT_DELTAS;
    for (const delta of deltas) {
      if (step.intervalMs && !(await waitPinging(res, step.intervalMs, step.pingEveryMs))) return;
      if (!write(res, contentChunk(x, delta))) return;
    }
    switch (step.then) {
      case 'done':
        write(res, finishChunk(x));
        if (x.includeUsage) write(res, chunk(x, [], usageOf(x.promptTokens, deltas.length)));
        return end(res, 'data: [DONE]\n\n');
      case 'reset':
        if (await sleep(RESET_FLUSH_MS, res)) reset(x);
        return;
      case 'stall':
        return;
      case 'no-terminator':
        return end(res);
      case 'bad-json':
        return end(res, 'data: {"id": oops}\n\n');
      case 'error-event':
        return end(res, `data: ${JSON.stringify(openaiErrorBody(500))}\n\n`);
    }
  }

  async function answer(x: Exchange, step: FaultStep): Promise<void> {
    const { res } = x;
    switch (step.kind) {
      case 'ok':
        return answerOk(x, step);
      case 'status':
        return sendJson(res, step.status, step.json === undefined ? openaiErrorBody(step.status, x.model) : step.json, step.headers);
      case 'html': {
        const page = `<!DOCTYPE html>\n<html><head><title>${step.status} Error</title><script>window.__cf_chl_opt={cvId:'3'};</script></head><body><h1>${step.status} Error</h1><p>The upstream server returned an error page.</p></body></html>\n`;
        res.writeHead(step.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(page)) });
        return void res.end(page);
      }
      case 'redirect':
        res.writeHead(302, { location: step.location, 'content-length': '0' });
        return void res.end();
      case 'reset':
        return reset(x);
      case 'hang':
        return;
      case 'huge': {
        const tokens = Math.ceil(step.bytes / 4);
        const envelope = Buffer.byteLength(JSON.stringify(completion(x, '', tokens)));
        const payload = Buffer.from(JSON.stringify(completion(x, 'x'.repeat(Math.max(0, step.bytes - envelope)), tokens)));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(payload.length) });
        return void res.end(payload);
      }
      case 'stream':
        return answerStream(x, step);
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const authorized = req.headers.authorization === `Bearer ${options.apiKey}`;
    if (method === 'GET' && path === '/v1/models') {
      if (!authorized) return sendError(res, 401, openaiErrorBody(401));
      return sendJson(res, 200, { object: 'list', data: [...scripts.keys()].map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'fault-upstream' })) });
    }
    if (method !== 'POST' || path !== '/v1/chat/completions') {
      return sendError(res, 404, oaiError(`Unknown request URL: ${method} ${path}. Please check the URL for typos, or see the docs at https://platform.openai.com/docs/api-reference/.`, 'invalid_request_error', 'unknown_url'));
    }

    let parsed: unknown;
    let parseable = true;
    try {
      parsed = JSON.parse(text);
    } catch {
      parseable = false;
    }
    const body = isObject(parsed) ? parsed : {};
    const call: FaultCall = { model: typeof body.model === 'string' ? body.model : '', stream: body.stream === true, at: Date.now(), body, headers: req.headers };
    calls.push(call);
    const x: Exchange = {
      req,
      res,
      body,
      id: `chatcmpl-fault${String(++sequence).padStart(6, '0')}`,
      created: Math.floor(call.at / 1000),
      model: call.model,
      includeUsage: body.stream === true && isObject(body.stream_options) && body.stream_options.include_usage === true,
      promptTokens: Math.max(1, Math.ceil(JSON.stringify(body.messages ?? '').length / 4)),
      selfDestroyed: false,
    };
    res.on('close', () => {
      if (res.writableFinished || x.selfDestroyed || closing) return;
      call.closedAt = Date.now();
      notifyWaiters();
    });

    if (!authorized) return sendError(res, 401, openaiErrorBody(401));
    if (!parseable) {
      return sendError(res, 400, oaiError("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", 'invalid_request_error'));
    }
    const problem = validate(body);
    if (problem) return sendError(res, 400, problem);

    const step = nextStep(call.model);
    call.kind = step.kind;
    void answer(x, step).catch((error: unknown) => {
      // A bug in the mock itself: fail loudly on the wire rather than hanging the test.
      if (!res.headersSent && alive(res)) return sendError(res, 500, oaiError(`fault-upstream crashed: ${String(error)}`, 'server_error'));
      if (!res.destroyed) res.destroy();
    });
  }

  const server = createServer((req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    req.on('data', (data: Buffer) => chunks.push(data));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (!socket.destroyed) socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    calls,
    callsFor: (model) => calls.filter((call) => call.model === model),
    script(model, steps) {
      if (steps.length === 0) throw new RangeError(`fault-upstream: script for '${model}' needs at least one step`);
      scripts.set(model, { steps: [...steps], next: 0 });
    },
    openConnections: () => sockets.size,
    waitForClientClose(model, count = 1, timeoutMs = 5000) {
      return new Promise<FaultCall[]>((resolve, reject) => {
        const closedCalls = (): FaultCall[] => calls.filter((call) => call.model === model && call.closedAt !== undefined);
        const settle = (): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        const waiter = {
          check(): boolean {
            const found = closedCalls();
            if (found.length < count) return false;
            settle();
            resolve(found);
            return true;
          },
          fail(error: Error): void {
            settle();
            reject(error);
          },
        };
        const timer = setTimeout(() => {
          waiter.fail(new Error(`fault-upstream: ${closedCalls().length}/${count} client close(s) for '${model}' after ${timeoutMs}ms`));
        }, timeoutMs);
        waiters.add(waiter);
        if (waiter.check()) return;
        if (closing) waiter.fail(new Error('fault-upstream: closed'));
      });
    },
    close() {
      closed ??= (async () => {
        closing = true;
        for (const cancel of [...sleepers]) cancel();
        for (const waiter of [...waiters]) if (!waiter.check()) waiter.fail(new Error('fault-upstream: closed'));
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        // Wait for the 'close' of every socket still counted, so openConnections() is 0 once close() resolves.
        const gone = [...sockets].map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.once('close', () => resolve());
              socket.destroy();
            }),
        );
        await Promise.all([stopped, ...gone]);
      })();
      return closed;
    },
  };
}

/** A loopback base URL (`http://127.0.0.1:PORT/v1`) on which nothing listens → connection refused. */
export async function refusedBaseUrl(): Promise<string> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}/v1`;
}
