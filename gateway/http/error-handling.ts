/**
 * Every error leaves in the dialect the client spoke (route config `dialect`), with the status from the
 * kind table, `retry-after` when known, and never a stack, a framework code or an upstream body verbatim.
 * Unknown paths are 404s and known paths with the wrong method 405s, in the same shape.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { GatewayError, isGatewayError } from '../core/errors.js';
import type { DialectId } from '../core/request.js';
import type { Logger } from '../telemetry/log.js';

/** How one dialect writes errors: its body shape, and its status when it differs from the kind table's. */
export interface ErrorEncoder {
  body(error: GatewayError): unknown;
  status?(error: GatewayError): number;
}

function fromFastify(error: FastifyError): GatewayError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('payload_too_large', 'The request body is larger than the gateway accepts.', { code: 'request_too_large' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('unsupported_media_type', 'Unsupported content type: send application/json.', { code: 'unsupported_media_type' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new GatewayError('invalid_json', 'We could not parse the JSON body of your request.', { code: 'invalid_json' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new GatewayError('invalid_request', 'The request body does not match its Content-Length.', { code: 'invalid_request' });
    default:
      break;
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new GatewayError('invalid_request', 'The request could not be processed.', { code: 'invalid_request' });
  }
  return new GatewayError('internal', 'Internal gateway error.');
}

export function registerErrorHandling(app: FastifyInstance, encoders: Partial<Record<DialectId, ErrorEncoder>>, fallback: ErrorEncoder, log: Logger): void {
  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = methodsByPath.get(route.url) ?? new Set<string>();
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) methods.add(method);
    methodsByPath.set(route.url, methods);
  });

  const send = (error: GatewayError, dialect: DialectId | undefined, reply: FastifyReply): void => {
    const encoder = (dialect && encoders[dialect]) || fallback;
    if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    if (error.provider && !reply.hasHeader('x-signalbox-provider')) reply.header('x-signalbox-provider', error.provider);
    const status = encoder.status?.(error) ?? error.status;
    void reply.status(status).type('application/json').send(JSON.stringify(encoder.body(error)));
  };

  app.setErrorHandler((raw, request, reply) => {
    const error = isGatewayError(raw) ? raw : fromFastify(raw as FastifyError);
    if (error.kind === 'internal' && !isGatewayError(raw)) log.error('unhandled error', { path: request.routeOptions.url ?? null, code: (raw as FastifyError).code ?? null });
    send(error, request.routeOptions.config.dialect, reply);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    const methods = methodsByPath.get(path);
    if (methods && !methods.has(request.method)) {
      reply.header('allow', [...methods].filter((method) => method !== 'HEAD').join(', '));
      send(new GatewayError('method_not_allowed', `Method ${request.method} is not allowed on ${path}.`, { code: 'method_not_allowed' }), 'openai-chat', reply);
      return;
    }
    send(new GatewayError('not_found', `Unknown route: ${request.method} ${path}.`, { code: 'unknown_url' }), 'openai-chat', reply);
  });
}
