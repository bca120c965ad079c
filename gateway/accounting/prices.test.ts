import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { resolveProviders, type ResolvedProvider } from '../providers/registry.js';
import { estimateCostMicros, formatMicros } from './cost.js';
import { loadPriceCatalog, type CatalogLookup } from './price-catalog.js';
import { createPriceBook, type ModelPrice } from './prices.js';

const providers = resolveProviders(
  validateConfig(
    {
      providers: {
        oai: { type: 'openai', apiKey: 'env:OAI' },
        claude: { type: 'anthropic', apiKey: 'env:ANT' },
        gem: { type: 'gemini', apiKey: 'env:GEM' },
        groq: { type: 'groq', apiKey: 'env:GROQ' },
        // No preset: recognised by its URL.
        groqish: { type: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1/', apiKey: 'env:GROQ' },
        custom: { type: 'openai-compatible', baseUrl: 'https://llm.example.com/v1' },
        ollama: { type: 'ollama' },
        lms: { type: 'lmstudio' },
      },
    },
    'test',
  ),
  { OAI: 'sk-oai-123456789', ANT: 'sk-ant-123456789', GEM: 'goog-123456789', GROQ: 'gsk-123456789' },
  '1.0.0',
);

function provider(id: string): ResolvedProvider {
  const found = providers.get(id);
  if (!found) throw new Error(`no provider ${id}`);
  return found;
}

const LOCAL: ModelPrice = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, source: 'local' };

describe('createPriceBook: overrides and local models (no catalogue needed)', () => {
  const neverLoaded = (): Promise<CatalogLookup> => Promise.reject(new Error('the catalogue should not be loaded'));

  it('a config override wins, keyed "<provider>/<model>"', () => {
    const book = createPriceBook({ 'oai/gpt-4o-mini': { input: 1, output: 2, cacheRead: 0.5 }, 'ollama/llama3.2': { input: 0.1, output: 0.2 } }, neverLoaded);
    expect(book.lookup(provider('oai'), 'gpt-4o-mini')).toEqual({ input: 1, output: 2, cacheRead: 0.5, source: 'config' });
    // Even for a local model.
    expect(book.lookup(provider('ollama'), 'llama3.2')).toEqual({ input: 0.1, output: 0.2, source: 'config' });
    // Only for that provider and model.
    expect(book.lookup(provider('oai'), 'gpt-4o')).toBeUndefined();
    expect(book.lookup(provider('groqish'), 'gpt-4o-mini')).toBeUndefined();
  });

  it.each([
    { id: 'ollama', model: 'llama3.2' },
    { id: 'ollama', model: 'qwen2.5-coder:32b' },
    { id: 'lms', model: 'anything-at-all' },
  ])('$id/$model runs locally: free', ({ id, model }) => {
    const book = createPriceBook({}, neverLoaded);
    expect(book.lookup(provider(id), model)).toEqual(LOCAL);
  });

  it('before the catalogue is loaded, other models are unknown (undefined, never 0)', () => {
    let loads = 0;
    const book = createPriceBook({}, () => {
      loads++;
      return loadPriceCatalog();
    });
    expect(book.lookup(provider('oai'), 'gpt-4o-mini')).toBeUndefined();
    expect(loads).toBe(0);
  });

  it('ready() loads the catalogue once', async () => {
    let loads = 0;
    const book = createPriceBook({}, () => {
      loads++;
      return Promise.resolve(() => ({ input: 9, output: 9, source: 'catalog' as const }));
    });
    await Promise.all([book.ready(), book.ready()]);
    await book.ready();
    expect(loads).toBe(1);
    expect(book.lookup(provider('oai'), 'whatever')).toEqual({ input: 9, output: 9, source: 'catalog' });
  });

  it('passes the catalogue provider id when the preset names one, else the base URL', async () => {
    const queries: unknown[] = [];
    const book = createPriceBook({}, () =>
      Promise.resolve((query) => {
        queries.push(query);
        return undefined;
      }),
    );
    await book.ready();
    book.lookup(provider('gem'), 'gemini-2.5-flash');
    book.lookup(provider('groqish'), 'llama-3.3-70b-versatile');
    expect(queries).toEqual([
      { catalogProvider: 'google', baseUrl: 'https://generativelanguage.googleapis.com', model: 'gemini-2.5-flash' },
      { baseUrl: 'https://api.groq.com/openai/v1', model: 'llama-3.3-70b-versatile' },
    ]);
  });

  it('a catalogue that fails to load leaves prices unknown, overrides and local still work', async () => {
    const book = createPriceBook({ 'oai/gpt-4o': { input: 2.5, output: 10 } }, neverLoaded);
    await expect(book.ready()).resolves.toBeUndefined();
    expect(book.lookup(provider('oai'), 'gpt-4o-mini')).toBeUndefined();
    expect(book.lookup(provider('oai'), 'gpt-4o')).toMatchObject({ input: 2.5, output: 10, source: 'config' });
    expect(book.lookup(provider('ollama'), 'x')).toEqual(LOCAL);
  });
});

describe('createPriceBook: the offline catalogue (@pydantic/genai-prices)', () => {
  const book = createPriceBook({}, loadPriceCatalog);

  it.each([
    { id: 'oai', model: 'gpt-4o-mini', input: 0.15, output: 0.6 },
    { id: 'claude', model: 'claude-haiku-4-5', input: 1, output: 5 },
    { id: 'gem', model: 'gemini-2.5-flash', input: 0.3, output: 2.5 },
    { id: 'groq', model: 'llama-3.3-70b-versatile', input: 0.59, output: 0.79 },
    // openai-compatible with Groq's URL: matched by the URL.
    { id: 'groqish', model: 'llama-3.3-70b-versatile', input: 0.59, output: 0.79 },
  ])('$id/$model: $input / $output USD per 1M tokens', async ({ id, model, input, output }) => {
    await book.ready();
    const price = book.lookup(provider(id), model);
    expect(price).toMatchObject({ input, output, source: 'catalog' });
    // Cached: the same answer again.
    expect(book.lookup(provider(id), model)).toEqual(price);
  });

  it('carries cache prices when the catalogue has them', async () => {
    await book.ready();
    expect(book.lookup(provider('claude'), 'claude-haiku-4-5')).toMatchObject({ cacheRead: 0.1, cacheWrite: 1.25 });
    expect(book.lookup(provider('oai'), 'gpt-4o-mini')?.cacheRead).toBe(0.075);
  });

  it.each([
    { id: 'oai', model: 'gpt-nonexistent-9000' },
    { id: 'claude', model: 'claude-imaginary-1' },
    { id: 'custom', model: 'llama-3.3-70b-versatile' },
    { id: 'groqish', model: 'no-such-model' },
  ])('$id/$model is unknown: undefined, never 0', async ({ id, model }) => {
    await book.ready();
    expect(book.lookup(provider(id), model)).toBeUndefined();
  });

  it('the catalogue is loaded once per process', async () => {
    expect(await loadPriceCatalog()).toBe(await loadPriceCatalog());
  });
});

describe('estimateCostMicros', () => {
  const price = (input: number, output: number): ModelPrice => ({ input, output, source: 'config' });

  it.each([
    // tokens × USD per 1M tokens = micro-USD
    { name: 'gpt-4o-mini, 1000 in / 500 out', price: price(0.15, 0.6), input: 1_000, output: 500, expected: 150 + 300 },
    { name: 'claude-haiku-4-5, 1500 in / 250 out', price: price(1, 5), input: 1_500, output: 250, expected: 1_500 + 1_250 },
    { name: 'llama on groq, 2000 in / 300 out', price: price(0.59, 0.79), input: 2_000, output: 300, expected: 1_180 + 237 },
    { name: '1M input tokens at $1 = $1', price: price(1, 5), input: 1_000_000, output: 0, expected: 1_000_000 },
    { name: 'rounding once at the end: 7·0.15 + 3·0.6 = 2.85 → 3', price: price(0.15, 0.6), input: 7, output: 3, expected: 3 },
    { name: 'rounding down: 3·0.15 + 1·0.6 = 1.05 → 1', price: price(0.15, 0.6), input: 3, output: 1, expected: 1 },
    { name: 'half rounds up: 12345·0.3 + 678·2.5 = 5398.5 → 5399', price: price(0.3, 2.5), input: 12_345, output: 678, expected: 5_399 },
    { name: 'nothing', price: price(2.5, 10), input: 0, output: 0, expected: 0 },
    { name: 'local model', price: LOCAL, input: 50_000, output: 50_000, expected: 0 },
  ])('$name → $expected µ$', ({ price: p, input, output, expected }) => {
    const cost = estimateCostMicros(p, input, output);
    expect(cost).toBe(expected);
    expect(Number.isInteger(cost)).toBe(true);
  });

  it.each([
    { micros: 0, text: '$0.000000' },
    { micros: 450, text: '$0.000450' },
    { micros: 1_234_567, text: '$1.234567' },
  ])('formatMicros($micros) = $text', ({ micros, text }) => {
    expect(formatMicros(micros)).toBe(text);
  });
});
