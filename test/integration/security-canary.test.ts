/**
 * Canary sweep (SEC-18): secrets with a recognisable random part are configured, driven through every path
 * — success (JSON and stream), upstream 401, an upstream 500 echoing our request headers, malformed
 * answers, failures mid-stream, unknown models, wrong and query-string keys, the admin API — and then
 * every sink is searched for them: captured logs (debug level), every response body and header, the
 * SQLite files (database, WAL, shared memory; read while running and after close), and what the upstream
 * received apart from the provider's own auth header (URLs, bodies, other headers). Zero hits.
 *
 * To extend: add a secret kind to CANARIES (and configure it in `startCanaryGateway`), a path to the
 * drive list, or a place secrets could end up to SINKS.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryVault } from '../../gateway/secrets/memory-vault.js';
import { createLogger } from '../../gateway/telemetry/log.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/** A secret with a random needle: finding the needle anywhere (even with the prefix masked) is a leak. */
interface Canary {
  kind: string;
  value: string;
  needle: string;
}
function canary(kind: string, prefix: string): Canary {
  const needle = randomBytes(16).toString('hex');
  return { kind, value: `${prefix}${needle}`, needle };
}

const CANARIES = {
  providerEnv: canary('provider key (env:)', 'sk-CANARY-'),
  providerKeychain: canary('provider key (keychain:)', 'sk-CANARY-KC-'),
  providerAdminSet: canary('provider key set through the admin API', 'sk-CANARY-PUT-'),
  client: canary('client key', 'sb-CANARY-'),
  wrongClient: canary('wrong client key', 'sb-CANARY-WRONG-'),
};

/** One captured piece of output and where it came from. */
interface Captured {
  where: string;
  data: string | Buffer;
}

// ---- an upstream that misbehaves on purpose: it echoes whatever credentials it was given ----

interface EchoUpstream {
  baseUrl: string;
  received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

const completion = (model: string, text: string) => ({
  id: 'chatcmpl-canary',
  object: 'chat.completion',
  created: 1767225600,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
});
const chunk = (model: string, delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-canary', object: 'chat.completion.chunk', created: 1767225600, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

async function startEchoUpstream(): Promise<EchoUpstream> {
  const received: EchoUpstream['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (data: Buffer) => (body += data.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const auth = String(req.headers.authorization ?? '');
      const echo = JSON.stringify(req.headers);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ object: 'list', data: [{ id: 'ok', object: 'model', created: 1, owned_by: auth }] }));
      }
      const request = JSON.parse(body || '{}') as { model?: string; stream?: boolean };
      const model = String(request.model);
      const json = (status: number, value: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type, 'x-echo-auth': auth });
        res.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      switch (model) {
        case 'unauthorized':
          return json(401, { error: { message: `Incorrect API key provided: ${auth}`, type: 'invalid_request_error', code: 'invalid_api_key' } });
        case 'echo-500':
          return json(500, { error: { message: `Internal error; request headers were ${echo}`, type: 'server_error' } });
        case 'echo-400':
          return json(400, { error: { message: `Bad key format near ${auth}`, type: 'invalid_request_error', param: auth, code: auth } });
        case 'echo-429':
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1', 'x-echo-auth': auth });
          return res.end(JSON.stringify({ error: { message: `Rate limited for ${auth}`, type: 'rate_limit_error' } }));
        case 'html':
          return json(502, `<html><body>Bad gateway for ${echo}</body></html>`, 'text/html');
        case 'malformed':
          return json(200, `{"id": oops ${auth}`);
        case 'redirect':
          res.writeHead(302, { location: `http://127.0.0.1:9/?key=${encodeURIComponent(auth)}` });
          return res.end();
      }
      if (!request.stream) return json(200, completion(model, 'Hello there.'));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk(model, { role: 'assistant', content: '' }));
      res.write(chunk(model, { content: 'Hello' }));
      if (model === 'midstream-error') return res.end(`data: ${JSON.stringify({ error: { message: `upstream failed for ${echo}`, type: 'server_error' } })}\n\n`);
      if (model === 'midstream-garbage') return res.end(`data: {"oops": ${auth}\n\n`);
      if (model === 'midstream-reset') return void setTimeout(() => req.socket.destroy(), 10);
      res.write(chunk(model, { content: ' there.' }));
      res.write(chunk(model, {}, 'stop'));
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- the gateway under test ----

const logs: string[] = [];
const responses: Captured[] = [];
const sqliteFiles: Captured[] = [];
let h: Harness;
let upstream: EchoUpstream;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  h = await startHarness({
    config: {
      providers: {
        env: { type: 'openai-compatible', baseUrl: upstream.baseUrl, apiKey: 'env:CANARY_PROVIDER_KEY' },
        kc: { type: 'openai-compatible', baseUrl: upstream.baseUrl, apiKey: 'keychain:canary-kc' },
        put: { type: 'openai-compatible', baseUrl: upstream.baseUrl, apiKey: 'keychain:canary-put' },
      },
      clientKeys: [{ name: 'canary', key: 'env:CANARY_CLIENT_KEY' }],
      routing: { retry: { maxRetries: 0 } },
    },
    gateway: {
      env: { CANARY_PROVIDER_KEY: CANARIES.providerEnv.value, CANARY_CLIENT_KEY: CANARIES.client.value },
      vault: createMemoryVault({ 'canary-kc': CANARIES.providerKeychain.value }),
      log: createLogger('debug', (line) => logs.push(line)),
    },
  });
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

async function drive(where: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<number> {
  const response = await fetch(`${h.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text().catch((error: unknown) => `<body failed: ${String(error)}>`);
  responses.push({ where: `${where}: ${path} → ${response.status} (headers)`, data: JSON.stringify([...response.headers]) });
  responses.push({ where: `${where}: ${path} → ${response.status} (body)`, data: text });
  return response.status;
}

const user = [{ role: 'user', content: 'hi' }];
const client = (): Record<string, string> => ({ authorization: `Bearer ${CANARIES.client.value}` });
const admin = (): Record<string, string> => ({ authorization: `Bearer ${h.gateway.adminToken}` });
const SCENARIOS = ['ok', 'unauthorized', 'echo-500', 'echo-400', 'echo-429', 'html', 'malformed', 'redirect', 'midstream-error', 'midstream-garbage', 'midstream-reset'];

/** Places a secret could end up. Each returns what it holds right now. */
const SINKS: Array<{ name: string; read(): Captured[] }> = [
  { name: 'logs', read: () => logs.map((line, index) => ({ where: `log line ${index}`, data: line })) },
  { name: 'responses', read: () => responses },
  { name: 'sqlite', read: () => sqliteFiles },
  {
    name: 'upstream requests',
    read: () =>
      upstream.received.map((request, index) => {
        // The provider's own key in its own auth header is the one place it belongs.
        const { authorization: _auth, ...headers } = request.headers;
        return { where: `upstream request ${index} ${request.url}`, data: JSON.stringify({ url: request.url, headers, body: request.body }) };
      }),
  },
  {
    name: 'upstream auth headers',
    // …and only the provider key may be there: never a client key.
    read: () => upstream.received.map((request, index) => ({ where: `upstream auth header ${index}`, data: String(request.headers.authorization ?? '') })),
  },
];

function readSqlite(moment: string): void {
  for (const name of ['signalbox.db', 'signalbox.db-wal', 'signalbox.db-shm']) {
    const file = join(h.dataDir, name);
    if (existsSync(file)) sqliteFiles.push({ where: `${name} (${moment})`, data: readFileSync(file) });
  }
}

describe('canary sweep', () => {
  it('drives every path', async () => {
    // Provider keys: set one through the admin API (a keychain entry), then use all three kinds.
    expect(await drive('admin set key', '/admin/secrets/canary-put', { method: 'PUT', headers: admin(), body: { value: CANARIES.providerAdminSet.value } })).toBe(200);
    for (const provider of ['env', 'kc', 'put']) {
      for (const scenario of SCENARIOS) {
        for (const stream of [false, true]) {
          const model = `${provider}/${scenario}`;
          await drive(`chat ${model} stream=${stream}`, '/v1/chat/completions', { headers: client(), body: { model, messages: user, stream } });
        }
      }
      await drive('responses', '/v1/responses', { headers: client(), body: { model: `${provider}/echo-500`, input: 'hi' } });
      await drive('responses stream', '/v1/responses', { headers: client(), body: { model: `${provider}/midstream-error`, input: 'hi', stream: true } });
      await drive('messages', '/v1/messages', { headers: { 'x-api-key': CANARIES.client.value }, body: { model: `${provider}/echo-500`, max_tokens: 10, messages: user } });
      await drive('messages stream', '/v1/messages', { headers: { 'x-api-key': CANARIES.client.value }, body: { model: `${provider}/midstream-garbage`, max_tokens: 10, messages: user, stream: true } });
      await drive('count tokens', '/v1/messages/count_tokens', { headers: client(), body: { model: `${provider}/ok`, messages: user } });
    }
    expect(upstream.received.some((request) => request.headers.authorization === `Bearer ${CANARIES.providerAdminSet.value}`)).toBe(true);
    expect(upstream.received.some((request) => request.headers.authorization === `Bearer ${CANARIES.providerKeychain.value}`)).toBe(true);
    expect(upstream.received.some((request) => request.headers.authorization === `Bearer ${CANARIES.providerEnv.value}`)).toBe(true);

    // Client keys: unknown models, wrong keys, conflicting keys, keys in the query string, a foreign Host.
    await drive('unknown model', '/v1/chat/completions', { headers: client(), body: { model: 'nobody/x', messages: user } });
    await drive('models', '/v1/models', { headers: client() });
    await drive('wrong key', '/v1/chat/completions', { headers: { authorization: `Bearer ${CANARIES.wrongClient.value}` }, body: { model: 'env/ok', messages: user } });
    await drive('conflicting keys', '/v1/chat/completions', { headers: { ...client(), 'x-api-key': CANARIES.wrongClient.value }, body: { model: 'env/ok', messages: user } });
    await drive('key in query', `/v1/chat/completions?key=${CANARIES.client.value}&api_key=${CANARIES.wrongClient.value}`, { body: { model: 'env/ok', messages: user } });
    await drive('key in query too', `/v1/models?key=${CANARIES.client.value}`, { headers: client() });
    await drive('key as admin token', '/admin/status', { headers: client() });
    await drive('foreign origin', '/v1/chat/completions', { headers: { ...client(), origin: 'http://evil.example' }, body: { model: 'env/ok', messages: user } });
    await drive('bad body', '/v1/chat/completions', { headers: client(), body: { model: 'env/ok', messages: user, api_key: CANARIES.wrongClient.value, base_url: CANARIES.providerEnv.value } });

    // Let the ledger write everything (batched), then the admin API, exports included.
    while (h.gateway.context.store.stats().pending > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const adminPaths = ['/admin/status', '/admin/config', '/admin/requests', '/admin/requests?format=csv', '/admin/usage', '/admin/usage?format=csv&groupBy=client', '/admin/limits', '/admin/secrets', '/admin/client-keys', '/admin/routing/health', '/admin/providers/catalog'];
    for (const path of adminPaths) expect({ path, status: await drive('admin', path, { headers: admin() }) }).toEqual({ path, status: 200 });
    const listed = (await (await fetch(`${h.url}/admin/requests?limit=1000`, { headers: admin() })).json()) as { data: Array<{ id: string }> };
    expect(listed.data.length).toBeGreaterThan(50);
    for (const { id } of listed.data) await drive('admin request', `/admin/requests/${id}`, { headers: admin() });
    readSqlite('running');
  });

  it('finds no canary in any sink', async () => {
    await h.gateway.close();
    readSqlite('closed');
    expect(sqliteFiles.length).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    const findings: string[] = [];
    for (const sink of SINKS) {
      for (const captured of sink.read()) {
        const data = typeof captured.data === 'string' ? Buffer.from(captured.data) : captured.data;
        for (const secret of Object.values(CANARIES)) {
          if (sink.name === 'upstream auth headers' && secret.kind.startsWith('provider key')) continue;
          if (data.includes(secret.needle)) findings.push(`${secret.kind} in ${sink.name}: ${captured.where}`);
        }
      }
    }
    expect(findings).toEqual([]);
  });
});
