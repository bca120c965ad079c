import { describe, expect, it } from 'vitest';
import { loadClientKeys, matchClientKey, presentedKey, sha256 } from './client-keys.js';

describe('client keys', () => {
  const { entries, problems } = loadClientKeys(
    [
      { name: 'ide', key: 'env:IDE_KEY' },
      { name: 'ci', sha256: sha256('sk-ci-key').toString('hex') },
      { name: 'gone', key: 'env:NOT_SET' },
    ],
    { IDE_KEY: 'sk-ide-key' },
  );

  it('matches env and digest keys, reports unresolvable ones', () => {
    expect(matchClientKey('sk-ide-key', entries)).toBe('ide');
    expect(matchClientKey('sk-ci-key', entries)).toBe('ci');
    expect(matchClientKey("' OR '1'='1", entries)).toBeUndefined();
    expect(problems).toEqual(['client key "gone": environment variable NOT_SET is not set']);
  });

  it('reads Bearer and x-api-key the same way and refuses conflicts', () => {
    expect(presentedKey({ authorization: 'Bearer k1' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ authorization: 'bearer   k1 ' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ 'x-api-key': 'k1' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ authorization: 'Bearer k1', 'x-api-key': 'k1' })).toEqual({ ok: true, key: 'k1' });
    expect(presentedKey({ authorization: 'Bearer k1', 'x-api-key': 'k2' })).toEqual({ ok: false, reason: 'conflicting' });
    expect(presentedKey({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ ok: false, reason: 'malformed' });
    expect(presentedKey({})).toEqual({ ok: false, reason: 'missing' });
  });
});
