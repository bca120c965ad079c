import { describe, expect, it } from 'vitest';
import { SecretRef } from '../config/schema.js';
import { resolveSecret, type SecretResult } from './resolve.js';
import { keychainName, parseSecretRef } from './secret-ref.js';

const VALID = ['env:OPENAI_API_KEY', 'env:_X1', 'keychain:openai', 'keychain:OpenAI.prod-2', 'keychain:a', `keychain:a${'b'.repeat(63)}`];
const INVALID = [
  'sk-live-123',
  'env:',
  'env:1ABC',
  'env:A-B',
  'keychain:',
  'keychain:-x',
  'keychain:.x',
  'keychain:a b',
  'keychain:a/b',
  `keychain:a${'b'.repeat(64)}`,
  'vault:x',
  'KEYCHAIN:x',
];

describe('secret references', () => {
  it('parses env: and keychain: references', () => {
    expect(parseSecretRef('env:OPENAI_API_KEY')).toEqual({ scheme: 'env', name: 'OPENAI_API_KEY' });
    expect(parseSecretRef('keychain:OpenAI.prod-2')).toEqual({ scheme: 'keychain', name: 'OpenAI.prod-2' });
    expect(keychainName('keychain:openai')).toBe('openai');
    expect(keychainName('env:OPENAI')).toBeUndefined();
    expect(keychainName(undefined)).toBeUndefined();
  });

  it('accepts exactly what the config schema accepts', () => {
    for (const ref of VALID) {
      expect(parseSecretRef(ref), ref).toBeDefined();
      expect(SecretRef.safeParse(ref).success, ref).toBe(true);
    }
    for (const ref of INVALID) {
      expect(parseSecretRef(ref), ref).toBeUndefined();
      expect(SecretRef.safeParse(ref).success, ref).toBe(false);
    }
  });

  it('the schema message names both kinds of reference', () => {
    const result = SecretRef.safeParse('sk-live-123');
    expect(result.error?.issues[0]?.message).toMatch(/env:OPENAI_API_KEY or keychain:openai/);
  });
});

describe('resolveSecret', () => {
  const keychain = new Map<string, SecretResult>([
    ['openai', { ok: true, value: 'sk-from-keychain-123' }],
    ['gone', { ok: false, reason: 'keychain entry "gone" is not set' }],
  ]);

  it('takes keychain: values from the lookup made beforehand', () => {
    expect(resolveSecret('keychain:openai', {}, keychain)).toEqual({ ok: true, value: 'sk-from-keychain-123' });
    expect(resolveSecret('keychain:gone', {}, keychain)).toEqual({ ok: false, reason: 'keychain entry "gone" is not set' });
    expect(resolveSecret('keychain:other', {}, keychain)).toEqual({ ok: false, reason: 'keychain entry "other" was not read' });
  });

  it('refuses keychain: where no lookup is possible (client keys)', () => {
    expect(resolveSecret('keychain:openai', {})).toEqual({ ok: false, reason: 'keychain references are supported for provider keys only; use env: here' });
  });

  it('still reads env: references, with or without a keychain', () => {
    expect(resolveSecret('env:K', { K: ' sk-env-1 ' }, keychain)).toEqual({ ok: true, value: 'sk-env-1' });
    expect(resolveSecret('env:K', {})).toEqual({ ok: false, reason: 'environment variable K is not set' });
    expect(resolveSecret('env:K', { K: 'a b' })).toEqual({ ok: false, reason: 'environment variable K contains characters a key cannot have' });
  });
});
