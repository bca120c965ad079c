/**
 * The executor: one attempt against one provider (routes, retries and fallback build on this in the
 * routing issue). It encodes the canonical request with the provider's outbound codec, calls the provider,
 * and decodes the answer. For streams it waits for the first canonical parts before returning, so every
 * failure up to that point is still an ordinary HTTP error; later failures become one error part.
 */
import { GatewayError } from '../core/errors.js';
import type { CanonicalRequest } from '../core/request.js';
import type { CanonicalResponse } from '../core/response.js';
import { responseToParts } from '../core/response-to-parts.js';
import type { StreamDecoder, StreamPart } from '../core/stream.js';
import type { DecodeContext, OutboundCodec } from '../dialects/codec.js';
import type { UpstreamClient, UpstreamResponse } from '../upstream/http-client.js';
import { asProviderError, attribute, openProviderCall, readProviderJson } from '../upstream/provider-call.js';
import { createSseDecoder, type SseEvent } from '../upstream/sse.js';
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

export type ExecutionResult =
  | { kind: 'response'; response: CanonicalResponse; attempt: AttemptInfo }
  | { kind: 'stream'; parts: AsyncGenerator<StreamPart[], void, undefined>; attempt: AttemptInfo };

export async function execute(request: CanonicalRequest, target: ModelTarget, deps: ExecuteDeps, signal: AbortSignal): Promise<ExecutionResult> {
  const { provider, upstreamModel } = target;
  const codec = deps.outbound(provider.definition.dialect);
  const encoded = codec.encodeRequest(request, { provider, upstreamModel });
  const attempt: AttemptInfo = { provider: provider.id, upstreamModel, attempts: 1, warnings: encoded.warnings };
  const context: DecodeContext = {
    id: deps.newId('chatcmpl'),
    created: Math.floor(deps.clock() / 1000),
    newToolCallId: () => deps.newId('call'),
  };
  const secrets = deps.secrets();
  const open = await openProviderCall(
    {
      provider,
      path: encoded.path,
      body: encoded.body,
      accept: request.stream ? 'text/event-stream' : 'application/json',
      totalTimeoutMs: request.stream ? undefined : deps.limits.totalTimeoutMs,
      signal,
      decodeErrorBody: codec.decodeErrorBody,
    },
    { upstream: deps.upstream, clock: deps.clock, secrets: deps.secrets, idleTimeoutMs: deps.limits.idleTimeoutMs },
  );

  const isEventStream = String(open.response.headers['content-type'] ?? '').includes('text/event-stream');
  if (!request.stream || !isEventStream) {
    // Also covers a provider that ignored `stream: true` and answered with one JSON body.
    const json = await readProviderJson(open, provider.id, deps.limits.maxResponseBytes, secrets);
    let decoded: CanonicalResponse;
    try {
      decoded = codec.decodeResponse(json, context);
    } catch (error) {
      throw asProviderError(error, provider.id, secrets);
    }
    if (!request.stream) return { kind: 'response', response: decoded, attempt };
    const parts = responseToParts(decoded);
    return { kind: 'stream', attempt, parts: (async function* () { yield parts; })() };
  }

  const reader = createStreamReader(open.response, codec.createStreamDecoder(context), provider.id, open.signal, secrets);
  let first: StreamPart[] | undefined;
  try {
    first = await reader.next();
  } catch (error) {
    reader.close();
    open.done();
    throw error;
  }
  const firstError = first?.find((part) => part.type === 'error');
  if (!first || (firstError && !first.some((part) => part !== firstError && part.type !== 'message-start'))) {
    reader.close();
    open.done();
    if (firstError?.type === 'error') throw firstError.error;
    throw new GatewayError('upstream_truncated', `Provider "${provider.id}" closed the stream without sending anything.`, { provider: provider.id });
  }
  const firstBatch = first;
  async function* parts(): AsyncGenerator<StreamPart[], void, undefined> {
    try {
      yield firstBatch;
      if (firstError) return;
      for (;;) {
        let batch: StreamPart[] | undefined;
        try {
          batch = await reader.next();
        } catch (error) {
          yield [{ type: 'error', error: asProviderError(error, provider.id, secrets, open.signal) }];
          return;
        }
        if (!batch) return;
        yield batch;
        if (batch.some((part) => part.type === 'error')) return;
      }
    } finally {
      reader.close();
      open.done();
    }
  }
  return { kind: 'stream', attempt, parts: parts() };
}

interface StreamReader {
  /** The parts produced by the next upstream read(s); undefined once the stream is over. */
  next(): Promise<StreamPart[] | undefined>;
  close(): void;
}

function createStreamReader(response: UpstreamResponse, decoder: StreamDecoder<SseEvent>, provider: string, signal: AbortSignal, secrets: readonly string[]): StreamReader {
  const sse = createSseDecoder();
  const iterator = response.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let finished = false;
  const collect = (parts: StreamPart[], out: StreamPart[]): void => {
    for (const part of parts) out.push(part.type === 'error' ? { type: 'error', error: attribute(part.error, provider, secrets) } : part);
  };
  return {
    async next() {
      while (!finished) {
        let result: IteratorResult<Buffer>;
        try {
          result = await iterator.next();
        } catch (error) {
          finished = true;
          throw asProviderError(error, provider, secrets, signal);
        }
        const out: StreamPart[] = [];
        if (result.done) {
          finished = true;
          for (const event of sse.end()) collect(decoder.push(event), out);
          collect(decoder.end(), out);
          return out.length ? out : undefined;
        }
        let events: SseEvent[];
        try {
          events = sse.feed(result.value);
        } catch (error) {
          finished = true;
          throw asProviderError(error, provider, secrets, signal);
        }
        for (const event of events) collect(decoder.push(event), out);
        if (out.length) return out;
      }
      return undefined;
    },
    close() {
      finished = true;
      if (!response.body.destroyed) response.body.destroy();
    },
  };
}

