/** undici / socket failures → GatewayError kinds (what the executor may retry, what the client sees). */
import { GatewayError, isGatewayError } from '../core/errors.js';
import type { CancelSignal } from './cancel.js';

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR_CONNECT') return code;
    current = cause;
  }
  return undefined;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

export function classifyNetworkError(error: unknown, provider: string, signal?: CancelSignal): GatewayError {
  if (isGatewayError(error)) return error;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (isGatewayError(reason)) return reason;
    return new GatewayError('client_cancelled', 'The client went away.', { provider });
  }
  const code = codeOf(error);
  const init = { provider };
  if (code && UNREACHABLE.has(code)) {
    const why = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timed out connecting' : `could not be reached (${code})`;
    return new GatewayError('upstream_unreachable', `Provider "${provider}" ${why}.`, init);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new GatewayError('upstream_timeout', `Provider "${provider}" did not start answering in time.`, init);
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new GatewayError('upstream_timeout', `Provider "${provider}" stopped sending data (idle timeout).`, init);
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new GatewayError('upstream_too_large', `Provider "${provider}" sent a response larger than the gateway accepts.`, init);
  }
  if (code && RESET.has(code)) {
    return new GatewayError('upstream_reset', `Provider "${provider}" closed the connection unexpectedly.`, init);
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_URL') {
    return new GatewayError('provider_unavailable', `Provider "${provider}" is misconfigured (invalid URL or header value).`, init);
  }
  return new GatewayError('upstream_reset', `Request to provider "${provider}" failed.`, init);
}
