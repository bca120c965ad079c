import { describe, expect, it } from 'vitest';
import { credentialInQuery, presentedKey } from './credentials.js';

describe('presented credentials', () => {
  it('reads Bearer, x-api-key and x-goog-api-key the same way', () => {
    expect(presentedKey({ authorization: 'Bearer k1' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ authorization: 'bearer   k1 ' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ 'x-api-key': 'k1' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ 'x-goog-api-key': ' k1' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ authorization: 'Bearer k1', 'x-api-key': 'k1', 'x-goog-api-key': 'k1' })).toEqual({ ok: true, key: 'k1' });
  });

  it('refuses conflicting, repeated, empty and non-Bearer credentials', () => {
    expect(presentedKey({ authorization: 'Bearer k1', 'x-api-key': 'k2' })).toEqual({ ok: false, reason: 'conflicting' });
    expect(presentedKey({ 'x-api-key': 'k1', 'x-goog-api-key': 'k2' })).toEqual({ ok: false, reason: 'conflicting' });
    expect(presentedKey({ authorization: ['Bearer k1', 'Bearer k1'] })).toEqual({ ok: false, reason: 'conflicting' });
    expect(presentedKey({ 'x-api-key': ['k1', 'k2'] })).toEqual({ ok: false, reason: 'conflicting' });
    expect(presentedKey({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ ok: false, reason: 'malformed' });
    expect(presentedKey({ authorization: 'Bearer k1 k2' })).toEqual({ ok: false, reason: 'malformed' });
    expect(presentedKey({ 'x-api-key': '  ' })).toEqual({ ok: false, reason: 'malformed' });
    expect(presentedKey({})).toEqual({ ok: false, reason: 'missing' });
  });

  it('finds keys in query strings, whatever their case', () => {
    expect(credentialInQuery('/v1/chat/completions?key=abc')).toBe('key');
    expect(credentialInQuery('/v1/models?API_KEY=abc')).toBe('API_KEY');
    expect(credentialInQuery('/v1/messages?beta=true&access_token=x')).toBe('access_token');
    expect(credentialInQuery('/v1/messages?beta=true')).toBeUndefined();
    expect(credentialInQuery('/v1/models')).toBeUndefined();
  });
});
