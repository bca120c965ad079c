import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { EgressRefusedError, findEgressRefusal, guardedLookup } from './egress-lookup.js';
import { blockedAddressReason, checkBaseUrl } from './egress-policy.js';

describe('checkBaseUrl', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.170.2/v1',
    'http://169.254.0.1:8080/v1',
    'http://[fe80::1]/v1',
    'http://[fd00:ec2::254]/v1',
    'http://100.100.100.200/v1',
    'http://0.0.0.0:11434/v1',
    'http://0/v1',
    'http://[::]/v1',
    'http://224.0.0.1/v1',
    'http://[ff02::1]/v1',
    'http://255.255.255.255/v1',
    // IPv4 inside IPv6: mapped, translated, NAT64
    'http://[::ffff:169.254.169.254]/v1',
    'http://[::ffff:a9fe:a9fe]/v1',
    'http://[64:ff9b::169.254.169.254]/v1',
    // obfuscated IPv4 that WHATWG URL normalises
    'http://2852039166/',
    'http://0251.0376.0251.0376/',
    'http://0xa9fea9fe/',
    'http://0xA9.0xFE.0xA9.0xFE/',
    'http://169.254.43518/',
    'http://metadata.google.internal/computeMetadata/v1',
    'http://METADATA.GOOGLE.INTERNAL./v1',
  ])('refuses %s', (url) => {
    expect(checkBaseUrl(url)).toMatchObject({ ok: false });
  });

  it.each([
    'https://api.openai.com/v1',
    'http://127.0.0.1:11434/v1',
    'http://localhost:1234/v1',
    'http://[::1]:8000/v1',
    'http://192.168.1.20:11434/v1',
    'http://10.0.0.5:8000/v1',
    'http://172.16.0.1/v1',
    'http://100.101.102.103:11434/v1',
    'http://[fd12:3456::1]/v1',
    'http://[::ffff:127.0.0.1]/v1',
    'http://my-gpu-box.local:8000/v1',
    // One parser for the check and the connection: WHATWG reads "\\" as "/", so this host IS 127.0.0.1.
    'http://127.0.0.1\\@169.254.169.254/',
  ])('allows %s (loopback, private LAN, Tailscale, public)', (url) => {
    expect(checkBaseUrl(url)).toEqual({ ok: true });
  });

  it('names the class of address', () => {
    expect(blockedAddressReason('169.254.169.254')).toBe('a link-local address');
    expect(blockedAddressReason('100.100.100.200')).toBe('a cloud metadata address');
    expect(blockedAddressReason('::')).toBe('an unspecified address');
    expect(blockedAddressReason('not an address')).toBeUndefined();
  });
});

describe('config load', () => {
  const config = (baseUrl: string, extra = ''): string =>
    `providers:\n  meta:\n    type: openai-compatible\n    baseUrl: ${baseUrl}\n${extra}`;

  function problems(text: string): readonly string[] {
    try {
      parseConfig(text, 'test.yaml');
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it('refuses a link-local or metadata base URL, naming the field', () => {
    for (const url of ['http://169.254.169.254/v1', 'http://[::ffff:169.254.169.254]/v1', 'http://2852039166/v1', 'http://metadata.google.internal/v1']) {
      const found = problems(config(url));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/providers\.meta\.baseUrl/);
      expect(found[0]).toMatch(/allowLinkLocal/);
    }
  });

  it('accepts it with allowLinkLocal, and accepts LAN addresses without', () => {
    expect(problems(config('http://169.254.10.10:8000/v1', '    allowLinkLocal: true\n'))).toEqual([]);
    expect(problems(config('http://192.168.1.20:11434/v1'))).toEqual([]);
  });
});

describe('guardedLookup', () => {
  /** A resolver answering from a table, in both callback shapes net.connect uses. */
  const table = (answers: Record<string, string[]>): LookupFunction =>
    ((hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      const found = (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (!found.length) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, found);
      return callback(null, found[0]?.address ?? '', found[0]?.family);
    }) as LookupFunction;

  const resolve = (lookup: LookupFunction, hostname: string, all: boolean): Promise<{ error: unknown; address: unknown }> =>
    new Promise((done) => lookup(hostname, { all }, (error, address) => done({ error, address })));

  const lookup = guardedLookup(
    table({
      'rebound.example': ['169.254.169.254'],
      'mixed.example': ['192.168.1.20', 'fe80::1'],
      'mapped.example': ['::ffff:169.254.169.254'],
      'ollama.lan': ['192.168.1.20'],
    }),
  );

  it.each([true, false])('refuses names resolving to blocked addresses (all: %s)', async (all) => {
    // With all: false the socket uses the first answer only, which for mixed.example is allowed.
    for (const name of ['rebound.example', 'mapped.example', 'metadata.google.internal', ...(all ? ['mixed.example'] : [])]) {
      const { error } = await resolve(lookup, name, all);
      expect(error).toBeInstanceOf(EgressRefusedError);
      expect(findEgressRefusal({ cause: { cause: error } })).toBe(error);
    }
  });

  it('passes other answers and resolver errors through unchanged', async () => {
    expect(await resolve(lookup, 'ollama.lan', false)).toEqual({ error: null, address: '192.168.1.20' });
    expect(await resolve(lookup, 'ollama.lan', true)).toEqual({ error: null, address: [{ address: '192.168.1.20', family: 4 }] });
    expect((await resolve(lookup, 'nowhere.example', false)).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
