/**
 * Authentication, decided on the matched route's own config (never by re-parsing the URL): `client`
 * routes (/v1/*) need a client key, `admin` routes (/admin/*) the admin token, `public` routes nothing.
 * A route registered without an auth level is refused, so a forgotten route fails closed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../core/errors.js';
import type { DialectId } from '../core/request.js';
import { matchClientKey, presentedKey, sha256 } from './client-keys.js';

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

export function registerGuards(app: FastifyInstance, gateway: GatewayContext): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const auth = request.routeOptions.config.auth;
    if (auth === 'public' || request.is404) {
      done();
      return;
    }
    if (auth === 'client') {
      const presented = presentedKey(request.headers);
      if (!presented.ok) {
        const message = presented.reason === 'missing' ? MISSING_KEY : INVALID_KEY;
        done(new GatewayError('unauthorized', message, { code: presented.reason === 'missing' ? 'missing_api_key' : 'invalid_api_key' }));
        return;
      }
      const name = matchClientKey(presented.key, gateway.clientKeys.entries);
      if (!name) {
        done(new GatewayError('unauthorized', INVALID_KEY, { code: 'invalid_api_key' }));
        return;
      }
      if (request.signalbox) request.signalbox.clientKey = name;
      done();
      return;
    }
    if (auth === 'admin') {
      const presented = presentedKey(request.headers);
      if (presented.ok && timingSafeEqual(sha256(presented.key), gateway.adminTokenDigest)) {
        done();
        return;
      }
      done(new GatewayError('unauthorized', 'Admin token required: send "Authorization: Bearer <admin token>".', { code: 'invalid_admin_token' }));
      return;
    }
    done(new GatewayError('internal', 'Route without an authentication level.'));
  });
}
