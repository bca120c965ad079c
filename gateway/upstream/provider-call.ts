/**
 * One HTTP call to a provider with everything around it: provider headers, a deadline linked to the
 * client's abort signal, non-2xx answers decoded into GatewayErrors (redirects never followed, HTML never
 * reflected), and every failure attributed to the provider with secrets redacted.
 */
import { GatewayError, isGatewayError, type GatewayErrorInit } from '../core/errors.js';
import type { ResolvedProvider } from '../providers/registry.js';
import { cleanProviderMessage, upstreamError, type UpstreamErrorDetails } from './error-details.js';
import { discardBody, readBody, type UpstreamClient, type UpstreamResponse } from './http-client.js';
import { linkedCancel, type CancelSignal } from './cancel.js';
import { classifyNetworkError } from './network-errors.js';
import { parseRetryAfter } from './retry-after.js';

export interface ProviderCallDeps {
  upstream: UpstreamClient;
  clock: () => number;
  secrets: () => readonly string[];
  idleTimeoutMs: number;
}

export interface ProviderCall {
  provider: ResolvedProvider;
  path: string;
  body: unknown;
  /** Request-specific headers added to the provider's own. */
  headers?: Record<string, string>;
  accept: 'application/json' | 'text/event-stream';
  /** Overall deadline; undefined for streams (they are bounded by the idle timeout instead). */
  totalTimeoutMs: number | undefined;
  /** Time allowed until the response headers (default: the provider's timeoutMs). */
  firstByteTimeoutMs?: number;
  signal: CancelSignal;
  decodeErrorBody: (body: unknown) => UpstreamErrorDetails;
  /** Told the exact JSON sent (trace body retention); absent unless retention is on. */
  onBody?: (body: string) => void;
}

export interface OpenCall {
  response: UpstreamResponse;
  /** The signal governing this call (client abort + deadline). */
  signal: CancelSignal;
  /** Releases the deadline timer and the link to the client's signal. */
  done: () => void;
}

const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** A GatewayError raised by a codec gets the provider's name and a cleaned message. */
export function attribute(error: GatewayError, provider: string, secrets: readonly string[]): GatewayError {
  if (error.provider) return error;
  const init: GatewayErrorInit = { provider };
  if (error.code) init.code = error.code;
  if (error.param) init.param = error.param;
  if (error.retryAfterMs !== undefined) init.retryAfterMs = error.retryAfterMs;
  return new GatewayError(error.kind, `Provider "${provider}": ${cleanProviderMessage(error.message, secrets)}`, init);
}

/** Any failure → a GatewayError naming the provider. */
export function asProviderError(error: unknown, provider: string, secrets: readonly string[], signal?: CancelSignal): GatewayError {
  return isGatewayError(error) ? attribute(error, provider, secrets) : classifyNetworkError(error, provider, signal);
}

function linkedSignal(signal: CancelSignal, totalTimeoutMs: number | undefined, provider: string): { signal: CancelSignal; done: () => void } {
  // Without a deadline the caller's signal is all there is: no link, listener or timer needed.
  if (totalTimeoutMs === undefined) return { signal, done: () => undefined };
  const { cancel, release } = linkedCancel(signal);
  const timer = setTimeout(() => cancel.abort(new GatewayError('upstream_timeout', `Provider "${provider}" did not finish in time.`, { provider })), totalTimeoutMs);
  return {
    signal: cancel,
    done: () => {
      clearTimeout(timer);
      release();
    },
  };
}

async function failFromStatus(response: UpstreamResponse, call: ProviderCall, deps: ProviderCallDeps, signal: CancelSignal): Promise<never> {
  const provider = call.provider.id;
  if (response.status >= 300 && response.status < 400) {
    discardBody(response);
    throw new GatewayError('upstream_bad_response', `Provider "${provider}" answered with a redirect (HTTP ${response.status}); redirects are not followed.`, {
      provider,
      upstreamStatus: response.status,
    });
  }
  const retryAfter = parseRetryAfter(response.headers, deps.clock());
  let details: UpstreamErrorDetails = {};
  try {
    const text = (await readBody(response, MAX_ERROR_BODY_BYTES, provider, signal)).toString('utf8');
    details = call.decodeErrorBody(JSON.parse(text));
  } catch {
    // Not JSON (an HTML page from a proxy, say) or unreadable: the status alone decides.
  }
  const context: Parameters<typeof upstreamError>[0] = { provider, status: response.status, details, secrets: deps.secrets() };
  if (retryAfter !== undefined) context.retryAfterMs = retryAfter;
  throw upstreamError(context);
}

/** Sends the request and returns a 2xx response whose body is still unread. */
export async function openProviderCall(call: ProviderCall, deps: ProviderCallDeps): Promise<OpenCall> {
  const { provider } = call;
  const link = linkedSignal(call.signal, call.totalTimeoutMs, provider.id);
  try {
    const body = JSON.stringify(call.body);
    call.onBody?.(body);
    const response = await deps.upstream.request({
      url: provider.baseUrl + call.path,
      method: 'POST',
      headers: { ...provider.headers, ...call.headers, 'content-type': 'application/json', accept: call.accept },
      body,
      signal: link.signal,
      firstByteTimeoutMs: call.firstByteTimeoutMs ?? provider.timeoutMs,
      idleTimeoutMs: deps.idleTimeoutMs,
      provider: provider.id,
    });
    if (response.status < 200 || response.status >= 300) await failFromStatus(response, call, deps, link.signal);
    return { response, signal: link.signal, done: link.done };
  } catch (error) {
    link.done();
    throw asProviderError(error, provider.id, deps.secrets(), link.signal);
  }
}

/** Reads and parses a JSON body from an open call (and releases the call). */
export async function readProviderJson(open: OpenCall, provider: string, maxBytes: number, secrets: readonly string[]): Promise<unknown> {
  try {
    const body = await readBody(open.response, maxBytes, provider, open.signal);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new GatewayError('upstream_bad_response', `Provider "${provider}" answered with a body that is not JSON.`, { provider });
    }
  } catch (error) {
    throw asProviderError(error, provider, secrets, open.signal);
  } finally {
    open.done();
  }
}
