/**
 * Provider error answers → GatewayError. Each dialect reads its own error body into UpstreamErrorDetails;
 * the kind comes from the HTTP status (and a few codes), the same for every provider.
 */
import { GatewayError, type ErrorKind } from '../core/errors.js';
import { redactSecrets } from '../secrets/redact.js';

export interface UpstreamErrorDetails {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
  /** Milliseconds to wait, when the body says (Gemini RetryInfo); headers take precedence. */
  retryAfterMs?: number;
}

export function kindForStatus(status: number, details: UpstreamErrorDetails): ErrorKind {
  if (status === 429) {
    return details.code === 'insufficient_quota' || details.type === 'insufficient_quota' ? 'quota_exceeded' : 'rate_limited';
  }
  if (status === 401) return 'upstream_auth';
  if (status === 403) return 'upstream_permission';
  if (status === 404) return 'upstream_not_found';
  if (status === 408 || status === 504) return 'upstream_timeout';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'upstream_server_error';
  if (status >= 400) return 'upstream_invalid_request';
  return 'upstream_bad_response';
}

/** In-band (stream) errors carry a type/code instead of a status. */
export function kindForStreamError(details: UpstreamErrorDetails): ErrorKind {
  const tag = `${details.type ?? ''} ${details.code ?? ''}`;
  if (/insufficient_quota/.test(tag)) return 'quota_exceeded';
  if (/rate_limit/.test(tag)) return 'rate_limited';
  if (/overloaded|UNAVAILABLE/.test(tag)) return 'overloaded';
  if (/RESOURCE_EXHAUSTED/.test(tag)) return 'rate_limited';
  if (/invalid_request|context_length|INVALID_ARGUMENT/.test(tag)) return 'upstream_invalid_request';
  return 'upstream_server_error';
}

const MAX_MESSAGE = 1000;

/** Makes provider text safe to show: no secrets, no control characters, bounded length. */
export function cleanProviderMessage(message: string, secrets: readonly string[]): string {
  // eslint-disable-next-line no-control-regex
  const flat = redactSecrets(message, secrets).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat;
}

export interface UpstreamErrorContext {
  provider: string;
  status: number;
  details: UpstreamErrorDetails;
  retryAfterMs?: number;
  secrets: readonly string[];
}

export function upstreamError({ provider, status, details, retryAfterMs, secrets }: UpstreamErrorContext): GatewayError {
  const kind = kindForStatus(status, details);
  const said = details.message ? `: ${cleanProviderMessage(details.message, secrets)}` : '';
  let message: string;
  if (kind === 'upstream_auth' || kind === 'upstream_permission') {
    message = `Provider "${provider}" rejected the gateway's credentials (HTTP ${status})${said}. Check the provider's API key in Signalbox.`;
  } else {
    message = `Provider "${provider}" answered HTTP ${status}${said}`;
  }
  const init: ConstructorParameters<typeof GatewayError>[2] = { provider, upstreamStatus: status };
  const wait = retryAfterMs ?? details.retryAfterMs;
  if (wait !== undefined) init.retryAfterMs = wait;
  // Provider param / code are passed through too, so they are cleaned like the message (a provider may
  // echo our key in any field; the canary sweep test checks).
  const param = details.param && cleanProviderMessage(details.param, secrets);
  const code = details.code && cleanProviderMessage(details.code, secrets);
  if (param && kind === 'upstream_invalid_request') init.param = param;
  // Keep the provider's own machine code for client-side handling (e.g. context_length_exceeded).
  if (code && (kind === 'upstream_invalid_request' || kind === 'rate_limited' || kind === 'quota_exceeded')) init.code = code;
  return new GatewayError(kind, message, init);
}
