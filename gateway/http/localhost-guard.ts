/**
 * The localhost hardening hook: the first onRequest hook (registered before admission/auth), so it runs
 * for every request — all methods, every route including the static UI, probes, 404s and OPTIONS —
 * before routing decisions matter and before any handler. Order: Host allow-list (host-guard.ts), then
 * CORS preflights, then the Origin policy of the matched route (origin-guard.ts), then CORS headers for
 * allow-listed origins (cors.ts). Refusals are 403s in the route's dialect (error-handling.ts).
 *
 * The port is known only after listen (`port: 0` picks one), so it is read lazily from the server; an
 * app that is not listening can only be reached through `inject`, which sends `Host: localhost:80`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../core/errors.js';
import { corsResponseHeaders, preflightHeaders } from './cors.js';
import { allowedHostSet } from './host-guard.js';
import { decideOrigin, originPolicy, preflightAllowed, type OriginPolicy, type OriginRefusal, type OriginScope } from './origin-guard.js';
import type { AuthLevel } from './guards.js';

export interface LocalhostGuardOptions {
  /** Extra `host:port` values accepted in `Host` (`server.allowedHosts`). */
  allowedHosts: readonly string[];
  /** Browser origins allowed to call the client API cross-origin (`server.allowedOrigins`). */
  allowedOrigins: readonly string[];
}

interface GuardState {
  listening: boolean;
  hosts: ReadonlySet<string>;
  policy: OriginPolicy;
}

/** Port the server listens on; 80 (what `inject` addresses) when it is not listening. */
function listeningPort(app: FastifyInstance): number {
  const address = app.server.listening ? app.server.address() : null;
  return typeof address === 'object' && address ? address.port : 80;
}

const REFUSALS: Record<OriginRefusal, string> = {
  origin_not_allowed: 'Cross-origin requests from this origin are not allowed (see server.allowedOrigins).',
  cross_site_request: 'Cross-site requests to the admin API are not allowed.',
};

function forbidden(code: string, message: string): GatewayError {
  return new GatewayError('forbidden', message, { code });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request target: origin-form (`/path`) as clients send it, or absolute-form (`http://host/path`,
 * RFC 9112 §3.2.2) whose authority — which then takes precedence over Host — is allowed too. Asterisk-form
 * and anything else is refused.
 */
function targetAllowed(target: string, hosts: ReadonlySet<string>): boolean {
  if (target.charCodeAt(0) === 0x2f) return true;
  try {
    const url = new URL(target);
    return url.protocol === 'http:' && hosts.has(url.host);
  } catch {
    return false;
  }
}

/** Strictness is chosen by the matched route object, never by re-parsing the URL. */
function scopeOf(request: FastifyRequest): OriginScope {
  // routeOptions is a getter that builds a fresh object: read it once.
  const { config, url } = request.routeOptions;
  const auth: AuthLevel | undefined = config.auth;
  if (auth === 'admin' || url?.startsWith('/admin')) return 'admin';
  return auth === 'client' ? 'client' : 'public';
}

export function registerLocalhostGuard(app: FastifyInstance, options: LocalhostGuardOptions): void {
  let state: GuardState | undefined;
  const current = (): GuardState => {
    const listening = app.server.listening;
    if (state?.listening === listening) return state;
    const hosts = allowedHostSet(listeningPort(app), options.allowedHosts);
    state = { listening, hosts, policy: originPolicy(hosts, options.allowedOrigins) };
    return state;
  };

  // Named: the route-table test checks it is the first onRequest hook of every route.
  app.addHook('onRequest', function localhostGuard(request, reply, done) {
    const { hosts, policy } = current();
    const host = request.headers.host;
    if (!host || !hosts.has(host.toLowerCase()) || !targetAllowed(request.raw.url ?? '', hosts)) {
      done(forbidden('host_not_allowed', 'Address Signalbox as 127.0.0.1, localhost or [::1] with its port (other names: server.allowedHosts).'));
      return;
    }
    const origin = single(request.headers.origin);
    if (request.method === 'OPTIONS' && origin !== undefined && request.headers['access-control-request-method'] !== undefined) {
      if (!preflightAllowed(origin, request.url, policy)) {
        done(forbidden('origin_not_allowed', REFUSALS.origin_not_allowed));
        return;
      }
      const privateNetwork = request.headers['access-control-request-private-network'] === 'true';
      void reply.code(204).headers(preflightHeaders(origin, single(request.headers['access-control-request-headers']), privateNetwork)).send();
      return;
    }
    const decision = decideOrigin(scopeOf(request), origin, single(request.headers['sec-fetch-site']), policy);
    if (!decision.ok) {
      done(forbidden(decision.code, REFUSALS[decision.code]));
      return;
    }
    if (decision.cors) reply.headers(corsResponseHeaders(decision.cors));
    done();
  });
}
