/**
 * Routes end to end: strategies, capability skips, `auto`, the routing preview, circuit breakers (open,
 * half-open with one probe, closed again), per-provider concurrency limits, the attempt log in the ledger,
 * and a load test with a flaky target: bounded attempts, no leaked sockets or slots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_TEXT } from '../mocks/fault-upstream.js';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';

const weatherTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

let h: FaultHarness;
/** Samples handed to the gateway for weighted choice and jitter; tests push what they need. */
const samples: number[] = [];

beforeAll(async () => {
  h = await startFaultHarness({
    config: (fault) => ({
      providers: {
        notools: { type: 'openai-compatible', baseUrl: fault.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY', capabilities: { tools: false } },
        // Priced from the offline catalogue by model name, served by the mock.
        priced: { type: 'openai', baseUrl: fault.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        narrow: { type: 'openai-compatible', baseUrl: fault.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY', maxConcurrency: 1, maxQueue: 1 },
        nokey: { type: 'groq', apiKey: 'env:NOT_SET_ANYWHERE' },
      },
      routing: {
        defaultRoute: 'everyday',
        breaker: { consecutiveFailures: 2, cooldownMs: 400 },
        retry: { maxRetries: 0 },
      },
      prices: { 'f2/house-model': { input: 0.01, output: 0.01 } },
      routes: {
        everyday: { targets: [{ model: 'f1/everyday-a' }, { model: 'f2/everyday-b' }] },
        toolsy: { targets: [{ model: 'notools/small' }, { model: 'nokey/llama' }, { model: 'f2/tool-capable' }] },
        split: { strategy: 'weighted', targets: [{ model: 'f1/heavy', weight: 3 }, { model: 'f2/light', weight: 1 }] },
        thrifty: { strategy: 'cheapest', targets: [{ model: 'priced/gpt-4o' }, { model: 'priced/gpt-4o-mini' }, { model: 'f1/unpriced' }] },
        house: { strategy: 'cheapest', targets: [{ model: 'priced/gpt-4o-mini' }, { model: 'f2/house-model' }] },
        quick: { strategy: 'fastest', targets: [{ model: 'f1/slowpoke' }, { model: 'f2/sprinter' }] },
        guarded: { targets: [{ model: 'f1/flaky-a' }, { model: 'f2/steady-b' }] },
        doomed: { targets: [{ model: 'f1/down-a' }, { model: 'f2/down-b' }] },
      },
    }),
    gateway: { random: () => samples.shift() ?? 0.5 },
  });
});
afterAll(async () => {
  await h.close();
});

const ask = (model: string, extra: Record<string, unknown> = {}) => h.post('/v1/chat/completions', chat(model, extra));

describe('routes', () => {
  it('serves a route as a model, naming route, provider, model and attempts in headers', async () => {
    const result = await ask('everyday');
    expect(result.status).toBe(200);
    expect(result.json.choices[0].message.content).toBe(FAULT_TEXT);
    expect(result.headers.get('x-signalbox-route')).toBe('everyday');
    expect(result.headers.get('x-signalbox-provider')).toBe('f1');
    expect(result.headers.get('x-signalbox-model')).toBe('everyday-a');
    expect(result.headers.get('x-signalbox-attempts')).toBe('1');
  });

  it('sends model "auto" to the default route, and lists routes among the models', async () => {
    const result = await ask('auto');
    expect(result.headers.get('x-signalbox-route')).toBe('everyday');
    const models = await h.openai.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['everyday', 'toolsy', 'split', 'auto']));
    expect(models.data.find((model) => model.id === 'split')?.owned_by).toBe('signalbox');
  });

  it('skips targets that cannot serve the request, and says why in the preview', async () => {
    const result = await ask('toolsy', { tools: [weatherTool] });
    expect(result.status).toBe(200);
    expect(result.headers.get('x-signalbox-provider')).toBe('f2');

    const preview = await h.admin('POST', '/admin/routing/preview', chat('toolsy', { tools: [weatherTool] }));
    expect(preview.status).toBe(200);
    expect(preview.json.attempts.map((attempt: any) => attempt.model)).toEqual(['f2/tool-capable']);
    expect(preview.json.skipped).toEqual([
      expect.objectContaining({ model: 'notools/small', code: 'no-tools', reason: expect.stringMatching(/tool calling/) }),
      expect.objectContaining({ model: 'nokey/llama', code: 'unavailable', reason: expect.stringMatching(/NOT_SET_ANYWHERE/) }),
    ]);
    // Without tools the first target is fine.
    const plain = await h.admin('POST', '/admin/routing/preview', chat('toolsy'));
    expect(plain.json.attempts.map((attempt: any) => attempt.model)).toEqual(['notools/small', 'f2/tool-capable']);
  });

  it('previews requests in the Anthropic dialect too, and rejects bad bodies in the same shape as the API', async () => {
    const preview = await h.admin('POST', '/admin/routing/preview?dialect=anthropic-messages', {
      model: 'everyday',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ route: 'everyday', strategy: 'fallback', needs: { outputTokens: 100 } });
    const bad = await h.admin('POST', '/admin/routing/preview', { model: 'everyday' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('messages');
    const unknown = await h.admin('POST', '/admin/routing/preview', chat('nobody/nothing'));
    expect(unknown.status).toBe(404);
  });

  it('draws weighted targets by weight and keeps the rest as fallbacks', async () => {
    samples.push(0.2);
    expect((await ask('split')).headers.get('x-signalbox-provider')).toBe('f1');
    samples.push(0.9);
    expect((await ask('split')).headers.get('x-signalbox-provider')).toBe('f2');
    samples.push(0.9);
    const preview = await h.admin('POST', '/admin/routing/preview', chat('split'));
    expect(preview.json.attempts).toEqual([
      expect.objectContaining({ model: 'f2/light', score: 0.25, why: expect.stringMatching(/25%/) }),
      expect.objectContaining({ model: 'f1/heavy', score: 0.75, why: expect.stringMatching(/fallback/) }),
    ]);
  });

  it('picks the cheapest target from the offline price catalogue, unknown prices last', async () => {
    const preview = await h.admin('POST', '/admin/routing/preview', chat('thrifty', { max_tokens: 1000 }));
    expect(preview.json.attempts.map((attempt: any) => attempt.model)).toEqual(['priced/gpt-4o-mini', 'priced/gpt-4o', 'f1/unpriced']);
    const [mini, full, unpriced] = preview.json.attempts;
    expect(mini.score).toBeLessThan(full.score);
    expect(unpriced).toMatchObject({ score: null, why: expect.stringMatching(/price unknown/) });
    expect((await ask('thrifty')).headers.get('x-signalbox-model')).toBe('gpt-4o-mini');
    // A price override in config wins over the catalogue.
    expect((await ask('house')).headers.get('x-signalbox-provider')).toBe('f2');
  });

  it('learns which target is fastest from live traffic', async () => {
    h.fault.script('slowpoke', [{ kind: 'ok', delayHeadersMs: 250 }]);
    // Neither is measured: each is tried once, in route order, to measure it.
    expect((await ask('quick')).headers.get('x-signalbox-provider')).toBe('f1');
    expect((await ask('quick')).headers.get('x-signalbox-provider')).toBe('f2');
    expect((await ask('quick')).headers.get('x-signalbox-provider')).toBe('f2');
    const preview = await h.admin('POST', '/admin/routing/preview', chat('quick'));
    expect(preview.json.attempts[0]).toMatchObject({ model: 'f2/sprinter', why: expect.stringMatching(/fastest/) });
    expect(preview.json.attempts[1].score).toBeGreaterThanOrEqual(200);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, half-opens after the cooldown with one probe, and closes on success', async () => {
    h.fault.script('flaky-a', [{ kind: 'status', status: 500 }]);
    for (let i = 0; i < 2; i++) expect((await ask('guarded')).headers.get('x-signalbox-provider')).toBe('f2');
    expect(h.fault.callsFor('flaky-a')).toHaveLength(2);

    // Open: f1 is skipped without being called.
    expect((await ask('guarded')).headers.get('x-signalbox-attempts')).toBe('1');
    expect(h.fault.callsFor('flaky-a')).toHaveLength(2);
    const health = await h.admin('GET', '/admin/routing/health');
    expect(health.json.targets.find((target: any) => target.target === 'f1/flaky-a')).toMatchObject({
      state: 'open',
      consecutiveFailures: 2,
      openReason: expect.stringMatching(/2 consecutive failures/),
      lastFailureKind: 'upstream_server_error',
    });
    const preview = await h.admin('POST', '/admin/routing/preview', chat('guarded'));
    expect(preview.json.skipped).toEqual([expect.objectContaining({ model: 'f1/flaky-a', code: 'circuit-open' })]);

    // After the cooldown exactly one probe goes through, even with concurrent requests.
    await new Promise((resolve) => setTimeout(resolve, 450));
    h.fault.script('flaky-a', [{ kind: 'ok', delayHeadersMs: 200 }]);
    const concurrent = await Promise.all([ask('guarded'), ask('guarded'), ask('guarded')]);
    expect(concurrent.map((result) => result.status)).toEqual([200, 200, 200]);
    expect(h.fault.callsFor('flaky-a')).toHaveLength(3);
    expect(concurrent.map((result) => result.headers.get('x-signalbox-provider')).sort()).toEqual(['f1', 'f2', 'f2']);

    // The probe succeeded: closed again, traffic returns to the first target.
    expect((await ask('guarded')).headers.get('x-signalbox-provider')).toBe('f1');
  });

  it('never opens every target of a route at once: the least recently failed one is still tried', async () => {
    h.fault.script('down-a', [{ kind: 'status', status: 503 }]);
    h.fault.script('down-b', [{ kind: 'status', status: 503 }]);
    for (let i = 0; i < 2; i++) expect((await ask('doomed')).status).toBe(503);
    const preview = await h.admin('POST', '/admin/routing/preview', chat('doomed'));
    expect(preview.json.attempts).toEqual([expect.objectContaining({ model: 'f1/down-a', forced: true, why: expect.stringMatching(/longest ago/) })]);
    expect(preview.json.skipped).toEqual([expect.objectContaining({ model: 'f2/down-b', code: 'circuit-open' })]);
    h.fault.script('down-a', [{ kind: 'ok' }]);
    const result = await ask('doomed');
    expect(result.status).toBe(200);
    expect(result.headers.get('x-signalbox-provider')).toBe('f1');
  });
});

describe('concurrency limit', () => {
  it('queues beyond a provider\'s limit and answers 503 overloaded when the queue is full', async () => {
    h.fault.script('narrow-model', [{ kind: 'ok', delayHeadersMs: 300 }]);
    const results = await Promise.all([ask('narrow/narrow-model'), ask('narrow/narrow-model'), ask('narrow/narrow-model')]);
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, 200, 503]);
    const rejected = results.find((result) => result.status === 503);
    expect(rejected?.json.error).toMatchObject({ code: 'queue_full', message: expect.stringMatching(/narrow/) });
    expect(h.fault.callsFor('narrow-model')).toHaveLength(2);
  });
});

describe('the attempt log', () => {
  it('records every attempt of a request with its outcome, and 404s unknown ids', async () => {
    const result = await ask('auto');
    const id = result.headers.get('x-signalbox-request-id');
    expect(id).toBeTruthy();
    const detail = await h.admin('GET', `/admin/requests/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ route: 'everyday', model: 'auto', attempts: 1, attemptLog: [expect.objectContaining({ n: 1, outcome: 'ok', provider: 'f1' })] });
    expect((await h.admin('GET', '/admin/requests/nope')).status).toBe(404);
  });

  it('keeps retries and fallbacks with their reasons', async () => {
    h.fault.script('everyday-a', [{ kind: 'status', status: 503 }, { kind: 'ok' }]);
    const result = await ask('everyday');
    expect(result.headers.get('x-signalbox-attempts')).toBe('2');
    const detail = await h.admin('GET', `/admin/requests/${result.headers.get('x-signalbox-request-id')}`);
    expect(detail.json.attemptLog).toEqual([
      expect.objectContaining({ n: 1, provider: 'f1', outcome: 'error', errorKind: 'overloaded', upstreamStatus: 503, decision: 'fallback', why: expect.stringMatching(/0 retries used/) }),
      expect.objectContaining({ n: 2, provider: 'f2', outcome: 'ok', decision: null }),
    ]);
  });
});

describe('load with a flaky target', () => {
  it('bounds attempts across 200 concurrent requests and leaks no sockets, slots or handles', async () => {
    const handles = (): number => process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'Timeout').length;
    const baseline = handles();
    const load = await startFaultHarness({
      config: () => ({ routes: { flaky: { targets: [{ model: 'f1/load-flaky' }, { model: 'f2/load-steady' }] } } }),
    });
    // Every other call to the flaky target fails with 503 (retriable).
    load.fault.script('load-flaky', Array.from({ length: 1000 }, (_, index) => (index % 2 ? { kind: 'ok' as const } : { kind: 'status' as const, status: 503 })));
    const results = await Promise.all(Array.from({ length: 200 }, () => load.post('/v1/chat/completions', chat('flaky'))));
    expect(results.every((result) => result.status === 200)).toBe(true);
    // Without a budget, 2 retries each could make 600 calls to the flaky target. The budget allows
    // 50 retries (5/s floor over 10 s) + 20 % of 200 requests: 290 calls at most.
    const flakyCalls = load.fault.callsFor('load-flaky').length;
    expect(flakyCalls).toBeGreaterThan(200);
    expect(flakyCalls).toBeLessThanOrEqual(290);
    // Requests the budget refused a retry fell back instead.
    expect(load.fault.callsFor('load-steady').length + (flakyCalls - 200)).toBeGreaterThanOrEqual(100);
    expect(load.gateway.context.inFlight.size()).toBe(0);
    expect(load.gateway.context.router.load().every((provider) => provider.active === 0 && provider.queued === 0)).toBe(true);
    await load.gateway.close();
    await expect.poll(() => load.fault.openConnections()).toBe(0);
    await load.close();
    await expect.poll(handles).toBeLessThanOrEqual(baseline);
  });
});
