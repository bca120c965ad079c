/**
 * Anthropic-shaped errors `{"type":"error","error":{"type","message"}}`, in both directions, with the
 * statuses Anthropic clients expect (529 for overloaded, so the SDK raises OverloadedError).
 * Reference: https://docs.anthropic.com/en/api/errors
 */
import type { ErrorKind, GatewayError } from '../../core/errors.js';
import type { UpstreamErrorDetails } from '../../upstream/error-details.js';
import { asRecord, asString } from '../lenient.js';

const TYPE: Partial<Record<ErrorKind, string>> = {
  invalid_request: 'invalid_request_error',
  invalid_json: 'invalid_request_error',
  unsupported_media_type: 'invalid_request_error',
  payload_too_large: 'request_too_large',
  unauthorized: 'authentication_error',
  forbidden: 'permission_error',
  not_found: 'not_found_error',
  model_not_found: 'not_found_error',
  method_not_allowed: 'invalid_request_error',
  upstream_invalid_request: 'invalid_request_error',
  upstream_not_found: 'not_found_error',
  rate_limited: 'rate_limit_error',
  quota_exceeded: 'rate_limit_error',
  overloaded: 'overloaded_error',
  upstream_timeout: 'timeout_error',
};

export function anthropicErrorType(error: GatewayError): string {
  return TYPE[error.kind] ?? 'api_error';
}

export function encodeErrorBody(error: GatewayError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: anthropicErrorType(error), message: error.message } };
}

/** Status for Anthropic clients: the kind table's, except overloaded → 529. */
export function errorStatus(error: GatewayError): number {
  return error.kind === 'overloaded' ? 529 : error.status;
}

export function decodeErrorBody(body: unknown): UpstreamErrorDetails {
  const error = asRecord(asRecord(body)?.error);
  if (!error) return {};
  const details: UpstreamErrorDetails = {};
  const message = asString(error.message);
  if (message) details.message = message;
  const type = asString(error.type);
  if (type) details.type = type;
  return details;
}
