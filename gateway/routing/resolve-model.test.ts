import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { resolveProviders } from '../providers/registry.js';
import { resolveModel } from './resolve-model.js';

const providers = resolveProviders(
  validateConfig(
    {
      providers: {
        oai: { type: 'openai', apiKey: 'env:OAI', models: ['gpt-4o-mini', 'gpt-4o'] },
        or: { type: 'openrouter', apiKey: 'env:OR' },
        off: { type: 'groq', apiKey: 'env:GROQ', enabled: false },
        nokey: { type: 'mistral', apiKey: 'env:MISSING' },
        local: { type: 'ollama', models: ['llama3.2', 'gpt-4o'] },
      },
    },
    'test',
  ),
  { OAI: 'sk-oai-123456789', OR: 'sk-or-123456789', GROQ: 'gsk-123456789' },
  '1.0.0',
);

describe('model resolution', () => {
  it('routes <provider>/<model>, keeping slashes of the model id', () => {
    expect(resolveModel('oai/gpt-4o', providers)).toMatchObject({ provider: { id: 'oai' }, upstreamModel: 'gpt-4o' });
    expect(resolveModel('or/anthropic/claude-3.5-sonnet', providers)).toMatchObject({ provider: { id: 'or' }, upstreamModel: 'anthropic/claude-3.5-sonnet' });
  });

  it('routes a bare model name to the first provider that lists it', () => {
    expect(resolveModel('gpt-4o', providers)).toMatchObject({ provider: { id: 'oai' }, upstreamModel: 'gpt-4o' });
    expect(resolveModel('llama3.2', providers)).toMatchObject({ provider: { id: 'local' } });
  });

  it('404s unknown models and providers, naming what exists', () => {
    expect(() => resolveModel('oai/gpt-5-nope', providers)).toThrow(/does not exist.*oai\/gpt-4o-mini/);
    expect(() => resolveModel('nobody/x', providers)).toThrow(expect.objectContaining({ kind: 'model_not_found', status: 404, param: 'model' }));
    expect(() => resolveModel('mystery', providers)).toThrow(/configured providers: oai, or, off, nokey, local/);
    expect(() => resolveModel('off/llama', providers)).toThrow(/disabled/);
  });

  it('refuses providers whose key is missing, saying why', () => {
    expect(() => resolveModel('nokey/mistral-small', providers)).toThrow(expect.objectContaining({ kind: 'provider_unavailable', status: 503 }));
    expect(() => resolveModel('nokey/mistral-small', providers)).toThrow(/MISSING is not set/);
  });

  it('applies presets: base URL, auth header, user agent', () => {
    const oai = providers.get('oai');
    expect(oai?.baseUrl).toBe('https://api.openai.com/v1');
    expect(oai?.headers.authorization).toBe('Bearer sk-oai-123456789');
    expect(providers.get('or')?.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(providers.get('local')?.headers.authorization).toBeUndefined();
    expect(providers.get('local')?.unavailable).toBeUndefined();
  });
});

describe('vendor model names without a provider prefix', () => {
  const vendors = resolveProviders(
    validateConfig(
      {
        providers: {
          local: { type: 'ollama' },
          claude: { type: 'anthropic', apiKey: 'env:A' },
          google: { type: 'gemini', apiKey: 'env:G' },
          listed: { type: 'openai', apiKey: 'env:O', models: ['gpt-4o'] },
        },
      },
      'test',
    ),
    { A: 'sk-ant-123456789', G: 'goog-123456789', O: 'sk-oai-123456789' },
    '1.0.0',
  );

  it('routes claude-…, gemini-… to the first provider of that vendor', () => {
    expect(resolveModel('claude-sonnet-4-5-20250929', vendors)).toMatchObject({ provider: { id: 'claude' }, upstreamModel: 'claude-sonnet-4-5-20250929' });
    expect(resolveModel('gemini-2.5-flash', vendors)).toMatchObject({ provider: { id: 'google' } });
  });

  it('respects explicit model lists', () => {
    expect(resolveModel('gpt-4o', vendors)).toMatchObject({ provider: { id: 'listed' } });
    expect(() => resolveModel('gpt-5', vendors)).toThrow(/does not exist/);
  });
});
