/**
 * The ledger through the HTTP API: priced answers (body fields, header, stream trailer), estimated usage
 * when a provider reports none or the client leaves, the usage and request queries with CSV export, the
 * switches for strict clients, and data surviving a restart.
 */
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { createGateway } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';

const ADMIN = 'ledger-admin-token';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: (mock) => ({
      providers: {
        mock: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        // Mistral's preset sends no stream_options, and this mock then sends no usage: it must be estimated.
        mis: { type: 'mistral', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        ant: { type: 'anthropic', baseUrl: 'http://127.0.0.1:9', apiKey: 'env:MOCK_PROVIDER_KEY' },
      },
      // USD per 1M tokens. The mock reports 21 prompt tokens (4 cached) and 9 completion tokens.
      prices: { 'mock/gpt-test': { input: 1, output: 2 }, 'mis/gpt-test': { input: 1, output: 2 }, 'mock/gpt-slow': { input: 1, output: 2 } },
    }),
    gateway: { adminToken: ADMIN },
  });
});
afterAll(async () => {
  await h.close();
});

const admin = async (path: string): Promise<Response> => fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
const latest = (model: string) => h.gateway.context.store.recentRequests(50).find((row) => row.model === model);

describe('priced answers', () => {
  it('puts cost and latency in the body and x-signalbox-cost-usd in the headers', async () => {
    const { data, response } = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    // 17 uncached + 4 cached (no cache price: input price) at $1, 9 output at $2 → 21 + 18 µ$.
    expect((data as any).cost).toEqual({ input_cost: 0.000021, output_cost: 0.000018, total_cost: 0.000039, currency: 'USD' });
    expect((data as any).latency).toEqual({ total_time_ms: expect.any(Number), ttfb_ms: expect.any(Number) });
    expect(response.headers.get('x-signalbox-cost-usd')).toBe('0.000039');
    await expect.poll(() => latest('mock/gpt-test')?.cost).toEqual({ inputMicros: 17, cacheReadMicros: 4, cacheWriteMicros: 0, outputMicros: 18, totalMicros: 39 });
    expect(latest('mock/gpt-test')).toMatchObject({ usageEstimated: false, upstreamMs: expect.any(Number) });
  });

  it('sends the cost of a stream as an HTTP trailer', async () => {
    const trailers = await new Promise<NodeJS.Dict<string>>((resolve, reject) => {
      const url = new URL(`${h.url}/v1/chat/completions`);
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' } },
        (res) => {
          expect(res.headers.trailer).toBe('x-signalbox-cost-usd');
          res.resume();
          res.on('end', () => resolve(res.trailers));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ model: 'mock/gpt-test', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    });
    expect(trailers['x-signalbox-cost-usd']).toBe('0.000039');
  });

  it('gives Anthropic clients the header but leaves their bodies exactly as Anthropic shapes them', async () => {
    const anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.url, maxRetries: 0 });
    const { data, response } = await anthropic.messages.create({ model: 'mock/gpt-test', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(Object.keys(data)).not.toContain('cost');
    expect(response.headers.get('x-signalbox-cost-usd')).toBe('0.000039');
  });

  it('estimates usage with the tokenizer when the provider reports none, and flags it', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'mis/gpt-test', messages: [{ role: 'user', content: 'What is the capital of France?' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('The capital of France is Paris.');
    const row = await expect.poll(() => latest('mis/gpt-test')).toBeTruthy().then(() => latest('mis/gpt-test')!);
    expect(row.usageEstimated).toBe(true);
    // "The capital of France is Paris." is 7 tokens in o200k; the prompt 7 + 4 per-message overhead.
    expect(row.usage).toEqual({ inputUncached: 11, inputCacheRead: 0, inputCacheWrite: 0, outputText: 7, outputReasoning: 0 });
    expect(row.cost?.totalMicros).toBe(11 + 14);
  });

  it('records partial, estimated usage when the client leaves mid-stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock/gpt-slow', stream: true, messages: [{ role: 'user', content: 'count' }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let seen = '';
    while (!seen.includes('three')) seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    await expect.poll(() => latest('mock/gpt-slow')?.status).toBe('cancelled');
    const row = latest('mock/gpt-slow')!;
    expect(row.usageEstimated).toBe(true);
    expect(row.usage!.outputText).toBeGreaterThanOrEqual(3);
    expect(row.usage!.outputText).toBeLessThan(10);
    expect(row.cost?.totalMicros).toBeGreaterThan(0);
  });
});

describe('queries', () => {
  it('sums usage by model with latency percentiles, as JSON and CSV', async () => {
    const response = await admin('/admin/usage?groupBy=model');
    expect(response.status).toBe(200);
    const usage = (await response.json()) as any;
    const row = usage.data.find((entry: any) => entry.key === 'mock/gpt-test');
    expect(row).toMatchObject({ requests: 3, errors: 0, inputUncached: 51, inputCacheRead: 12, outputText: 27, costMicros: 117, costUsd: '0.000117', unpriced: 0 });
    expect(row.p50LatencyMs).toEqual(expect.any(Number));
    expect(row.p95LatencyMs).toBeGreaterThanOrEqual(row.p50LatencyMs);

    const csv = await admin('/admin/usage?groupBy=provider&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('key,requests,errors,inputUncached,inputCacheRead,inputCacheWrite,outputText,outputReasoning,costUsd,unpriced,estimated,p50LatencyMs,p95LatencyMs');
    expect(lines.some((line) => line.startsWith('mock,'))).toBe(true);

    expect((await admin('/admin/usage?groupBy=weekday')).status).toBe(400);
    expect((await admin('/admin/usage?from=2026-11-23&to=2026-11-22')).status).toBe(400);
  });

  it('splits usage by a second dimension for stacked charts, as JSON and CSV', async () => {
    const split = (await (await admin('/admin/usage?groupBy=day&splitBy=model')).json()) as any;
    expect(split.splitBy).toBe('model');
    const row = split.data.find((entry: any) => entry.split === 'mock/gpt-test');
    expect(row).toMatchObject({ key: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), requests: 3, costMicros: 117 });
    const csv = (await (await admin('/admin/usage?groupBy=day&splitBy=provider&format=csv')).text()).trim().split('\n');
    expect(csv[0]).toMatch(/^key,split,requests,/);
    expect((await admin('/admin/usage?groupBy=day&splitBy=day')).status).toBe(400);
    expect((await admin('/admin/usage?groupBy=day&splitBy=weekday')).status).toBe(400);
  });

  it('lists requests filtered and paginated, with attempts, and as CSV', async () => {
    const first = (await (await admin('/admin/requests?limit=2&provider=mock')).json()) as any;
    expect(first.data).toHaveLength(2);
    expect(first.data.every((row: any) => row.provider === 'mock')).toBe(true);
    expect(first.data[0].attemptLog.length).toBeGreaterThan(0);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (await admin(`/admin/requests?limit=2&provider=mock&cursor=${encodeURIComponent(first.nextCursor)}`)).json()) as any;
    expect(second.data.map((row: any) => row.id)).not.toContain(first.data[0].id);
    expect((await admin('/admin/requests?cursor=not-a-cursor')).status).toBe(400);

    const cancelled = (await (await admin('/admin/requests?status=cancelled')).json()) as any;
    expect(cancelled.data.map((row: any) => row.model)).toEqual(['mock/gpt-slow']);

    // By inbound dialect: the Anthropic-dialect requests only.
    const anthropicRows = (await (await admin('/admin/requests?endpoint=anthropic-messages')).json()) as any;
    expect(anthropicRows.data.length).toBeGreaterThan(0);
    expect(anthropicRows.data.every((row: any) => row.endpoint === 'anthropic-messages')).toBe(true);
    expect((await admin('/admin/requests?endpoint=gopher')).status).toBe(400);

    const csv = await (await admin('/admin/requests?format=csv&model=mock/gpt-test')).text();
    const [header, ...rows] = csv.trim().split('\n');
    expect(header?.split(',')).toEqual(expect.arrayContaining(['id', 'costUsd', 'usageEstimated', 'upstreamMs']));
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });
});

describe('finish reasons', () => {
  it('records how each answer ended, streamed or not, in the ledger, its queries and the CSV', async () => {
    await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'finish plain' }] });
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-tool', stream: true, messages: [{ role: 'user', content: 'weather?' }] });
    let streamedReason: string | null | undefined;
    for await (const chunk of stream) streamedReason = chunk.choices[0]?.finish_reason ?? streamedReason;
    expect(streamedReason).toBe('tool_calls');
    await expect.poll(() => latest('mock/gpt-tool')?.finishReasons).toEqual(['tool-calls']);
    const plain = h.gateway.context.store.recentRequests(50).find((row) => row.model === 'mock/gpt-test' && row.finishReasons.length);
    expect(plain?.finishReasons).toEqual(['stop']);

    // Read back from SQLite (not the in-memory record) through the admin API, and in the CSV.
    const id = latest('mock/gpt-tool')?.id as string;
    const detail = (await (await admin(`/admin/requests/${id}`)).json()) as { finishReasons: string[] };
    expect(detail.finishReasons).toEqual(['tool-calls']);
    const csv = await (await admin('/admin/requests?format=csv&model=mock/gpt-tool')).text();
    const [header, row] = csv.trim().split('\n');
    expect(header?.split(',').at(-1)).toBe('finishReasons');
    expect(row?.split(',').at(-1)).toBe('tool-calls');
  });
});

describe('storage trouble', () => {
  it('keeps answering while the database is locked, reports it, and writes the rows once it is free', async () => {
    const blocker = new Database(join(h.dataDir, 'signalbox.db'));
    blocker.exec('BEGIN IMMEDIATE');
    const ids: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const { response } = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
        expect(response.status).toBe(200);
        ids.push(response.headers.get('x-signalbox-request-id')!);
      }
      await expect
        .poll(async () => ((await (await admin('/admin/status')).json()) as any).store.problem, { timeout: 5_000 })
        .toBe('database is busy');
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    await expect.poll(async () => ((await (await admin('/admin/status')).json()) as any).store, { timeout: 20_000 }).toMatchObject({ problem: null, pending: 0, dropped: 0 });
    const check = new Database(join(h.dataDir, 'signalbox.db'), { readonly: true });
    try {
      const found = check.prepare(`SELECT COUNT(*) AS n FROM requests WHERE id IN (${ids.map(() => '?').join(',')})`).get(...ids) as { n: number };
      expect(found.n).toBe(3);
    } finally {
      check.close();
    }
  });
});

describe('switches and restarts', () => {
  it('leaves bodies and headers alone for strict clients, and keeps the ledger across a restart', async () => {
    const config = validateConfig(
      {
        providers: { mock: { type: 'openai-compatible', baseUrl: h.mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' } },
        clientKeys: [{ name: 'test', key: 'env:SIGNALBOX_TEST_KEY' }],
        ledger: { costInResponses: false, costHeader: false },
      },
      'strict',
    );
    const options = { config, dataDir: h.dataDir + '-strict', env: { MOCK_PROVIDER_KEY: PROVIDER_KEY, SIGNALBOX_TEST_KEY: CLIENT_KEY }, log: silentLogger, uiRoot: null };
    const first = await createGateway(options);
    const { url } = await first.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock/gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('cost');
    expect(body).not.toHaveProperty('latency');
    expect(response.headers.has('x-signalbox-cost-usd')).toBe(false);
    const id = response.headers.get('x-signalbox-request-id');
    await first.close();

    const second = await createGateway(options);
    try {
      expect(second.context.store.request(id!)).toMatchObject({ model: 'mock/gpt-test', status: 'ok', usage: { outputText: 9 } });
    } finally {
      await second.close();
    }
  });
});
