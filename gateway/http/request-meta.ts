/** Per-request metadata set by the admission hook (request id, authenticated client key). */
import type { FastifyRequest } from 'fastify';
import type { ClientIdentity } from '../client-keys/client-keys.js';

export interface RequestMeta {
  id: string;
  /** Name of the client key that authenticated the request, if any. */
  clientKey: string | null;
  /** The authenticated client key, with what it may use. */
  client: ClientIdentity | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    signalbox: RequestMeta | null;
  }
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  return request.signalbox ?? { id: 'unknown', clientKey: null, client: null };
}
