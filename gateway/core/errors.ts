/**
 * Errors are values with a kind. Vendor error bodies are decoded into a GatewayError at the upstream edge
 * and encoded into the client's dialect at the inbound edge. `ERROR_KINDS` is the one table mapping a kind
 * to the HTTP status the client sees and to what the executor may do about it.
 */

export type ErrorKind =
  // the client's request
  | 'invalid_request'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'model_not_found'
  | 'method_not_allowed'
  // the provider's answer
  | 'upstream_invalid_request'
  | 'upstream_auth'
  | 'upstream_permission'
  | 'upstream_not_found'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'overloaded'
  | 'upstream_server_error'
  | 'upstream_timeout'
  | 'upstream_unreachable'
  | 'upstream_reset'
  | 'upstream_bad_response'
  | 'upstream_truncated'
  | 'upstream_too_large'
  | 'provider_unavailable'
  // the gateway
  | 'client_cancelled'
  | 'shutting_down'
  /** The user paused the gateway (tray / app): model traffic is refused until resumed. */
  | 'paused'
  | 'internal';

/** What the executor may do after an attempt fails with this kind (used by routing). */
export type Disposition = 'retry' | 'fallback' | 'stop';

interface KindInfo {
  status: number;
  disposition: Disposition;
  /** OpenAI `error.type` for this kind. */
  openaiType: string;
}

export const ERROR_KINDS: Record<ErrorKind, KindInfo> = {
  invalid_request: { status: 400, disposition: 'stop', openaiType: 'invalid_request_error' },
  invalid_json: { status: 400, disposition: 'stop', openaiType: 'invalid_request_error' },
  unsupported_media_type: { status: 415, disposition: 'stop', openaiType: 'invalid_request_error' },
  payload_too_large: { status: 413, disposition: 'stop', openaiType: 'invalid_request_error' },
  unauthorized: { status: 401, disposition: 'stop', openaiType: 'invalid_request_error' },
  forbidden: { status: 403, disposition: 'stop', openaiType: 'invalid_request_error' },
  not_found: { status: 404, disposition: 'stop', openaiType: 'invalid_request_error' },
  model_not_found: { status: 404, disposition: 'stop', openaiType: 'invalid_request_error' },
  method_not_allowed: { status: 405, disposition: 'stop', openaiType: 'invalid_request_error' },
  upstream_invalid_request: { status: 400, disposition: 'stop', openaiType: 'invalid_request_error' },
  // The provider rejected *our* key: a gateway-side problem, so not 401 (the client's key was fine).
  upstream_auth: { status: 502, disposition: 'fallback', openaiType: 'upstream_error' },
  upstream_permission: { status: 502, disposition: 'fallback', openaiType: 'upstream_error' },
  upstream_not_found: { status: 404, disposition: 'fallback', openaiType: 'invalid_request_error' },
  rate_limited: { status: 429, disposition: 'retry', openaiType: 'rate_limit_error' },
  quota_exceeded: { status: 429, disposition: 'fallback', openaiType: 'insufficient_quota' },
  overloaded: { status: 503, disposition: 'retry', openaiType: 'server_error' },
  upstream_server_error: { status: 502, disposition: 'retry', openaiType: 'server_error' },
  upstream_timeout: { status: 504, disposition: 'fallback', openaiType: 'timeout_error' },
  upstream_unreachable: { status: 502, disposition: 'retry', openaiType: 'upstream_error' },
  upstream_reset: { status: 502, disposition: 'fallback', openaiType: 'upstream_error' },
  upstream_bad_response: { status: 502, disposition: 'fallback', openaiType: 'upstream_error' },
  upstream_truncated: { status: 502, disposition: 'fallback', openaiType: 'upstream_error' },
  upstream_too_large: { status: 502, disposition: 'stop', openaiType: 'upstream_error' },
  provider_unavailable: { status: 503, disposition: 'fallback', openaiType: 'upstream_error' },
  client_cancelled: { status: 499, disposition: 'stop', openaiType: 'invalid_request_error' },
  shutting_down: { status: 503, disposition: 'stop', openaiType: 'server_error' },
  paused: { status: 503, disposition: 'stop', openaiType: 'server_error' },
  internal: { status: 500, disposition: 'stop', openaiType: 'server_error' },
};

export interface GatewayErrorInit {
  /** Parameter at fault, in the client's dialect (`messages[0].role`). */
  param?: string;
  /** Stable machine-readable code (`model_not_found`, `invalid_api_key`, …). */
  code?: string;
  /** Provider id whose answer this is. */
  provider?: string;
  /** HTTP status the provider answered with. */
  upstreamStatus?: number;
  /** Milliseconds the provider asked us (and so the client) to wait before retrying. */
  retryAfterMs?: number;
  /** A failure the playground injected on purpose: it never counts against a target's health. */
  injected?: boolean;
}

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly param: string | undefined;
  readonly code: string | undefined;
  readonly provider: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly injected: boolean;

  constructor(kind: ErrorKind, message: string, init: GatewayErrorInit = {}) {
    super(message);
    this.name = 'GatewayError';
    this.kind = kind;
    this.param = init.param;
    this.code = init.code;
    this.provider = init.provider;
    this.upstreamStatus = init.upstreamStatus;
    this.retryAfterMs = init.retryAfterMs;
    this.injected = init.injected ?? false;
  }

  /** Whole seconds for a `Retry-After` header. */
  get retryAfter(): number | undefined {
    return this.retryAfterMs === undefined ? undefined : Math.ceil(this.retryAfterMs / 1000);
  }

  get status(): number {
    return ERROR_KINDS[this.kind].status;
  }
}

export const isGatewayError = (value: unknown): value is GatewayError => value instanceof GatewayError;

/** Anything thrown → a GatewayError; unknown exceptions become `internal` without leaking their text. */
export function toGatewayError(value: unknown): GatewayError {
  if (value instanceof GatewayError) return value;
  return new GatewayError('internal', 'Internal gateway error.');
}
