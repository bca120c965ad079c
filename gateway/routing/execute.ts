/**
 * One attempt against one provider (run-plan.ts makes the attempts). It encodes the canonical request with
 * the provider's outbound codec, calls the provider, and decodes the answer. For streams it waits for the
 * first content before returning, so every failure up to that point is still an ordinary error that
 * routing may answer with another attempt; later failures become one error part.
 */
import { GatewayError } from '../core/errors.js';
import type { CanonicalRequest } from '../core/request.js';
import type { CanonicalResponse } from '../core/response.js';
import { responseToParts } from '../core/response-to-parts.js';
import type { CodecState, DecodeContext, OutboundCodec } from '../dialects/codec.js';
import type { UpstreamClient } from '../upstream/http-client.js';
import type { CancelSignal } from '../upstream/cancel.js';
import { isPrelude, ssePartSource, staticPartSource, type PartSource } from '../upstream/part-source.js';
import { asProviderError, openProviderCall, readProviderJson } from '../upstream/provider-call.js';
import type { ModelTarget } from './resolve-model.js';

export interface ExecuteLimits {
  /** Largest non-streaming response body read from a provider. */
  maxResponseBytes: number;
  /** Longest silence allowed inside a response body. */
  idleTimeoutMs: number;
  /** Longest a non-streaming call may take in total. */
  totalTimeoutMs: number;
}

export interface ExecuteDeps {
  upstream: UpstreamClient;
  outbound: (dialect: string) => OutboundCodec;
  /** State the outbound halves keep across requests (Gemini thought signatures). */
  state: CodecState;
  /** Milliseconds since the epoch. */
  clock: () => number;
  newId: (prefix: string) => string;
  /** Provider keys, redacted from anything a provider says. */
  secrets: () => readonly string[];
  limits: ExecuteLimits;
}

export interface AttemptInfo {
  provider: string;
  upstreamModel: string;
  attempts: number;
  warnings: string[];
}

export interface AttemptOptions {
  /** Time allowed until the first byte (default: the provider's timeoutMs). */
  firstByteTimeoutMs?: number;
  /** Deadline for a non-streamed answer (default: limits.totalTimeoutMs). */
  totalTimeoutMs?: number;
  /** Called when the answer starts: a non-stream's headers, a stream's first content. */
  onFirstByte?: () => void;
  /** Called with the JSON body sent upstream (set only when trace bodies are retained). */
  onUpstreamBody?: (body: string) => void;
}

export type ExecutionResult =
  | { kind: 'response'; response: CanonicalResponse; attempt: AttemptInfo }
  | { kind: 'stream'; source: PartSource; attempt: AttemptInfo };

export async function execute(request: CanonicalRequest, target: ModelTarget, deps: ExecuteDeps, signal: CancelSignal, options: AttemptOptions = {}): Promise<ExecutionResult> {
  const { provider, upstreamModel } = target;
  const codec = deps.outbound(provider.definition.dialect);
  const encoded = codec.encodeRequest(request, { provider, upstreamModel, state: deps.state });
  const attempt: AttemptInfo = { provider: provider.id, upstreamModel, attempts: 1, warnings: encoded.warnings };
  const context: DecodeContext = {
    id: deps.newId('chatcmpl'),
    created: Math.floor(deps.clock() / 1000),
    newToolCallId: () => deps.newId('call'),
    state: deps.state,
  };
  const secrets = deps.secrets();
  const open = await openProviderCall(
    {
      provider,
      path: encoded.path,
      body: encoded.body,
      ...(encoded.headers ? { headers: encoded.headers } : {}),
      accept: request.stream ? 'text/event-stream' : 'application/json',
      totalTimeoutMs: request.stream ? undefined : Math.min(options.totalTimeoutMs ?? Infinity, deps.limits.totalTimeoutMs),
      firstByteTimeoutMs: options.firstByteTimeoutMs ?? provider.timeoutMs,
      signal,
      decodeErrorBody: codec.decodeErrorBody,
      ...(options.onUpstreamBody ? { onBody: options.onUpstreamBody } : {}),
    },
    { upstream: deps.upstream, clock: deps.clock, secrets: deps.secrets, idleTimeoutMs: deps.limits.idleTimeoutMs },
  );

  const isEventStream = String(open.response.headers['content-type'] ?? '').includes('text/event-stream');
  if (!request.stream || !isEventStream) {
    options.onFirstByte?.();
    // Also covers a provider that ignored `stream: true` and answered with one JSON body.
    const json = await readProviderJson(open, provider.id, deps.limits.maxResponseBytes, secrets);
    let decoded: CanonicalResponse;
    try {
      decoded = codec.decodeResponse(json, context);
    } catch (error) {
      throw asProviderError(error, provider.id, secrets);
    }
    if (!request.stream) return { kind: 'response', response: decoded, attempt };
    return { kind: 'stream', attempt, source: staticPartSource(responseToParts(decoded)) };
  }

  const source = ssePartSource(open.response, codec.createStreamDecoder(context), {
    toError: (error) => asProviderError(error, provider.id, secrets, open.signal),
    onFinish: open.done,
  });
  const first = await source.first();
  // The first part past the preamble decides: an error (or nothing at all) means nothing reached the
  // client yet, so the attempt fails as a whole and routing may try another target.
  const decisive = first?.find((part) => !isPrelude(part));
  if (!decisive || decisive.type === 'error') {
    source.close();
    if (decisive?.type === 'error') throw decisive.error;
    throw new GatewayError('upstream_truncated', `Provider "${provider.id}" closed the stream without sending any content.`, { provider: provider.id });
  }
  options.onFirstByte?.();
  return { kind: 'stream', attempt, source };
}
