/** The OS-keychain vault against a real Secret Service (gnome-keyring under dbus-run-session). */
import { describe, expect, it } from 'vitest';
import { createKeyringVault, KEYRING_SERVICE } from '../../gateway/secrets/keyring-vault.js';
import { assertThrowawayKeyring } from './throwaway-keyring.js';

assertThrowawayKeyring();

describe('keyring vault (real Secret Service)', () => {
  const vault = createKeyringVault();

  it('is available, as the Secret Service, under service "signalbox"', async () => {
    expect(KEYRING_SERVICE).toBe('signalbox');
    expect(await vault.status()).toEqual({ available: true, backend: 'Secret Service' });
  });

  it('sets, gets, lists, overwrites and deletes', async () => {
    expect(await vault.get('kv-openai')).toBeUndefined();
    await vault.set('kv-openai', 'sk-kv-openai-0123456789');
    await vault.set('kv.other_2', 'sk-kv-other-0123456789');
    expect(await vault.get('kv-openai')).toBe('sk-kv-openai-0123456789');
    expect((await vault.list()).filter((name) => name.startsWith('kv'))).toEqual(['kv-openai', 'kv.other_2']);

    await vault.set('kv-openai', 'sk-kv-rotated-9876543210');
    expect(await vault.get('kv-openai')).toBe('sk-kv-rotated-9876543210');
    expect((await vault.list()).filter((name) => name === 'kv-openai')).toHaveLength(1);

    expect(await vault.delete('kv-openai')).toBe(true);
    expect(await vault.delete('kv-openai')).toBe(false);
    expect(await vault.get('kv-openai')).toBeUndefined();
    expect(await vault.get('kv.other_2')).toBe('sk-kv-other-0123456789');
    expect(await vault.delete('kv.other_2')).toBe(true);
    expect((await vault.list()).filter((name) => name.startsWith('kv'))).toEqual([]);
  });

  it('a second vault (another process would do the same) sees what the first stored', async () => {
    await vault.set('kv-shared', 'sk-kv-shared-0123456789');
    expect(await createKeyringVault().get('kv-shared')).toBe('sk-kv-shared-0123456789');
    expect(await createKeyringVault({ service: 'signalbox-other' }).get('kv-shared')).toBeUndefined();
    await vault.delete('kv-shared');
  });

  it('validates names and values before calling the keychain', async () => {
    await expect(vault.set('bad name', 'sk-x-0123456789')).rejects.toThrow(/invalid key name/);
    await expect(vault.set('kv-bad', 'sk with space')).rejects.toThrow('the key must be printable ASCII without spaces or line breaks');
    await expect(vault.set('kv-bad', 'x'.repeat(4097))).rejects.toThrow(/longer than 4096/);
    await expect(vault.get('../etc')).rejects.toThrow(/invalid key name/);
    expect(await vault.get('kv-bad')).toBeUndefined();
  });

  it('timing: one set and one get take a few milliseconds', async () => {
    const sets: number[] = [];
    const gets: number[] = [];
    for (let i = 0; i < 20; i++) {
      let start = performance.now();
      await vault.set('kv-timing', `sk-kv-timing-${i}-0123456789`);
      sets.push(performance.now() - start);
      start = performance.now();
      expect(await vault.get('kv-timing')).toBe(`sk-kv-timing-${i}-0123456789`);
      gets.push(performance.now() - start);
    }
    await vault.delete('kv-timing');
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`keychain timing (median of 20): set ${median(sets).toFixed(1)} ms, get ${median(gets).toFixed(1)} ms`);
    expect(median(gets)).toBeLessThan(500);
  });
});
