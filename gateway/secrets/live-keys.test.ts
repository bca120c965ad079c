import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../config/load.js';
import { keychainNames, resolveProviders } from '../providers/registry.js';
import { createLogger, silentLogger } from '../telemetry/log.js';
import { lookupKeychain } from './keychain-lookup.js';
import { createLiveKeys, type LiveKeys } from './live-keys.js';
import { createMemoryVault, type MemoryVault } from './memory-vault.js';

const config = validateConfig(
  {
    providers: {
      a: { type: 'openai', apiKey: 'keychain:shared' },
      b: { type: 'anthropic', apiKey: 'keychain:shared' },
      c: { type: 'openai', apiKey: 'keychain:solo' },
      e: { type: 'groq', apiKey: 'env:GROQ' },
    },
  },
  'test',
);

const live: LiveKeys[] = [];
afterEach(() => {
  for (const keys of live.splice(0)) keys.close();
  vi.useRealTimers();
});

async function setup(vault: MemoryVault, options: { refreshMs?: number; log?: ReturnType<typeof createLogger> } = {}) {
  const providers = resolveProviders(config, { GROQ: 'gsk-env-value-1' }, '1.0.0', await lookupKeychain(vault, keychainNames(config)));
  const keys = createLiveKeys({ vault, providers, log: options.log ?? silentLogger, refreshMs: options.refreshMs ?? 0 });
  live.push(keys);
  return { providers, keys };
}

describe('live provider keys', () => {
  it('set and delete re-resolve every provider using the name, in place', async () => {
    const vault = createMemoryVault({ solo: 'sk-solo-000000000' });
    const { providers, keys } = await setup(vault);
    const a = providers.get('a')!;
    const b = providers.get('b')!;
    expect(a.unavailable).toMatch(/keychain entry "shared" is not set — set it with `signalbox keys set shared` or in the UI$/);
    expect(keys.references()).toEqual(new Map([['shared', ['a', 'b']], ['solo', ['c']]]));

    await keys.set('shared', 'sk-shared-111111111');
    expect(providers.get('a')).toBe(a);
    expect(a).toMatchObject({ apiKey: 'sk-shared-111111111', unavailable: undefined });
    expect(a.headers.authorization).toBe('Bearer sk-shared-111111111');
    expect(b.headers['x-api-key']).toBe('sk-shared-111111111');
    expect(providers.get('c')!.apiKey).toBe('sk-solo-000000000');

    expect(await keys.delete('shared')).toBe(true);
    expect(a).toMatchObject({ apiKey: undefined });
    expect(a.unavailable).toBe('API key unavailable: keychain entry "shared" is not set — set it with `signalbox keys set shared` or in the UI');
    expect(b.headers['x-api-key']).toBeUndefined();
    expect(await keys.delete('shared')).toBe(false);
    expect(providers.get('c')!.apiKey).toBe('sk-solo-000000000');
  });

  it('redaction covers every key ever seen: env, keychain at start, set later, and removed ones', async () => {
    const vault = createMemoryVault({ solo: 'sk-solo-000000000' });
    const { keys } = await setup(vault);
    expect([...keys.secrets()].sort()).toEqual(['gsk-env-value-1', 'sk-solo-000000000']);
    await keys.set('shared', 'sk-shared-111111111');
    await keys.set('shared', 'sk-shared-222222222');
    await keys.delete('shared');
    await keys.set('unused', 'sk-unused-33333333');
    expect([...keys.secrets()].sort()).toEqual(['gsk-env-value-1', 'sk-shared-111111111', 'sk-shared-222222222', 'sk-solo-000000000', 'sk-unused-33333333']);

    // A provider added at runtime (admin API, config reload) with an env: key never seen before.
    const added = resolveProviders(validateConfig({ providers: { late: { type: 'mistral', apiKey: 'env:LATE' } } }, 'test'), { LATE: 'mst-late-44444444' }, '1.0.0').get('late')!;
    keys.track(added);
    expect(keys.secrets()).toContain('mst-late-44444444');
  });

  it('refresh picks up keys changed outside the process; an unreachable keychain keeps a loaded key', async () => {
    const vault = createMemoryVault({ solo: 'sk-solo-000000000' });
    const lines: string[] = [];
    const { providers, keys } = await setup(vault, { log: createLogger('debug', (line) => lines.push(line)) });
    await vault.set('shared', 'sk-outside-44444444');
    await vault.set('solo', 'sk-solo-rotated-5555');
    expect(providers.get('a')!.apiKey).toBeUndefined();
    await keys.refresh();
    expect(providers.get('a')!.apiKey).toBe('sk-outside-44444444');
    expect(providers.get('c')!.apiKey).toBe('sk-solo-rotated-5555');
    expect(keys.secrets()).toContain('sk-outside-44444444');

    vault.setUnavailable('the OS keychain is locked: unlock it');
    await keys.refresh();
    expect(providers.get('a')).toMatchObject({ apiKey: 'sk-outside-44444444', unavailable: undefined });
    vault.setUnavailable(undefined);
    await vault.delete('solo');
    await keys.refresh(['solo']);
    expect(providers.get('c')!.unavailable).toMatch(/keychain entry "solo" is not set/);
    expect(providers.get('a')!.apiKey).toBe('sk-outside-44444444');
    // Logs say what changed, never the value.
    expect(lines.join('')).toContain('provider key loaded from the keychain');
    for (const value of keys.secrets()) expect(lines.join('')).not.toContain(value);
  });

  it('an unreachable keychain at start makes its providers unavailable with the reason', async () => {
    const vault = createMemoryVault();
    vault.setUnavailable('no OS keychain is reachable: there is no D-Bus session bus');
    const { providers, keys } = await setup(vault);
    expect(providers.get('a')!.unavailable).toBe('API key unavailable: keychain entry "shared" cannot be read: no OS keychain is reachable: there is no D-Bus session bus');
    expect(providers.get('e')).toMatchObject({ apiKey: 'gsk-env-value-1', unavailable: undefined });
    await expect(keys.set('shared', 'sk-shared-111111111')).rejects.toThrow(/no D-Bus session bus/);
    expect(providers.get('a')!.apiKey).toBeUndefined();
  });

  it('refreshes in the background only when a provider uses the keychain', async () => {
    vi.useFakeTimers();
    const vault = createMemoryVault();
    const { providers } = await setup(vault, { refreshMs: 30_000 });
    await vault.set('shared', 'sk-outside-44444444');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(providers.get('b')!.apiKey).toBe('sk-outside-44444444');

    const envOnly = createMemoryVault();
    const providersEnv = resolveProviders(validateConfig({ providers: { e: { type: 'groq', apiKey: 'env:GROQ' } } }, 'test'), { GROQ: 'gsk-1234567' }, '1.0.0', await lookupKeychain(envOnly, []));
    live.push(createLiveKeys({ vault: envOnly, providers: providersEnv, log: silentLogger, refreshMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(envOnly.calls).toBe(0);
  });

  it('rejects malformed names and values before touching the vault', async () => {
    const vault = createMemoryVault();
    const { keys } = await setup(vault);
    const before = vault.calls;
    await expect(keys.set('bad name', 'sk-x-123456789')).rejects.toThrow(/invalid key name/);
    await expect(keys.set('ok', 'has space')).rejects.toThrow('the key must be printable ASCII without spaces or line breaks');
    await expect(keys.set('ok', 'x'.repeat(4097))).rejects.toThrow(/longer than 4096/);
    expect(vault.calls).toBe(before);
    expect(keys.secrets()).not.toContain('has space');
  });

  it('runs vault operations one at a time, in order', async () => {
    const vault = createMemoryVault();
    const { providers, keys } = await setup(vault);
    await Promise.all([keys.set('shared', 'sk-first-11111111'), keys.refresh(), keys.set('shared', 'sk-second-2222222'), keys.refresh()]);
    expect(providers.get('a')!.apiKey).toBe('sk-second-2222222');
  });
});
