/** Embeddings (both encodings) and the model list, through the real server with the `openai` SDK. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function rawEmbeddings(body: Record<string, unknown>): Promise<any> {
  const response = await fetch(`${h.url}/v1/embeddings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe('POST /v1/embeddings', () => {
  it('serves the SDK default (base64) and float identically', async () => {
    const viaBase64 = await h.openai.embeddings.create({ model: 'mock/text-embedding-3-small', input: ['hello', 'world'], dimensions: 4 });
    expect(h.mock.lastBody()).toEqual({ model: 'text-embedding-3-small', input: ['hello', 'world'], dimensions: 4, encoding_format: 'base64' });
    const viaFloat = await h.openai.embeddings.create({ model: 'mock/text-embedding-3-small', input: ['hello', 'world'], dimensions: 4, encoding_format: 'float' });
    expect(viaBase64.data.map((item) => item.embedding)).toEqual(viaFloat.data.map((item) => item.embedding));
    expect(viaFloat.data[0]?.embedding).toHaveLength(4);
    expect(viaFloat.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
    expect(viaFloat.model).toBe('text-embedding-3-small');
  });

  it('returns base64 strings to a raw client that asked for them', async () => {
    const body = await rawEmbeddings({ model: 'mock/text-embedding-3-small', input: 'hello', encoding_format: 'base64' });
    expect(typeof body.data[0].embedding).toBe('string');
  });

  it('converts when a provider ignores encoding_format', async () => {
    const converted = await h.openai.embeddings.create({ model: 'mock/embed-float-only', input: 'hello' });
    const direct = await h.openai.embeddings.create({ model: 'mock/text-embedding-3-small', input: 'hello', encoding_format: 'float' });
    expect(converted.data[0]?.embedding).toEqual(direct.data[0]?.embedding);
    const raw = await rawEmbeddings({ model: 'mock/embed-float-only', input: 'hello', encoding_format: 'base64' });
    expect(typeof raw.data[0].embedding).toBe('string');
  });

  it('accepts token-array input and validates types', async () => {
    await h.openai.embeddings.create({ model: 'mock/text-embedding-3-small', input: [[1, 2, 3]] });
    expect(h.mock.lastBody().input).toEqual([[1, 2, 3]]);
    await expect(h.openai.embeddings.create({ model: 'mock/text-embedding-3-small', input: [] as string[] })).rejects.toMatchObject({ status: 400, param: 'input' });
    await expect(h.openai.embeddings.create({ model: 'nobody/x', input: 'x' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('GET /v1/models', () => {
  it('lists configured and discovered models as <provider>/<model>', async () => {
    const page = await h.openai.models.list();
    const ids = page.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['mock/gpt-test', 'mock/gpt-tool', 'oai/gpt-test', 'oai/o3-mini', 'oai/text-embedding-3-small']));
    expect(ids.filter((id) => id.startsWith('oai/'))).toEqual(['oai/gpt-test', 'oai/o3-mini', 'oai/text-embedding-3-small']);
    expect(page.data.find((model) => model.id === 'mock/gpt-test')).toEqual({ id: 'mock/gpt-test', object: 'model', created: 1767225600, owned_by: 'mock' });
  });

  it('discovers each provider once and caches it', async () => {
    const before = h.mock.requests.filter((request) => request.path === '/v1/models').length;
    await h.openai.models.list();
    await h.openai.models.list();
    expect(h.mock.requests.filter((request) => request.path === '/v1/models').length).toBe(before);
  });

  it('retrieves one model, whose id contains a slash', async () => {
    expect(await h.openai.models.retrieve('oai/o3-mini')).toMatchObject({ id: 'oai/o3-mini', owned_by: 'oai' });
    await expect(h.openai.models.retrieve('oai/nope')).rejects.toMatchObject({ status: 404 });
  });

  it('leaves out a provider whose list cannot be fetched', async () => {
    const partial = await startHarness({
      config: (mock) => ({
        providers: {
          good: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
          down: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' },
        },
      }),
    });
    try {
      const ids = (await partial.openai.models.list()).data.map((model) => model.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => id.startsWith('good/'))).toBe(true);
    } finally {
      await partial.close();
    }
  });
});
