import { describe, expect, it } from 'vitest';
import { corsResponseHeaders, preflightHeaders } from './cors.js';
import { allowedHostSet } from './host-guard.js';
import { decideOrigin, originPolicy, preflightAllowed, type OriginScope } from './origin-guard.js';

const policy = originPolicy(allowedHostSet(6464, []), ['https://app.example.com']);

describe('decideOrigin', () => {
  it.each<[OriginScope, string | undefined, string | undefined, string]>([
    // admin: only the app's own origin; cross-site and same-site fetch metadata refused
    ['admin', undefined, undefined, 'ok'],
    ['admin', 'http://127.0.0.1:6464', 'same-origin', 'ok'],
    ['admin', 'http://localhost:6464', undefined, 'ok'],
    ['admin', 'http://[::1]:6464', undefined, 'ok'],
    ['admin', 'HTTP://LOCALHOST:6464', undefined, 'ok'],
    ['admin', undefined, 'none', 'ok'],
    ['admin', 'http://evil.example', undefined, 'origin_not_allowed'],
    ['admin', 'http://evil.example:6464', undefined, 'origin_not_allowed'],
    ['admin', 'null', undefined, 'origin_not_allowed'],
    ['admin', '', undefined, 'origin_not_allowed'],
    ['admin', 'http://127.0.0.1:3000', undefined, 'origin_not_allowed'],
    ['admin', 'https://127.0.0.1:6464', undefined, 'origin_not_allowed'],
    ['admin', 'https://app.example.com', undefined, 'origin_not_allowed'],
    ['admin', undefined, 'cross-site', 'cross_site_request'],
    ['admin', undefined, 'same-site', 'cross_site_request'],
    ['admin', 'http://127.0.0.1:6464', 'cross-site', 'cross_site_request'],
    // client: no Origin (CLI tools), own origin (playground), allow-listed origins only
    ['client', undefined, undefined, 'ok'],
    ['client', 'http://127.0.0.1:6464', undefined, 'ok'],
    ['client', 'https://app.example.com', 'cross-site', 'cors'],
    ['client', 'https://app.example.com:443', undefined, 'origin_not_allowed'],
    ['client', 'https://app.example.com.evil.example', undefined, 'origin_not_allowed'],
    ['client', 'http://app.example.com', undefined, 'origin_not_allowed'],
    ['client', 'http://evil.example', undefined, 'origin_not_allowed'],
    ['client', 'null', undefined, 'origin_not_allowed'],
    // public (probes, static UI): same origin rule, never CORS
    ['public', undefined, 'cross-site', 'ok'],
    ['public', 'https://app.example.com', undefined, 'ok'],
    ['public', 'http://evil.example', undefined, 'origin_not_allowed'],
  ])('%s Origin=%j Sec-Fetch-Site=%j → %s', (scope, origin, site, expected) => {
    const decision = decideOrigin(scope, origin, site, policy);
    const outcome = decision.ok ? (decision.cors ? 'cors' : 'ok') : decision.code;
    expect(outcome).toBe(expected);
    if (decision.ok && decision.cors) expect(decision.cors).toBe(origin);
  });

  it('never derives trust from Host: a rebound Origin equal to the Host is still foreign', () => {
    // Host allow-list is separate; here Origin "matches" an attacker Host, which the policy never looks at.
    expect(decideOrigin('admin', 'http://evil.example:6464', undefined, policy)).toEqual({ ok: false, code: 'origin_not_allowed' });
    expect(decideOrigin('client', 'http://evil.example:6464', undefined, policy)).toEqual({ ok: false, code: 'origin_not_allowed' });
  });

  it('with no allowed origins, no cross-origin caller passes anywhere', () => {
    const closed = originPolicy(allowedHostSet(6464, []), []);
    for (const scope of ['admin', 'client', 'public'] as const) {
      expect(decideOrigin(scope, 'https://app.example.com', undefined, closed).ok).toBe(false);
    }
  });
});

describe('preflights and CORS headers', () => {
  it('grants a preflight only to an allowed origin on the client API', () => {
    expect(preflightAllowed('https://app.example.com', '/v1/chat/completions', policy)).toBe(true);
    expect(preflightAllowed('https://app.example.com', '/admin/status', policy)).toBe(false);
    expect(preflightAllowed('https://app.example.com', '/health', policy)).toBe(false);
    expect(preflightAllowed('http://evil.example', '/v1/chat/completions', policy)).toBe(false);
    expect(preflightAllowed('null', '/v1/chat/completions', policy)).toBe(false);
    expect(preflightAllowed('http://127.0.0.1:6464', '/v1/chat/completions', policy)).toBe(false);
  });

  it('echoes the exact origin, never *, never credentials', () => {
    const headers = preflightHeaders('https://app.example.com', 'Authorization, Content-Type, X-Stainless-OS, X-Evil-Header', false);
    expect(headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(headers.vary).toMatch(/^Origin\b/);
    expect(headers['access-control-allow-methods']).toBe('GET, POST');
    const allowed = headers['access-control-allow-headers']?.split(', ') ?? [];
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-api-key', 'anthropic-version', 'anthropic-beta', 'x-goog-api-key', 'x-stainless-os']));
    expect(allowed).not.toContain('x-evil-header');
    expect(Object.values(headers)).not.toContain('*');
    expect(headers).not.toHaveProperty('access-control-allow-credentials');
    expect(headers).not.toHaveProperty('access-control-allow-private-network');
    expect(preflightHeaders('https://app.example.com', undefined, true)['access-control-allow-private-network']).toBe('true');
    const actual = corsResponseHeaders('https://app.example.com');
    expect(actual).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com', vary: 'Origin' });
    expect(actual).not.toHaveProperty('access-control-allow-credentials');
  });
});
