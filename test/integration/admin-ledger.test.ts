/** Admin API, probes, the request ledger in SQLite, and the static UI. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_CSP } from '../../gateway/ui.js';
import { CLIENT_KEY, PROVIDER_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
const ADMIN = 'admin-token-for-tests-0123456789';
const CANARY_PROMPT = 'canary-prompt-7f3a9c that must never be stored';

beforeAll(async () => {
  // A 429 asking for 7 s fails fast instead of being retried (routing is not what this file is about).
  h = await startHarness({ config: { routing: { retry: { maxRetryAfterMs: 1_000 } } }, gateway: { adminToken: ADMIN } });
});
afterAll(async () => {
  await h.close();
});

const admin = (path: string, token = ADMIN) => fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('probes', () => {
  it('answer without authentication and without revealing anything', async () => {
    const health = await fetch(`${h.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${h.url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(health.headers.get('server')).toBeNull();
  });
});

describe('admin API', () => {
  it('requires the admin token (a client key is not enough)', async () => {
    for (const token of ['', 'wrong', CLIENT_KEY]) {
      const response = await admin('/admin/status', token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as any).error.code).toBe('invalid_admin_token');
    }
    const response = await fetch(`${h.url}/admin/status`);
    expect(response.status).toBe(401);
  });

  it('reports status without any secret value', async () => {
    const response = await admin('/admin/status');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(PROVIDER_KEY);
    expect(text).not.toContain(CLIENT_KEY);
    const status = JSON.parse(text);
    expect(status.providers.map((provider: { id: string }) => provider.id)).toEqual(['mock', 'oai', 'ant', 'gem']);
    expect(status.providers[0]).toMatchObject({ type: 'openai-compatible', hasKey: true, unavailable: null });
    expect(status.clientKeys).toEqual([{ name: 'test', source: 'config' }]);
    expect(status.store.open).toBe(true);
  });

  it('serves the config (references only), its JSON Schema and the provider catalog', async () => {
    const config = (await (await admin('/admin/config')).json()) as any;
    expect(config.providers.mock.apiKey).toBe('env:MOCK_PROVIDER_KEY');
    const schema = (await (await admin('/admin/config/schema')).json()) as any;
    expect(schema.type).toBe('object');
    const catalog = (await (await admin('/admin/providers/catalog')).json()) as any[];
    expect(catalog.find((entry) => entry.type === 'groq')).toMatchObject({ defaultBaseUrl: 'https://api.groq.com/openai/v1', requiresKey: true });
  });

  it('validates query parameters', async () => {
    expect((await admin('/admin/requests?limit=0')).status).toBe(400);
    expect((await admin('/admin/requests?limit=abc')).status).toBe(400);
  });
});

describe('request ledger', () => {
  it('records every request with tokens and outcome, but never prompts or keys', async () => {
    await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: CANARY_PROMPT }] });
    const stream = await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: [{ role: 'user', content: CANARY_PROMPT }], stream: true });
    for await (const _chunk of stream) void _chunk;
    await h.openai.chat.completions.create({ model: 'mock/gpt-429', messages: [{ role: 'user', content: CANARY_PROMPT }] }).catch(() => undefined);
    await h.openai.embeddings.create({ model: 'mock/text-embedding-3-small', input: CANARY_PROMPT });

    const { data } = (await (await admin('/admin/requests?limit=4')).json()) as { data: any[] };
    const [embedding, limited, streamed, plain] = data;
    expect(plain).toMatchObject({
      clientKey: 'test',
      endpoint: 'openai-chat',
      model: 'mock/gpt-test',
      provider: 'mock',
      upstreamModel: 'gpt-test',
      stream: false,
      status: 'ok',
      httpStatus: 200,
      attempts: 1,
      usage: { inputUncached: 17, inputCacheRead: 4, inputCacheWrite: 0, outputText: 9, outputReasoning: 0 },
    });
    expect(plain.id).toMatch(/^sbr_/);
    expect(streamed).toMatchObject({ stream: true, status: 'ok', usage: { inputCacheRead: 4, outputText: 9 } });
    expect(limited).toMatchObject({ status: 'error', httpStatus: 429, errorKind: 'rate_limited', usage: null });
    expect(embedding).toMatchObject({ endpoint: 'openai-embeddings', status: 'ok', usage: { inputUncached: 2 } });

    const files = readdirSync(h.dataDir).filter((name) => name.startsWith('signalbox.db'));
    expect(files).toContain('signalbox.db');
    for (const file of files) {
      const bytes = readFileSync(join(h.dataDir, file)).toString('latin1');
      expect(bytes).not.toContain('canary-prompt-7f3a9c');
      expect(bytes).not.toContain(PROVIDER_KEY);
      expect(bytes).not.toContain(CLIENT_KEY);
    }
  });
});

describe('static UI', () => {
  it('serves the built renderer with a strict CSP, and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'signalbox-ui-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Signalbox</title>');
    const ui = await startHarness({ gateway: { uiRoot: root } });
    try {
      const page = await fetch(`${ui.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(UI_CSP);
      expect(await page.text()).toContain('<title>Signalbox</title>');
      for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%5cpackage.json', '/index.html%00.png', '/.env']) {
        const response = await fetch(`${ui.url}${path}`);
        expect([400, 403, 404]).toContain(response.status);
      }
    } finally {
      await ui.close();
    }
  });
});
