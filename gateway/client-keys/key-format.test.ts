import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKey, hashSecret, parseKey, secretMatches } from './key-format.js';

describe('client key format', () => {
  it('generates keys that parse back to their id and match their own hash only', () => {
    const a = generateKey();
    const b = generateKey();
    expect(a.key).toMatch(/^sk-sb-[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseKey(a.key);
    expect(parsed?.id).toBe(a.id);
    expect(secretMatches(parsed!.secret, a.salt, a.hash)).toBe(true);
    expect(secretMatches(parsed!.secret, b.salt, b.hash)).toBe(false);
    expect(a.hint).toBe(`sk-sb-${a.id}_…${a.key.slice(-4)}`);
    // Salted: the same secret under two salts gives two hashes.
    expect(hashSecret(a.salt, 'x').equals(hashSecret(b.salt, 'x'))).toBe(false);
  });

  it('parses nothing that is not exactly a key', () => {
    const { key } = generateKey();
    for (const text of ['', 'sk-sb-', key.slice(0, -1), `${key}x`, key.toUpperCase(), ` ${key}`, key.replace('_', '-'), "sk-sb-aaaaaaaaaa_' OR 1=1 --"]) {
      expect(parseKey(text)).toBeUndefined();
    }
    fc.assert(fc.property(fc.string(), (text) => parseKey(text) === undefined || /^sk-sb-[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/.test(text)));
  });

  it('rejects secrets of the wrong length without throwing', () => {
    const { salt, hash } = generateKey();
    expect(secretMatches('', salt, hash)).toBe(false);
    expect(secretMatches('x'.repeat(1000), salt, Buffer.alloc(3))).toBe(false);
  });
});
