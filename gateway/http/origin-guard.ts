/**
 * Origin policy (anti CSRF from web pages), decided on its own — never "Origin equals Host", since DNS
 * rebinding makes both attacker-controlled (bytebase/dbhub GHSA-fm8p-53ww-hf6w):
 * - admin routes: an `Origin`, when present, must be the app's own origin (`http://` + an allowed Host:
 *   the UI and the Electron window load from the gateway itself); `Sec-Fetch-Site: cross-site|same-site`
 *   is refused too, so a page on another localhost port cannot ride a SameSite session.
 * - every other route: no Origin (CLI tools, SDKs), the app's own origin, or an origin listed in
 *   `server.allowedOrigins`; anything else, including `null` (sandboxed frames, file: pages), is refused.
 *   Only allow-listed origins on client routes get CORS headers (cors.ts).
 * Pure; the Fastify hook lives in localhost-guard.ts.
 */

export type OriginScope = 'admin' | 'client' | 'public';

export interface OriginPolicy {
  /** The app's own origins, lower-case: `http://127.0.0.1:PORT`, … */
  own: ReadonlySet<string>;
  /** Cross-origin callers allowed on client routes (`server.allowedOrigins`), lower-case. */
  allowed: ReadonlySet<string>;
}

export type OriginRefusal = 'origin_not_allowed' | 'cross_site_request';

export type OriginDecision =
  | { ok: true; /** Origin to echo in `Access-Control-Allow-Origin`, when CORS applies. */ cors: string | undefined }
  | { ok: false; code: OriginRefusal };

/** `http://<host>` for every Host the gateway answers to. */
export function ownOrigins(hosts: Iterable<string>): Set<string> {
  return new Set([...hosts].map((host) => `http://${host.toLowerCase()}`));
}

export function originPolicy(hosts: Iterable<string>, allowedOrigins: readonly string[]): OriginPolicy {
  return { own: ownOrigins(hosts), allowed: new Set(allowedOrigins.map((origin) => origin.toLowerCase())) };
}

const ALLOWED = { ok: true, cors: undefined } as const;

export function decideOrigin(scope: OriginScope, origin: string | undefined, secFetchSite: string | undefined, policy: OriginPolicy): OriginDecision {
  const normalized = origin?.toLowerCase();
  if (scope === 'admin') {
    const site = secFetchSite?.toLowerCase();
    if (site === 'cross-site' || site === 'same-site') return { ok: false, code: 'cross_site_request' };
    if (normalized === undefined || policy.own.has(normalized)) return ALLOWED;
    return { ok: false, code: 'origin_not_allowed' };
  }
  if (normalized === undefined || policy.own.has(normalized)) return ALLOWED;
  if (policy.allowed.has(normalized)) return { ok: true, cors: scope === 'client' ? origin : undefined };
  return { ok: false, code: 'origin_not_allowed' };
}

/** A CORS preflight is granted only to an allow-listed origin and only for the client API. */
export function preflightAllowed(origin: string, path: string, policy: OriginPolicy): boolean {
  return path.startsWith('/v1/') && policy.allowed.has(origin.toLowerCase());
}
