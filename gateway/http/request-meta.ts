/** Per-request metadata set by the hooks (request id, authenticated client key). */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RequestMeta {
  id: string;
  /** Name of the client key that authenticated the request, if any. */
  clientKey: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    signalbox: RequestMeta | null;
  }
}

export function registerRequestMeta(app: FastifyInstance, newId: () => string): void {
  app.decorateRequest('signalbox', null);
  app.addHook('onRequest', (request, reply, done) => {
    const id = newId();
    request.signalbox = { id, clientKey: null };
    reply.header('x-signalbox-request-id', id);
    done();
  });
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  return request.signalbox ?? { id: 'unknown', clientKey: null };
}
