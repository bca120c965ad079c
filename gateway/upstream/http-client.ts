/**
 * The ONE place that does HTTP to providers: an undici Agent (keep-alive pool per origin), explicit
 * connect / first-byte / idle timeouts, redirects never followed (a 3xx is just an answer, so a provider
 * can never send our credentials elsewhere), no compression negotiated, response sizes capped by readers.
 * The egress policy is enforced here, for every caller: literal addresses before connecting, resolved
 * names in the socket's own DNS lookup (egress-policy.ts, egress-lookup.ts); providers with
 * `allowLinkLocal` go through a second agent without the check.
 * Network failures become GatewayErrors here (network-errors.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { GatewayError } from '../core/errors.js';
import type { Cancel, CancelSignal } from './cancel.js';
import { findEgressRefusal, guardedLookup } from './egress-lookup.js';
import { checkEgressHost } from './egress-policy.js';
import { classifyNetworkError } from './network-errors.js';

export interface UpstreamCall {
  /** Absolute URL (http/https) built from admin config, never from client input. */
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: CancelSignal;
  /** Time allowed until the response headers arrive. */
  firstByteTimeoutMs: number;
  /** Time allowed between two reads of the response body. */
  idleTimeoutMs: number;
  /** Provider id, for error messages. */
  provider: string;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
}

export interface UpstreamClient {
  request(call: UpstreamCall): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

export interface UpstreamClientOptions {
  connectTimeoutMs?: number;
  /** Upper bound on pooled connections per origin. */
  connectionsPerOrigin?: number;
  /** Providers allowed to reach link-local / metadata addresses (`allowLinkLocal: true`). */
  linkLocalProviders?: ReadonlySet<string>;
  /** DNS resolution for upstream sockets (default dns.lookup; tests inject names). */
  resolve?: LookupFunction;
}

function egressRefused(provider: string, reason: string): GatewayError {
  return new GatewayError(
    'provider_unavailable',
    `Provider "${provider}" points at ${reason}; the egress policy refuses it (set allowLinkLocal: true on the provider if this is intended).`,
    { provider, code: 'egress_refused' },
  );
}

export function createUpstreamClient(options: UpstreamClientOptions = {}): UpstreamClient {
  const agentOptions = (guarded: boolean): Agent.Options => ({
    connect: { timeout: options.connectTimeoutMs ?? 5_000, lookup: guarded ? guardedLookup(options.resolve) : options.resolve },
    connections: options.connectionsPerOrigin ?? 256,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    pipelining: 1,
  });
  const agent = new Agent(agentOptions(true));
  let unguarded: Agent | undefined;
  const linkLocal = options.linkLocalProviders ?? new Set<string>();
  /** Verdicts on literal hosts, per origin (there are only as many origins as providers). */
  const literalVerdicts = new Map<string, ReturnType<typeof checkEgressHost>>();
  return {
    async request(call) {
      const url = new URL(call.url);
      let dispatcher = agent;
      if (linkLocal.has(call.provider)) {
        dispatcher = unguarded ??= new Agent(agentOptions(false));
      } else {
        let verdict = literalVerdicts.get(url.origin);
        if (!verdict) literalVerdicts.set(url.origin, (verdict = checkEgressHost(url.hostname)));
        if (!verdict.ok) throw egressRefused(call.provider, verdict.reason);
      }
      try {
        const response = await dispatcher.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: call.method,
          headers: call.headers,
          body: call.body ?? null,
          // undici accepts an EventEmitter with `aborted`/`reason` as a signal (see cancel.ts).
          signal: (call.signal as Cancel | undefined) ?? null,
          headersTimeout: call.firstByteTimeoutMs,
          bodyTimeout: call.idleTimeoutMs,
        });
        return { status: response.statusCode, headers: response.headers, body: response.body };
      } catch (error) {
        const refusal = findEgressRefusal(error);
        if (refusal && !call.signal?.aborted) throw egressRefused(call.provider, refusal.reason);
        throw classifyNetworkError(error, call.provider, call.signal);
      }
    },
    async close() {
      await Promise.all([agent.close(), unguarded?.close()]);
    },
  };
}

/** Reads a whole body, refusing more than `maxBytes`. */
export async function readBody(response: UpstreamResponse, maxBytes: number, provider: string, signal?: CancelSignal): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw classifyNetworkError({ code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' }, provider, signal);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      size += buffer.byteLength;
      if (size > maxBytes) {
        response.body.destroy();
        throw classifyNetworkError({ code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' }, provider, signal);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    throw classifyNetworkError(error, provider, signal);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

/** Discards a body we do not need, so the connection can return to the pool. */
export function discardBody(response: UpstreamResponse): void {
  response.body.resume();
  response.body.on('error', () => undefined);
}
