/**
 * Admission, in one onRequest hook: request id, shutdown refusal, and authentication decided on the
 * matched route's own config (never by re-parsing the URL): `client` routes (/v1/*) need a client key,
 * `admin` routes (/admin/*) the admin token, `public` routes nothing. A route registered without an auth
 * level is refused, so a forgotten route fails closed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../core/errors.js';
import type { DialectId } from '../core/request.js';
import { matchClientKey, presentedKey, sha256 } from './client-keys.js';
import './request-meta.js';

export type AuthLevel = 'client' | 'admin' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. */
    auth?: AuthLevel;
    /** Wire dialect used for this route's errors. */
    dialect?: DialectId;
  }
}

const MISSING_KEY = 'Missing client key. Send "Authorization: Bearer <your Signalbox client key>".';
const INVALID_KEY = 'Invalid client key.';

function authenticate(request: FastifyRequest, gateway: GatewayContext): GatewayError | undefined {
  const auth = request.routeOptions.config.auth;
  if (auth === 'public' || request.is404) return undefined;
  if (auth === 'client') {
    const presented = presentedKey(request.headers);
    if (!presented.ok) {
      const missing = presented.reason === 'missing';
      return new GatewayError('unauthorized', missing ? MISSING_KEY : INVALID_KEY, { code: missing ? 'missing_api_key' : 'invalid_api_key' });
    }
    if (!gateway.clientKeys.entries.length) {
      return new GatewayError('unauthorized', 'No client keys are configured: add one under clientKeys in the Signalbox config.', { code: 'invalid_api_key' });
    }
    const name = matchClientKey(presented.key, gateway.clientKeys.entries);
    if (!name) return new GatewayError('unauthorized', INVALID_KEY, { code: 'invalid_api_key' });
    if (request.signalbox) request.signalbox.clientKey = name;
    return undefined;
  }
  if (auth === 'admin') {
    const presented = presentedKey(request.headers);
    if (presented.ok && timingSafeEqual(sha256(presented.key), gateway.adminTokenDigest)) return undefined;
    return new GatewayError('unauthorized', 'Admin token required: send "Authorization: Bearer <admin token>".', { code: 'invalid_admin_token' });
  }
  return new GatewayError('internal', 'Route without an authentication level.');
}

export function registerAdmission(app: FastifyInstance, gateway: GatewayContext, isClosing: () => boolean): void {
  app.decorateRequest('signalbox', null);
  app.addHook('onRequest', (request, reply, done) => {
    const id = gateway.newId('sbr');
    request.signalbox = { id, clientKey: null };
    reply.header('x-signalbox-request-id', id);
    if (isClosing() && request.routeOptions.config.auth !== 'public') {
      reply.header('connection', 'close');
      done(new GatewayError('shutting_down', 'Signalbox is shutting down.', { code: 'shutting_down' }));
      return;
    }
    done(authenticate(request, gateway));
  });
}
