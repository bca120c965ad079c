/**
 * Admission, in one onRequest hook: request id, shutdown refusal, and authentication decided on the
 * matched route's own config (never by re-parsing the URL): `client` routes (/v1/*) need a client key,
 * `admin` routes (/admin/*) the admin token (header) or an admin session cookie, `metrics` (GET /metrics,
 * scraped by Prometheus) a client key or the admin token in a header, `public` routes nothing.
 * A route registered without an auth level is refused, so a forgotten route fails closed. Credentials in
 * the query string are refused on every authenticated route. Repeated failures from one address are
 * throttled (auth-failure-limiter.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../core/errors.js';
import type { DialectId } from '../core/request.js';
import { fromOwnPages, readCookie, sessionCookieName } from './admin-session.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { credentialInQuery, presentedKey } from './credentials.js';
import { overheadMs } from './request-meta.js';

export const OVERHEAD_HEADER = 'x-signalbox-overhead-ms';

export type AuthLevel = 'client' | 'admin' | 'metrics' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. */
    auth?: AuthLevel;
    /** Wire dialect used for this route's errors. */
    dialect?: DialectId;
  }
}

const MISSING_KEY = 'Missing client key. Send "Authorization: Bearer <your Signalbox client key>" (or x-api-key / x-goog-api-key).';
const INVALID_KEY = 'Invalid client key.';
const CONFLICTING_KEYS = 'Conflicting credentials: the request carries different keys in different headers.';
const NO_KEYS =
  'No client keys exist yet: create one with `signalbox client-keys create <name>` or in the Signalbox UI (Client keys), then send it as "Authorization: Bearer <key>".';

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

function authenticateClient(request: FastifyRequest, gateway: GatewayContext): GatewayError | undefined {
  const presented = presentedKey(request.headers);
  if (!presented.ok) {
    if (presented.reason === 'missing') {
      return new GatewayError('unauthorized', gateway.clientKeys.liveCount() ? MISSING_KEY : NO_KEYS, { code: 'missing_api_key' });
    }
    return new GatewayError('unauthorized', presented.reason === 'conflicting' ? CONFLICTING_KEYS : INVALID_KEY, { code: 'invalid_api_key' });
  }
  const identity = gateway.clientKeys.authenticate(presented.key);
  if (!identity) {
    return new GatewayError('unauthorized', gateway.clientKeys.liveCount() ? INVALID_KEY : NO_KEYS, { code: 'invalid_api_key' });
  }
  if (request.signalbox) {
    request.signalbox.clientKey = identity.name;
    request.signalbox.client = identity;
  }
  return undefined;
}

function authenticateAdmin(request: FastifyRequest, gateway: GatewayContext): GatewayError | undefined {
  const presented = presentedKey(request.headers);
  if (presented.ok) {
    if (timingSafeEqual(sha256(presented.key), gateway.adminTokenDigest)) return undefined;
    return new GatewayError('unauthorized', 'Invalid admin token.', { code: 'invalid_admin_token' });
  }
  if (presented.reason === 'missing') {
    const session = readCookie(request.headers.cookie, sessionCookieName(request.socket.localPort ?? 0));
    if (session && fromOwnPages(request.headers['sec-fetch-site']) && gateway.adminSessions.valid(session)) return undefined;
  }
  return new GatewayError('unauthorized', 'Admin token required: open the UI link printed by `signalbox serve`, or send "Authorization: Bearer <admin token>".', {
    code: 'invalid_admin_token',
  });
}

/** Prometheus scrapes with one bearer credential: the admin token or any valid client key (no cookie). */
function authenticateMetrics(request: FastifyRequest, gateway: GatewayContext): GatewayError | undefined {
  const presented = presentedKey(request.headers);
  if (presented.ok && timingSafeEqual(sha256(presented.key), gateway.adminTokenDigest)) return undefined;
  if (!presented.ok && presented.reason === 'missing') {
    return new GatewayError('unauthorized', 'Send a client key or the admin token: "Authorization: Bearer <key>" (Prometheus: authorization.credentials).', {
      code: 'missing_api_key',
    });
  }
  return authenticateClient(request, gateway);
}

function authenticate(request: FastifyRequest, gateway: GatewayContext): GatewayError | undefined {
  const auth = request.routeOptions.config.auth;
  if (auth === 'public' || request.is404) return undefined;
  if (auth !== 'client' && auth !== 'admin' && auth !== 'metrics') return new GatewayError('internal', 'Route without an authentication level.');
  const inQuery = credentialInQuery(request.url);
  if (inQuery) {
    return new GatewayError('unauthorized', `Credentials in the URL are refused (query parameter "${inQuery}"): URLs end up in logs and history. Send the key in the Authorization header.`, {
      code: 'credentials_in_query',
    });
  }
  if (auth === 'metrics') return authenticateMetrics(request, gateway);
  return auth === 'client' ? authenticateClient(request, gateway) : authenticateAdmin(request, gateway);
}

export function registerAdmission(app: FastifyInstance, gateway: GatewayContext, isClosing: () => boolean): void {
  app.decorateRequest('signalbox', null);
  const failures = new AuthFailureLimiter(gateway.config.server.authFailures, gateway.clock);
  /** A 401, or a 429 once this address has failed too often (SEC-23). */
  const throttled = (refused: GatewayError, address: string): GatewayError => {
    const verdict = failures.fail(address);
    if (!verdict.retryAfterMs) return refused;
    if (verdict.firstBlocked) gateway.log.warn('too many failed authentications: throttling this address', { address });
    return new GatewayError('rate_limited', 'Too many failed authentications from this address. Check the key the client sends, then retry after the delay in Retry-After.', {
      code: 'too_many_auth_failures',
      retryAfterMs: verdict.retryAfterMs,
    });
  };
  app.addHook('onRequest', (request, reply, done) => {
    const id = gateway.newId('sbr');
    request.signalbox = { id, clientKey: null, client: null, arrivedAt: performance.now(), upstreamMs: null };
    reply.header('x-signalbox-request-id', id);
    if (isClosing() && request.routeOptions.config.auth !== 'public') {
      reply.header('connection', 'close');
      done(new GatewayError('shutting_down', 'Signalbox is shutting down.', { code: 'shutting_down' }));
      return;
    }
    const refused = authenticate(request, gateway);
    // Only a presented credential is a guess: a request with none (a signed-out page, a tool not set up yet)
    // keeps its plain 401, so the UI still sees "signed out" while another client floods the address.
    if (refused?.kind !== 'unauthorized') return done(refused);
    const presented = presentedKey(request.headers);
    const guessed = presented.ok || presented.reason !== 'missing';
    done(guessed ? throttled(refused, request.socket.remoteAddress ?? 'unknown') : refused);
  });
  // Every answer says how long the gateway itself took (streams set it when they commit).
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.signalbox && !reply.hasHeader(OVERHEAD_HEADER)) reply.header(OVERHEAD_HEADER, overheadMs(request.signalbox));
    done(null, payload);
  });
}
