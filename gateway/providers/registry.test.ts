import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import type { SecretResult } from '../secrets/resolve.js';
import { applyApiKey, keychainNames, providerSecrets, resolveProviders } from './registry.js';

const config = validateConfig(
  {
    providers: {
      oai: { type: 'openai', apiKey: 'keychain:openai' },
      oai2: { type: 'openai', apiKey: 'keychain:openai', baseUrl: 'https://example.test/v1' },
      ant: { type: 'anthropic', apiKey: 'keychain:anthropic' },
      env: { type: 'groq', apiKey: 'env:GROQ' },
      local: { type: 'ollama' },
    },
  },
  'test',
);

describe('provider keys from the keychain', () => {
  it('lists the keychain entries the config names, once each', () => {
    expect(keychainNames(config)).toEqual(['openai', 'anthropic']);
  });

  it('resolves keychain: refs from the lookup and env: refs from the environment', () => {
    const keychain = new Map<string, SecretResult>([
      ['openai', { ok: true, value: 'sk-openai-from-keychain' }],
      ['anthropic', { ok: false, reason: 'keychain entry "anthropic" is not set — set it with `signalbox keys set anthropic` or in the UI' }],
    ]);
    const providers = resolveProviders(config, { GROQ: 'gsk-env-123456' }, '1.0.0', keychain);
    expect(providers.get('oai')).toMatchObject({ apiKey: 'sk-openai-from-keychain', apiKeyRef: 'keychain:openai', unavailable: undefined });
    expect(providers.get('oai')!.headers.authorization).toBe('Bearer sk-openai-from-keychain');
    expect(providers.get('ant')).toMatchObject({
      apiKey: undefined,
      unavailable: 'API key unavailable: keychain entry "anthropic" is not set — set it with `signalbox keys set anthropic` or in the UI',
    });
    expect(providers.get('ant')!.headers['x-api-key']).toBeUndefined();
    expect(providers.get('env')).toMatchObject({ apiKey: 'gsk-env-123456', unavailable: undefined });
    expect([...new Set(providerSecrets(providers))].sort()).toEqual(['gsk-env-123456', 'sk-openai-from-keychain']);
  });

  it('applyApiKey changes the very object others hold: key, auth header, availability', () => {
    const providers = resolveProviders(config, {}, '1.0.0', new Map());
    const ant = providers.get('ant')!;
    const held = providers.get('ant');
    expect(ant.unavailable).toBe('API key unavailable: keychain entry "anthropic" was not read');

    applyApiKey(ant, { ok: true, value: 'sk-ant-new-0123456789' });
    expect(held).toBe(ant);
    expect(held).toMatchObject({ apiKey: 'sk-ant-new-0123456789', unavailable: undefined });
    expect(held!.headers['x-api-key']).toBe('sk-ant-new-0123456789');
    expect(held!.headers['anthropic-version']).toBeDefined();

    applyApiKey(ant, { ok: false, reason: 'keychain entry "anthropic" is not set' });
    expect(held).toMatchObject({ apiKey: undefined, unavailable: 'API key unavailable: keychain entry "anthropic" is not set' });
    expect(held!.headers['x-api-key']).toBeUndefined();
  });

  it('a reason that is not about the key survives a new key', () => {
    const providers = resolveProviders(config, {}, '1.0.0', new Map());
    const oai = providers.get('oai')!;
    oai.unavailable = 'base URL refused';
    applyApiKey(oai, { ok: true, value: 'sk-openai-0123456789' });
    expect(oai).toMatchObject({ apiKey: 'sk-openai-0123456789', unavailable: 'base URL refused' });
  });
});
