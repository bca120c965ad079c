import { describe, expect, it } from 'vitest';
import { allowedHostSet, isAllowedHost, loopbackHosts } from './host-guard.js';

const P = 6464;

describe('isAllowedHost', () => {
  it.each([
    ['127.0.0.1:6464', true],
    ['localhost:6464', true],
    ['LOCALHOST:6464', true],
    ['LocalHost:6464', true],
    ['[::1]:6464', true],
    // DNS rebinding names, empty and port-only hosts (Ollama PR #17721), suffix tricks, wrong ports
    ['evil.example', false],
    ['evil.example:6464', false],
    ['127.0.0.1.nip.io:6464', false],
    ['127.0.0.1.nip.io', false],
    ['', false],
    [':6464', false],
    ['127.0.0.1:6465', false],
    ['127.0.0.1:64640', false],
    ['localhost.evil.example:6464', false],
    ['evil.localhost.example:6464', false],
    ['foo.local:6464', false],
    ['foo.internal:6464', false],
    ['0.0.0.0:6464', false],
    ['[::]:6464', false],
    ['127.0.0.2:6464', false],
    ['::1:6464', false],
    ['[::1]', false],
    ['localhost', false],
    ['127.0.0.1', false],
    ['127.0.0.1:6464 ', false],
    [' 127.0.0.1:6464', false],
    ['127.0.0.1:6464.', false],
    ['localhost.:6464', false],
    ['user@127.0.0.1:6464', false],
    ['127.0.0.1:06464', false],
    ['evil/../admin', false],
  ])('%j → %s', (host, allowed) => {
    expect(isAllowedHost(host, P)).toBe(allowed);
  });

  it('refuses a missing header', () => {
    expect(isAllowedHost(undefined, P)).toBe(false);
  });

  it('accepts exact extra entries (LAN bind), case-insensitively, and nothing around them', () => {
    const extra = ['192.168.1.20:6464', 'Gateway.LAN:6464'];
    expect(isAllowedHost('192.168.1.20:6464', P, extra)).toBe(true);
    expect(isAllowedHost('gateway.lan:6464', P, extra)).toBe(true);
    expect(isAllowedHost('192.168.1.20', P, extra)).toBe(false);
    expect(isAllowedHost('192.168.1.20:6465', P, extra)).toBe(false);
    expect(isAllowedHost('x.gateway.lan:6464', P, extra)).toBe(false);
  });

  it('an empty allow-list still means loopback only', () => {
    expect([...allowedHostSet(P, [])].sort()).toEqual(['127.0.0.1:6464', '[::1]:6464', 'localhost:6464']);
  });

  it('on port 80 also accepts the port-less names browsers send', () => {
    expect(loopbackHosts(80)).toContain('localhost');
    expect(isAllowedHost('127.0.0.1', 80)).toBe(true);
    expect(isAllowedHost('127.0.0.1:80', 80)).toBe(true);
    expect(isAllowedHost('evil.example', 80)).toBe(false);
  });
});
