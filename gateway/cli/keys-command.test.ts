import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMemoryVault } from '../secrets/memory-vault.js';
import { keysCommand } from './keys-command.js';

function io(stdinText: string, vault = createMemoryVault()) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stdin = Readable.from([stdinText]) as unknown as NodeJS.ReadStream;
  return { vault, streams: { stdin, stdout, stderr, vault }, out: () => out, err: () => err };
}

describe('signalbox keys (memory vault)', () => {
  it('set reads the key from stdin, trims one trailing newline, and prints only a hint', async () => {
    const t = io('sk-piped-value-0123456789\n');
    expect(await keysCommand(['set', 'openai'], t.streams)).toBe(0);
    expect(await t.vault.get('openai')).toBe('sk-piped-value-0123456789');
    expect(t.out()).toContain('Stored "openai" (sk-…6789)');
    expect(t.out()).toContain('apiKey: keychain:openai');
    expect(t.out() + t.err()).not.toContain('sk-piped-value-0123456789');

    const crlf = io('sk-crlf-value-0123456789\r\n', t.vault);
    expect(await keysCommand(['set', 'openai'], crlf.streams)).toBe(0);
    expect(await t.vault.get('openai')).toBe('sk-crlf-value-0123456789');
  });

  it('refuses a key given on the command line, and stores nothing', async () => {
    const t = io('');
    expect(await keysCommand(['set', 'openai', 'sk-in-argv-0123456789'], t.streams)).toBe(2);
    expect(t.err()).toMatch(/refusing to take the key from the command line: arguments end up in shell history and in the process list/);
    expect(t.err()).not.toContain('sk-in-argv-0123456789');
    expect(await t.vault.list()).toEqual([]);
  });

  it('refuses empty, multi-line or spaced values and bad names', async () => {
    for (const value of ['', '\n', 'two\nlines', 'with space']) {
      const t = io(value);
      expect(await keysCommand(['set', 'k'], t.streams), JSON.stringify(value)).toBe(2);
      expect(t.err()).toMatch(/nothing was stored/);
      expect(await t.vault.list()).toEqual([]);
    }
    const bad = io('sk-x');
    expect(await keysCommand(['set', 'bad/name'], bad.streams)).toBe(2);
    expect(bad.err()).toMatch(/invalid key name "bad\/name"/);
    const none = io('');
    expect(await keysCommand(['set'], none.streams)).toBe(2);
    expect(await keysCommand(['frobnicate'], none.streams)).toBe(2);
    expect(none.err()).toMatch(/unknown keys command "frobnicate"/);
  });

  it('ls prints names and hints; rm removes, and fails for an absent key', async () => {
    const vault = createMemoryVault({ openai: 'sk-proj-abcdefghij0123456789', short: 'abc123' });
    const ls = io('', vault);
    expect(await keysCommand(['ls'], ls.streams)).toBe(0);
    expect(ls.out()).toBe('openai  sk-…6789\nshort   ••••\n');
    const rm = io('', vault);
    expect(await keysCommand(['rm', 'short'], rm.streams)).toBe(0);
    expect(await keysCommand(['rm', 'short'], rm.streams)).toBe(1);
    expect(rm.err()).toContain('no key named "short" is in the OS keychain');
    expect(await vault.list()).toEqual(['openai']);
  });

  it('an unreachable keychain: exit 1 with the reason, before reading stdin', async () => {
    const vault = createMemoryVault();
    vault.setUnavailable('no OS keychain is reachable: there is no D-Bus session bus');
    for (const args of [['set', 'k'], ['ls'], ['rm', 'k']]) {
      const t = io('sk-never-read-0123456789', vault);
      expect(await keysCommand(args, t.streams), args.join(' ')).toBe(1);
      expect(t.err()).toContain('signalbox keys: the OS keychain (memory) cannot be used: no OS keychain is reachable: there is no D-Bus session bus');
    }
  });
});
