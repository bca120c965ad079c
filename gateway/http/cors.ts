/**
 * CORS headers — off by default. Only an origin listed in `server.allowedOrigins` ever sees an
 * `Access-Control-Allow-*` header, and then the exact origin is echoed with `Vary: Origin`: never `*`,
 * never `Access-Control-Allow-Credentials` (client keys travel in headers, not cookies), and
 * `Access-Control-Allow-Private-Network` only when such an origin asks for it (Chrome PNA/LNA preflights).
 */

export const CORS_METHODS = 'GET, POST';

/** Request headers the official SDKs send from a browser. */
export const CORS_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'x-goog-api-key',
  'x-goog-api-client',
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  'openai-organization',
  'openai-project',
  'openai-beta',
  'x-request-id',
] as const;

/** Stainless-generated SDKs (openai, @anthropic-ai/sdk) add `x-stainless-os`, `x-stainless-retry-count`, … */
const SDK_HEADER = /^x-stainless-[a-z0-9-]{1,64}$/;

/** Response headers a browser caller may read. */
const EXPOSED = [
  'retry-after',
  'x-signalbox-request-id',
  'x-signalbox-route',
  'x-signalbox-provider',
  'x-signalbox-model',
  'x-signalbox-attempts',
  'x-signalbox-cost-usd',
  'x-signalbox-token-count',
].join(', ');

/** Headers for an actual (non-preflight) response to an allow-listed origin. */
export function corsResponseHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED };
}

/** Headers for a granted preflight: the fixed list plus any SDK headers the browser asked for. */
export function preflightHeaders(origin: string, requestedHeaders: string | undefined, privateNetwork: boolean): Record<string, string> {
  const sdk = (requestedHeaders ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => SDK_HEADER.test(name));
  const headers: Record<string, string> = {
    'access-control-allow-origin': origin,
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
    'access-control-allow-methods': CORS_METHODS,
    'access-control-allow-headers': [...new Set([...CORS_HEADERS, ...sdk])].join(', '),
    'access-control-max-age': '600',
  };
  if (privateNetwork) headers['access-control-allow-private-network'] = 'true';
  return headers;
}
