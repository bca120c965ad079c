import { describe, expect, it } from 'vitest';
import { describeKey, formChanged, formFromProvider, parseHeaders, parseModelList, parseTimeout, presetDefaults, presetsFrom, providerFieldFromParam, suggestId, validateProviderForm } from './provider-form';
import { keychainEntryOf } from './delete-provider';
import { describePrice } from './model-price';

const CATALOG = [
  { type: 'openai-compatible', label: 'OpenAI-compatible', requiresKey: false },
  { type: 'groq', label: 'Groq', defaultBaseUrl: 'https://api.groq.com/openai/v1', requiresKey: true },
  { type: 'ollama', label: 'Ollama', defaultBaseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, prices: 'local' },
  { type: 'openai', label: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', requiresKey: true },
];
const presets = presetsFrom(CATALOG);
const preset = (type: string) => presets.find((entry) => entry.type === type)!;

describe('provider presets and form', () => {
  it('orders presets and fills their defaults', () => {
    expect(presets.map((entry) => entry.type)).toEqual(['openai', 'groq', 'ollama', 'openai-compatible']);
    expect(preset('openai-compatible').label).toBe('Custom (OpenAI-compatible)');
    expect(preset('ollama')).toMatchObject({ requiresKey: false, local: true });
    expect(presetDefaults(preset('groq'), ['groq'])).toEqual({ id: 'groq-2', type: 'groq', baseUrl: 'https://api.groq.com/openai/v1', apiKey: '', models: '', timeoutSeconds: '', enabled: true, headers: [] });
    expect(suggestId('openai-compatible', [])).toBe('custom');
  });

  it('sends the key value apart from the provider, and the base URL only when it is not the default', () => {
    const values = { ...presetDefaults(preset('groq'), []), apiKey: ' gsk_abc123 ' };
    expect(validateProviderForm(values, preset('groq'))).toEqual({ ok: true, id: 'groq', provider: { type: 'groq' }, apiKey: 'gsk_abc123' });
    const custom = { ...presetDefaults(preset('openai-compatible'), []), baseUrl: 'http://127.0.0.1:9000/v1', models: 'a, b\nb' };
    expect(validateProviderForm(custom, preset('openai-compatible'))).toEqual({ ok: true, id: 'custom', provider: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9000/v1', models: ['a', 'b'] } });
  });

  it('keeps the configured key reference when editing without a new key, replaces it with a new one', () => {
    const existing = { type: 'groq', apiKey: 'keychain:groq', timeoutMs: 5000 };
    const form = formFromProvider('groq', existing, preset('groq'));
    expect(form.timeoutSeconds).toBe('5');
    expect(validateProviderForm(form, preset('groq'), { existing })).toEqual({ ok: true, id: 'groq', provider: { type: 'groq', apiKey: 'keychain:groq', timeoutMs: 5000 } });
    expect(validateProviderForm({ ...form, apiKey: 'new' }, preset('groq'), { existing })).toEqual({ ok: true, id: 'groq', provider: { type: 'groq', timeoutMs: 5000 }, apiKey: 'new' });
  });

  it('edits timeout, enabled and extra headers; clearing them goes back to the defaults', () => {
    const existing = { type: 'groq', apiKey: 'keychain:groq', timeoutMs: 5000, headers: { 'X-Title': 'old' } };
    const form = formFromProvider('groq', existing, preset('groq'));
    expect(form.headers).toEqual([{ name: 'X-Title', value: 'old' }]);
    expect(formChanged(form, form)).toBe(false);
    const edited = { ...form, timeoutSeconds: '2.5', enabled: false, headers: [{ name: 'HTTP-Referer', value: 'https://a.dev' }, { name: '', value: '' }] };
    expect(formChanged(form, edited)).toBe(true);
    expect(formChanged(form, { ...form, headers: [...form.headers, { name: ' ', value: '' }] })).toBe(false);
    expect(validateProviderForm(edited, preset('groq'), { existing })).toEqual({
      ok: true,
      id: 'groq',
      provider: { type: 'groq', apiKey: 'keychain:groq', timeoutMs: 2500, enabled: false, headers: { 'HTTP-Referer': 'https://a.dev' } },
    });
    expect(validateProviderForm({ ...form, timeoutSeconds: '', headers: [], enabled: true }, preset('groq'), { existing })).toEqual({ ok: true, id: 'groq', provider: { type: 'groq', apiKey: 'keychain:groq' } });
  });

  it('refuses credential headers, bad names, duplicates and bad timeouts', () => {
    expect(parseHeaders([{ name: 'Authorization', value: 'Bearer x' }])).toMatchObject({ ok: false, error: expect.stringContaining('API key field') });
    expect(parseHeaders([{ name: 'x-api-key', value: 'abc' }])).toMatchObject({ ok: false, error: expect.stringContaining('“x-api-key” looks like a credential') });
    expect(parseHeaders([{ name: 'X-Custom', value: 'Bearer abc' }])).toMatchObject({ ok: false });
    expect(parseHeaders([{ name: 'bad name', value: 'v' }])).toMatchObject({ ok: false, error: expect.stringContaining('not a header name') });
    expect(parseHeaders([{ name: 'X-A', value: '1' }, { name: 'x-a', value: '2' }])).toMatchObject({ ok: false, error: expect.stringContaining('twice') });
    expect(parseHeaders([{ name: '', value: 'v' }])).toMatchObject({ ok: false });
    for (const raw of ['0', '0.01', 'abc', '-1', '4000']) expect(parseTimeout(raw).ok, raw).toBe(false);
    expect(parseTimeout(' 30 ')).toEqual({ ok: true, timeoutMs: 30_000 });
    expect(parseTimeout('')).toEqual({ ok: true, timeoutMs: undefined });
    expect(validateProviderForm({ ...presetDefaults(preset('ollama'), []), headers: [{ name: 'api-key', value: 'x' }], timeoutSeconds: 'x' }, preset('ollama'))).toMatchObject({
      ok: false,
      errors: { headers: expect.any(String), timeoutSeconds: expect.any(String) },
    });
    expect(providerFieldFromParam('providers.groq.headers.Authorization')).toBe('headers');
    expect(providerFieldFromParam('providers.groq.timeoutMs')).toBe('timeoutSeconds');
  });

  it('offers to remove a deleted provider\'s keychain entry, saying who else uses it', () => {
    const secrets = {
      keychain: { available: true },
      secrets: [
        { name: 'groq', ref: 'keychain:groq', source: 'keychain' as const, set: true, hint: 'gsk…9f2a', usedBy: ['groq'] },
        { name: 'shared', ref: 'keychain:shared', source: 'keychain' as const, set: true, hint: 'sk…1', usedBy: ['a', 'b'] },
        { name: 'MOCK_KEY', ref: 'env:MOCK_KEY', source: 'env' as const, set: true, hint: null, usedBy: ['mock'] },
      ],
    };
    expect(keychainEntryOf('groq', 'keychain:groq', secrets)).toEqual({ name: 'groq', sharedWith: [] });
    expect(keychainEntryOf('a', 'keychain:shared', secrets)).toEqual({ name: 'shared', sharedWith: ['b'] });
    expect(keychainEntryOf('mock', 'env:MOCK_KEY', secrets)).toBeNull();
    expect(keychainEntryOf('x', undefined, undefined)).toBeNull();
  });

  it('says what is missing or wrong', () => {
    expect(validateProviderForm({ ...presetDefaults(preset('groq'), []), id: 'Groq!', baseUrl: 'ftp://x' }, preset('groq'), { takenIds: [] })).toEqual({
      ok: false,
      errors: { id: expect.stringContaining('Lowercase'), baseUrl: 'An http:// or https:// address', apiKey: 'Groq needs an API key' },
    });
    expect(validateProviderForm({ ...presetDefaults(preset('openai-compatible'), []) }, preset('openai-compatible'))).toMatchObject({ ok: false, errors: { baseUrl: expect.stringContaining('address') } });
    expect(validateProviderForm({ ...presetDefaults(preset('ollama'), []), id: 'ollama' }, preset('ollama'), { takenIds: ['ollama'] })).toMatchObject({ ok: false, errors: { id: 'A provider named “ollama” already exists' } });
    expect(validateProviderForm({ ...presetDefaults(preset('groq'), []), apiKey: 'gsk 123' }, preset('groq'))).toMatchObject({ ok: false, errors: { apiKey: expect.stringContaining('no spaces') } });
  });

  it('maps error params to fields', () => {
    expect(providerFieldFromParam('providers.groq.baseUrl')).toBe('baseUrl');
    expect(providerFieldFromParam('provider.models[2]')).toBe('models');
    expect(providerFieldFromParam('providers.groq')).toBe('id');
    expect(providerFieldFromParam('apiKey')).toBe('apiKey');
    expect(providerFieldFromParam('routes.fast')).toBe('form');
    expect(providerFieldFromParam(null)).toBe('form');
    expect(parseModelList(' a,,b a ')).toEqual(['a', 'b']);
  });

  it('describes a key by its masked hint or its source, never its value', () => {
    const secrets = {
      keychain: { available: true },
      secrets: [
        { name: 'groq', ref: 'keychain:groq', source: 'keychain' as const, set: true, hint: 'gsk…9f2a', usedBy: ['groq'] },
        { name: 'MOCK_KEY', ref: 'env:MOCK_KEY', source: 'env' as const, set: true, hint: null, usedBy: ['mock'] },
        { name: 'ant', ref: 'keychain:ant', source: 'keychain' as const, set: false, hint: null, usedBy: ['ant'] },
      ],
    };
    expect(describeKey('groq', 'keychain:groq', true, secrets)).toEqual({ text: 'gsk…9f2a · in the keychain', tone: 'ok' });
    expect(describeKey('mock', 'env:MOCK_KEY', true, secrets)).toEqual({ text: 'from $MOCK_KEY', tone: 'ok' });
    expect(describeKey('ant', 'keychain:ant', false, secrets).tone).toBe('warn');
    expect(describeKey('ollama', undefined, false, secrets)).toEqual({ text: 'no key (none needed)', tone: 'muted' });
  });

  it('formats prices per 1M tokens', () => {
    expect(describePrice({ input: 0.15, output: 0.6, cacheRead: 0.075 }, { cache: true })).toBe('$0.15 in · $0.60 out · $0.075 cached');
    expect(describePrice(null)).toBe('no price known');
  });
});
