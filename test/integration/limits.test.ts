/**
 * Budgets and rate limits through the real HTTP API, with the official SDKs as clients: a refused request
 * is a 429 in the client's own dialect, with `retry-after`, a message naming the limit, and no upstream
 * call; a spent budget survives a restart because it is read back from the ledger. The gateway clock is
 * fixed, so Retry-After values are exact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { createGateway, type Gateway } from '../../gateway/index.js';
import { silentLogger, type LogFields, type Logger } from '../../gateway/telemetry/log.js';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';
import { startMockUpstream, type MockUpstream } from '../mocks/openai-upstream.js';

/** 2026-11-23T12:00:00Z: a whole second, twelve hours before the next UTC midnight. */
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const PRICES = { 'mock/gpt-test': { input: 1000, output: 1000 } };
const chat = { model: 'mock/gpt-test', messages: [{ role: 'user' as const, content: 'hi' }] };
const message = { model: 'ant/claude-text', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };

async function caught(promise: Promise<unknown>): Promise<any> {
  const result = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(result, 'the request should have been refused').toBeInstanceOf(Error);
  return result;
}

function recordingLogger(): Logger & { warnings: Array<{ message: string; fields: LogFields | undefined }> } {
  const warnings: Array<{ message: string; fields: LogFields | undefined }> = [];
  return { ...silentLogger, warn: (text, fields) => warnings.push({ message: text, fields }), warnings };
}

describe('requests per minute (client key "test": 2)', () => {
  let h: Harness;
  let anthropic: Anthropic;
  let now = T0;
  beforeAll(async () => {
    h = await startHarness({ config: { limits: { clients: { test: { requestsPerMinute: 2 } } } }, gateway: { clock: () => now } });
    anthropic = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('admits two requests, then refuses the third in the OpenAI shape without calling the provider', async () => {
    await h.openai.chat.completions.create(chat);
    await anthropic.messages.create(message);
    const upstreamCalls = h.mock.requests.length;

    const error = await caught(h.openai.chat.completions.create(chat));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.status).toBe(429);
    // Both requests fell in second T0, which leaves the window at T0+60 s.
    expect(error.headers.get('retry-after')).toBe('60');
    expect(error.error).toEqual({
      message: 'Client key "test" reached its limit of 2 requests per minute; try again in 60 s.',
      type: 'rate_limit_error',
      param: null,
      code: 'rate_limit_exceeded',
    });
    expect(h.mock.requests.length).toBe(upstreamCalls);
  });

  it('refuses in the Anthropic shape for an Anthropic client, without calling the provider', async () => {
    const upstreamCalls = h.anthropic.requests.length;
    now = T0 + 45_500;
    const error = await caught(anthropic.messages.create(message));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.headers.get('retry-after')).toBe('15');
    expect(error.error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Client key "test" reached its limit of 2 requests per minute; try again in 15 s.' },
    });
    expect(h.anthropic.requests.length).toBe(upstreamCalls);
  });

  it('refuses streams and embeddings too, before anything is committed', async () => {
    const upstreamCalls = h.mock.requests.length;
    const stream = await caught(h.openai.chat.completions.create({ ...chat, stream: true }));
    expect(stream.status).toBe(429);
    expect(stream.code).toBe('rate_limit_exceeded');
    const embeddings = await caught(h.openai.embeddings.create({ model: 'mock/text-embedding-3-small', input: 'hi' }));
    expect(embeddings.status).toBe(429);
    expect(embeddings.headers.get('retry-after')).toBe('15');
    expect(h.mock.requests.length).toBe(upstreamCalls);
  });

  it('admits again once the window has slid past the first requests', async () => {
    now = T0 + 60_000;
    const answer = await h.openai.chat.completions.create(chat);
    expect(answer.choices[0]?.message.content).toBeTruthy();
  });
});

describe('spend per day (client key "test": $0.01, one request costs more)', () => {
  let h: Harness;
  const log = recordingLogger();
  beforeAll(async () => {
    h = await startHarness({
      config: { prices: PRICES, limits: { clients: { test: { usdPerDay: 0.01 } } } },
      gateway: { clock: () => T0, log },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('admits the request that spends the budget, then refuses the next with budget_exceeded until midnight UTC', async () => {
    await h.openai.chat.completions.create(chat);
    const upstreamCalls = h.mock.requests.length;
    const error = await caught(h.openai.chat.completions.create(chat));
    expect(error.status).toBe(429);
    expect(error.code).toBe('budget_exceeded');
    expect(error.type).toBe('rate_limit_error');
    expect(error.error.message).toMatch(/^The daily budget of \$0\.01 \(client key "test"\) is spent \(\$0\.\d+ used\); it resets at 00:00 UTC\.$/);
    expect(error.headers.get('retry-after')).toBe(String(12 * 3600));
    expect(h.mock.requests.length).toBe(upstreamCalls);
  });

  it('logged one budget warning when the spend crossed 80 %', () => {
    const warnings = log.warnings.filter((entry) => entry.message === 'budget warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ scope: 'client:test', limit: 'usdPerDay', max: 0.01 });
  });
});

describe('a spent budget survives a restart', () => {
  let mock: MockUpstream;
  let dataDir: string;
  let gateway: Gateway | undefined;
  beforeAll(async () => {
    mock = await startMockUpstream({ apiKey: PROVIDER_KEY });
    dataDir = mkdtempSync(join(tmpdir(), 'signalbox-limits-'));
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<OpenAI> {
    const config = validateConfig(
      {
        providers: { mock: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' } },
        clientKeys: [{ name: 'test', key: 'env:SIGNALBOX_TEST_KEY' }],
        prices: PRICES,
        limits: { global: { usdPerDay: 0.01 } },
      },
      'test config',
    );
    gateway = await createGateway({
      config,
      dataDir,
      env: { MOCK_PROVIDER_KEY: PROVIDER_KEY, SIGNALBOX_TEST_KEY: CLIENT_KEY },
      log: silentLogger,
      uiRoot: null,
      clock: () => T0,
    });
    const { url } = await gateway.listen({ port: 0, host: '127.0.0.1' });
    return new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${url}/v1`, maxRetries: 0 });
  }

  it('spends the global daily budget in a first run', async () => {
    const client = await start();
    await client.chat.completions.create(chat);
    expect((await caught(client.chat.completions.create(chat))).code).toBe('budget_exceeded');
  });

  it('refuses the first request of a second gateway on the same data directory, without calling the provider', async () => {
    const client = await start();
    const upstreamCalls = mock.requests.length;
    const error = await caught(client.chat.completions.create(chat));
    expect(error.status).toBe(429);
    expect(error.code).toBe('budget_exceeded');
    expect(error.error.message).toMatch(/^The daily budget of \$0\.01 \(global\) is spent/);
    expect(mock.requests.length).toBe(upstreamCalls);
  });
});
