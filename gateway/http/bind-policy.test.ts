import { describe, expect, it } from 'vitest';
import { bindPolicy, isLoopbackHost } from './bind-policy.js';

describe('bindPolicy', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['10.0.0.1', false],
    ['fe80::1', false],
    ['my-laptop.local', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.nip.io', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    // Loopback binds need nothing; the rest is refused without the flag, whatever the keys.
    expect(bindPolicy(host, { allowRemote: false, clientKeyCount: 5 }).ok).toBe(loopback);
    expect(bindPolicy(host, { allowRemote: false, clientKeyCount: 0 }).ok).toBe(loopback);
  });

  it('a non-loopback bind needs the flag AND a client key', () => {
    expect(bindPolicy('0.0.0.0', { allowRemote: true, clientKeyCount: 1 })).toEqual({ ok: true, loopback: false });
    const noKeys = bindPolicy('0.0.0.0', { allowRemote: true, clientKeyCount: 0 });
    expect(noKeys.ok).toBe(false);
    if (!noKeys.ok) expect(noKeys.message).toMatch(/without client keys/);
    const noFlag = bindPolicy('0.0.0.0', { allowRemote: false, clientKeyCount: 1 });
    expect(noFlag.ok).toBe(false);
    if (!noFlag.ok) expect(noFlag.message).toMatch(/allowRemote: true.*--allow-remote/);
  });
});
