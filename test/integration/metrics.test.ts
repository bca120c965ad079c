/**
 * `GET /metrics` after a scripted workload through the real server (official `openai` SDK and fetch):
 * successes streamed and not, a 429 retried then answered, a fallback, a client error, a failure that
 * opens a circuit, an embedding, a cancelled request. The exposition is parsed and its values compared
 * with the ledger (`/admin/requests`): request counts, token sums, cost, histogram counts, retries,
 * fallbacks, breaker state, queue depth and in-flight requests. Then who may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../gateway/store/types.js';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { CLIENT_KEY, PROVIDER_KEY } from '../helpers/harness.js';
import { parseExposition, type Exposition } from '../helpers/prometheus-text.js';
import { rawRequest } from '../helpers/security.js';
import { startHarness } from '../helpers/harness.js';
import { startMockUpstream, type MockUpstream } from '../mocks/openai-upstream.js';

let h: FaultHarness;
let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream({ apiKey: PROVIDER_KEY });
  h = await startFaultHarness({
    config: (fault) => ({
      providers: {
        emb: { type: 'openai', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY', models: ['text-embedding-3-small'] },
        narrow: { type: 'openai-compatible', baseUrl: fault.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY', maxConcurrency: 1, maxQueue: 4 },
      },
      routing: { retry: { maxRetries: 1 }, breaker: { consecutiveFailures: 2, cooldownMs: 3_600_000 } },
      routes: {
        sturdy: { maxRetries: 0, targets: [{ model: 'f1/fb-down' }, { model: 'f2/fb-up' }] },
        guarded: { targets: [{ model: 'f2/breaker-model' }, { model: 'f1/priced' }] },
      },
      prices: { 'f1/priced': { input: 1, output: 2 }, 'f2/fb-up': { input: 3, output: 4 } },
    }),
  });
});
afterAll(async () => {
  await h?.close();
  await mock?.close();
});

async function scrape(credential = CLIENT_KEY): Promise<Exposition> {
  const response = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${credential}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await response.text());
}

async function ledger(): Promise<RequestRecord[]> {
  const page = await h.admin('GET', '/admin/requests?limit=500');
  expect(page.status).toBe(200);
  return page.json.data as RequestRecord[];
}

/** Scrapes until `ready` holds (the finished event of a request is published just after its last byte). */
async function scrapeUntil(ready: (metrics: Exposition) => boolean, what: string): Promise<Exposition> {
  for (let i = 0; i < 200; i++) {
    const metrics = await scrape();
    if (ready(metrics)) return metrics;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`metrics never showed ${what}`);
}

const sumOf = (rows: RequestRecord[], pick: (row: RequestRecord) => number): number => rows.reduce((total, row) => total + pick(row), 0);

describe('metrics after a scripted workload', () => {
  let metrics: Exposition;
  let rows: RequestRecord[];

  beforeAll(async () => {
    // Two plain successes, one streamed success.
    for (let i = 0; i < 2; i++) await h.openai.chat.completions.create({ model: 'f1/priced', messages: [{ role: 'user', content: 'hi' }] });
    const stream = await h.openai.chat.completions.create({ model: 'f1/priced', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const _chunk of stream) void _chunk;
    // 429 then OK: one retry on the same target.
    h.fault.script('rl-model', [{ kind: 'status', status: 429, headers: { 'retry-after-ms': '10' } }, { kind: 'ok' }]);
    expect((await h.post('/v1/chat/completions', chat('f1/rl-model'))).status).toBe(200);
    // A route whose first target fails: one fallback to f2.
    h.fault.script('fb-down', [{ kind: 'status', status: 500 }]);
    const fellBack = await h.post('/v1/chat/completions', chat('sturdy'));
    expect([fellBack.status, fellBack.headers.get('x-signalbox-provider')]).toEqual([200, 'f2']);
    // A client error: not retried.
    h.fault.script('bad-model', [{ kind: 'status', status: 400 }]);
    expect((await h.post('/v1/chat/completions', chat('f1/bad-model'))).status).toBe(400);
    // Two 500s (the attempt and its retry): the target's circuit opens.
    h.fault.script('breaker-model', [{ kind: 'status', status: 500 }]);
    expect((await h.post('/v1/chat/completions', chat('f2/breaker-model'))).status).toBe(502);
    // An unknown model: no provider at all.
    expect((await h.post('/v1/chat/completions', chat('nosuch/model'))).status).toBe(404);
    // An embedding.
    const embedded = await h.openai.embeddings.create({ model: 'emb/text-embedding-3-small', input: ['one', 'two'] });
    expect(embedded.data).toHaveLength(2);

    metrics = await scrapeUntil((m) => m.sum('signalbox_requests_total') === 9 && m.value('signalbox_active_requests') === 0, '9 finished requests');
    rows = await ledger();
    expect(rows).toHaveLength(9);
  });

  it('counts requests by provider, model, status, code and error kind, as the ledger does', () => {
    const count = (match: Record<string, string>) => metrics.sum('signalbox_requests_total', match);
    expect(count({ provider: 'f1', model: 'priced', status: 'ok', code: '200', dialect: 'openai-chat', route: '' })).toBe(3);
    expect(count({ provider: 'f1', model: 'rl-model', status: 'ok' })).toBe(1);
    expect(count({ provider: 'f2', model: 'fb-up', route: 'sturdy', status: 'ok' })).toBe(1);
    expect(count({ provider: 'f1', model: 'bad-model', status: 'error', code: '400', error_kind: 'upstream_invalid_request' })).toBe(1);
    expect(count({ provider: 'f2', model: 'breaker-model', status: 'error', code: '502', error_kind: 'upstream_server_error' })).toBe(1);
    expect(count({ provider: '', model: '', status: 'error', code: '404', error_kind: 'model_not_found' })).toBe(1);
    expect(count({ provider: 'emb', model: 'text-embedding-3-small', dialect: 'openai-embeddings', status: 'ok' })).toBe(1);
    // Every ledger row is one count, under the same provider / status / code.
    for (const row of rows) {
      const labels = { provider: row.provider ?? '', model: row.upstreamModel ?? '', status: row.status, code: String(row.httpStatus) };
      expect({ labels, count: count(labels) }).toEqual({ labels, count: rows.filter((other) => other.provider === row.provider && other.upstreamModel === row.upstreamModel && other.status === row.status && other.httpStatus === row.httpStatus).length });
    }
  });

  it('has histogram counts equal to request counts, and durations summing to the ledger latencies', () => {
    expect(metrics.sum('signalbox_request_duration_seconds_count')).toBe(rows.length);
    expect(metrics.sum('signalbox_request_duration_seconds_bucket', { le: '+Inf' })).toBe(rows.length);
    expect(metrics.sum('signalbox_request_duration_seconds_sum')).toBeCloseTo(sumOf(rows, (row) => row.latencyMs) / 1000, 6);
    expect(metrics.sum('signalbox_request_duration_seconds_count', { stream: 'true' })).toBe(1);
    expect(metrics.sum('signalbox_gateway_overhead_seconds_count')).toBe(rows.length);
    const answered = rows.filter((row) => row.firstByteMs !== null);
    expect(answered.length).toBeGreaterThanOrEqual(6);
    expect(metrics.sum('signalbox_time_to_first_token_seconds_count')).toBe(answered.length);
    expect(metrics.sum('signalbox_time_to_first_token_seconds_sum')).toBeCloseTo(sumOf(answered, (row) => row.firstByteMs ?? 0) / 1000, 6);
    // Buckets are cumulative.
    const buckets = metrics.select('signalbox_request_duration_seconds_bucket', { provider: 'f1', model: 'priced', stream: 'false' }).map((sample) => sample.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-1)).toBe(2);
    // The GenAI duration covers requests that reached a provider (the unknown model did not).
    expect(metrics.sum('gen_ai_client_operation_duration_seconds_count')).toBe(rows.filter((row) => row.provider !== null).length);
    expect(metrics.value('gen_ai_client_operation_duration_seconds_count', { gen_ai_request_model: 'sturdy', gen_ai_response_model: 'fb-up', gen_ai_system: '_OTHER', gen_ai_operation_name: 'chat', error_type: '' })).toBe(1);
    expect(metrics.value('gen_ai_client_operation_duration_seconds_count', { gen_ai_response_model: 'breaker-model', error_type: 'upstream_server_error' })).toBe(1);
  });

  it('sums tokens by kind and cost exactly as the ledger', () => {
    const withUsage = rows.filter((row) => row.usage);
    expect(withUsage.length).toBe(6);
    const kinds = { input_uncached: 'inputUncached', input_cache_read: 'inputCacheRead', input_cache_write: 'inputCacheWrite', output_text: 'outputText', output_reasoning: 'outputReasoning' } as const;
    for (const [kind, field] of Object.entries(kinds)) {
      expect({ kind, tokens: metrics.sum('signalbox_tokens_total', { kind }) }).toEqual({ kind, tokens: sumOf(withUsage, (row) => row.usage?.[field] ?? 0) });
    }
    expect(metrics.sum('signalbox_tokens_total')).toBeGreaterThan(0);
    const input = (row: RequestRecord) => (row.usage ? row.usage.inputUncached + row.usage.inputCacheRead + row.usage.inputCacheWrite : 0);
    const output = (row: RequestRecord) => (row.usage ? row.usage.outputText + row.usage.outputReasoning : 0);
    expect(metrics.sum('gen_ai_client_token_usage_sum', { gen_ai_token_type: 'input' })).toBe(sumOf(withUsage, input));
    expect(metrics.sum('gen_ai_client_token_usage_sum', { gen_ai_token_type: 'output' })).toBe(sumOf(withUsage, output));
    expect(metrics.sum('gen_ai_client_token_usage_count', { gen_ai_token_type: 'input' })).toBe(withUsage.length);
    // Embeddings record input tokens only.
    expect(metrics.value('gen_ai_client_token_usage_count', { gen_ai_operation_name: 'embeddings', gen_ai_system: 'openai', gen_ai_token_type: 'input' })).toBe(1);
    expect(metrics.select('gen_ai_client_token_usage_count', { gen_ai_operation_name: 'embeddings', gen_ai_token_type: 'output' })).toEqual([]);

    const priced = withUsage.filter((row) => row.cost);
    // f1/priced ×3 and f2/fb-up have configured prices; f1/rl-model and the embedding model have none.
    expect(priced.map((row) => row.upstreamModel).sort()).toEqual(['fb-up', 'priced', 'priced', 'priced']);
    const micros = sumOf(priced, (row) => row.cost?.totalMicros ?? 0);
    expect(micros).toBeGreaterThan(0);
    expect(metrics.sum('signalbox_cost_usd_total')).toBeCloseTo(micros / 1_000_000, 9);
    expect(metrics.sum('signalbox_cost_usd_total', { provider: 'f2', model: 'fb-up' })).toBeCloseTo((rows.find((row) => row.upstreamModel === 'fb-up')?.cost?.totalMicros ?? NaN) / 1_000_000, 9);
    expect(metrics.sum('signalbox_unpriced_requests_total')).toBe(2);
    expect(metrics.value('signalbox_unpriced_requests_total', { provider: 'emb', model: 'text-embedding-3-small' })).toBe(1);
    expect(metrics.sum('signalbox_estimated_usage_requests_total')).toBe(withUsage.filter((row) => row.usageEstimated).length);
  });

  it('counts upstream attempts, retries and fallbacks from the attempt logs', () => {
    const attempts = rows.flatMap((row) => row.attemptLog);
    expect(metrics.sum('signalbox_upstream_attempts_total')).toBe(attempts.length);
    expect(metrics.sum('signalbox_upstream_attempts_total', { outcome: 'ok' })).toBe(attempts.filter((attempt) => attempt.outcome === 'ok').length);
    expect(metrics.value('signalbox_upstream_attempts_total', { provider: 'f1', model: 'rl-model', outcome: 'error', error_kind: 'rate_limited' })).toBe(1);
    expect(metrics.value('signalbox_upstream_attempts_total', { provider: 'f2', model: 'breaker-model', outcome: 'error', error_kind: 'upstream_server_error' })).toBe(2);
    expect(metrics.value('signalbox_upstream_retries_total', { provider: 'f1', model: 'rl-model', error_kind: 'rate_limited' })).toBe(1);
    expect(metrics.value('signalbox_upstream_retries_total', { provider: 'f2', model: 'breaker-model', error_kind: 'upstream_server_error' })).toBe(1);
    expect(metrics.sum('signalbox_upstream_retries_total')).toBe(attempts.filter((attempt) => attempt.decision === 'retry').length);
    expect(metrics.value('signalbox_upstream_fallbacks_total', { provider: 'f1', model: 'fb-down', reason: 'upstream_server_error' })).toBe(1);
    expect(metrics.sum('signalbox_upstream_fallbacks_total')).toBe(1);
  });

  it('shows the opened circuit as 2 and the others as closed, with nothing in flight', () => {
    expect(metrics.value('signalbox_circuit_breaker_state', { provider: 'f2', model: 'breaker-model' })).toBe(2);
    expect(metrics.value('signalbox_circuit_breaker_state', { provider: 'f1', model: 'priced' })).toBe(0);
    expect(metrics.value('signalbox_circuit_breaker_state', { provider: 'f1', model: 'fb-down' })).toBe(0);
    expect(metrics.value('signalbox_active_requests')).toBe(0);
    expect(metrics.sum('signalbox_provider_slots_in_use')).toBe(0);
    expect(metrics.sum('signalbox_provider_queue_depth')).toBe(0);
    expect(metrics.value('signalbox_provider_slots_max', { provider: 'narrow' })).toBe(1);
  });

  it('counts targets planning skipped because their circuit is open', async () => {
    // f2/breaker-model opened above; the route's other target serves the request.
    const result = await h.post('/v1/chat/completions', chat('guarded'));
    expect([result.status, result.headers.get('x-signalbox-provider')]).toEqual([200, 'f1']);
    const after = await scrapeUntil((m) => m.sum('signalbox_requests_total') === rows.length + 1, 'one more request');
    expect(after.value('signalbox_targets_skipped_total', { provider: 'f2', reason: 'circuit-open' })).toBe(1);
    expect(after.sum('signalbox_targets_skipped_total')).toBe(1);
    expect(after.sum('signalbox_requests_total', { route: 'guarded', provider: 'f1', status: 'ok' })).toBe(1);
  });

  it('declares the type of each family, with Node process metrics alongside', () => {
    expect(metrics.types.get('signalbox_requests_total')).toBe('counter');
    expect(metrics.types.get('signalbox_request_duration_seconds')).toBe('histogram');
    expect(metrics.types.get('gen_ai_client_token_usage')).toBe('histogram');
    expect(metrics.types.get('signalbox_circuit_breaker_state')).toBe('gauge');
    expect(metrics.value('process_start_time_seconds')).toBeGreaterThan(0);
    expect(metrics.value('signalbox_build_info', { version: h.gateway.context.version })).toBe(1);
  });
});

describe('live gauges', () => {
  it('show requests in flight and queued, and return to 0 when they end', async () => {
    h.fault.script('hold', [{ kind: 'hang' }]);
    const controllers = [new AbortController(), new AbortController()];
    const pending = controllers.map((controller) =>
      fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(chat('narrow/hold')),
        signal: controller.signal,
      }).catch((error: unknown) => error),
    );
    const busy = await scrapeUntil((m) => m.sum('signalbox_provider_queue_depth', { provider: 'narrow' }) === 1, 'one queued request');
    expect(busy.value('signalbox_active_requests')).toBe(2);
    expect(busy.value('signalbox_provider_slots_in_use', { provider: 'narrow' })).toBe(1);
    const cancelledBefore = busy.sum('signalbox_requests_total', { status: 'cancelled' });
    for (const controller of controllers) controller.abort();
    await Promise.all(pending);
    const idle = await scrapeUntil((m) => m.value('signalbox_active_requests') === 0 && m.sum('signalbox_requests_total', { status: 'cancelled' }) === cancelledBefore + 2, 'no request in flight');
    expect(idle.value('signalbox_provider_slots_in_use', { provider: 'narrow' })).toBe(0);
    expect(idle.value('signalbox_provider_queue_depth', { provider: 'narrow' })).toBe(0);
    expect(idle.sum('signalbox_requests_total', { provider: 'narrow', status: 'cancelled', error_kind: 'client_cancelled' })).toBeGreaterThanOrEqual(1);
  });
});

describe('who may read /metrics', () => {
  it('needs a client key or the admin token, in a header, from an allowed Host', async () => {
    const port = Number(new URL(h.url).port);
    const host = `127.0.0.1:${port}`;
    const anonymous = await rawRequest(port, { target: '/metrics', host });
    expect([anonymous.status, anonymous.json?.error?.code]).toEqual([401, 'missing_api_key']);
    expect((await rawRequest(port, { target: '/metrics', host, headers: { authorization: 'Bearer sk-sb-not-a-real-key' } })).status).toBe(401);
    expect((await rawRequest(port, { target: '/metrics', host, headers: { authorization: `Bearer ${CLIENT_KEY}` } })).status).toBe(200);
    expect((await rawRequest(port, { target: '/metrics', host, headers: { 'x-api-key': CLIENT_KEY } })).status).toBe(200);
    const admin = await rawRequest(port, { target: '/metrics', host, headers: { authorization: 'Bearer fault-admin-token' } });
    expect([admin.status, admin.body]).toEqual([200, expect.stringContaining('signalbox_requests_total')]);
    expect((await rawRequest(port, { target: '/metrics', host: `evil.example:${port}`, headers: { authorization: `Bearer ${CLIENT_KEY}` } })).status).toBe(403);
    const inQuery = await rawRequest(port, { target: `/metrics?token=${CLIENT_KEY}`, host, headers: { authorization: `Bearer ${CLIENT_KEY}` } });
    expect([inQuery.status, inQuery.json?.error?.code]).toEqual([401, 'credentials_in_query']);
  });
});

describe('metrics.enabled: false', () => {
  it('serves no /metrics route (404, even with credentials)', async () => {
    const off = await startHarness({ config: { metrics: { enabled: false } } });
    try {
      const response = await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('signalbox_');
      // Everything else still works.
      expect((await off.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] })).choices).toHaveLength(1);
    } finally {
      await off.close();
    }
  });
});
