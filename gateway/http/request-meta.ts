/** Per-request metadata set by the admission hook (request id, authenticated client key). */
import type { FastifyRequest } from 'fastify';
import type { ClientIdentity } from '../client-keys/client-keys.js';

export interface RequestMeta {
  id: string;
  /** Name of the client key that authenticated the request, if any. */
  clientKey: string | null;
  /** The authenticated client key, with what it may use. */
  client: ClientIdentity | null;
  /** performance.now() when the request arrived. */
  arrivedAt: number;
  /** Provider time and backoff waits so far, set by requests that call providers (for `x-signalbox-overhead-ms`). */
  upstreamMs: (() => number) | null;
}

/** Gateway time so far, excluding provider time, in milliseconds with two decimals. */
export function overheadMs(meta: RequestMeta): string {
  const ms = performance.now() - meta.arrivedAt - (meta.upstreamMs?.() ?? 0);
  return Math.max(0, ms).toFixed(2);
}

declare module 'fastify' {
  interface FastifyRequest {
    signalbox: RequestMeta | null;
  }
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  return request.signalbox ?? { id: 'unknown', clientKey: null, client: null, arrivedAt: performance.now(), upstreamMs: null };
}
