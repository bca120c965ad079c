/** One embeddings call against one provider (OpenAI-family wire format). */
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embeddings.js';
import { GatewayError } from '../core/errors.js';
import { decodeEmbeddingsResponse, encodeEmbeddingsRequest } from '../dialects/openai-embeddings/codec.js';
import { decodeErrorBody } from '../dialects/openai-chat/errors.js';
import type { CancelSignal } from '../upstream/cancel.js';
import { asProviderError, openProviderCall, readProviderJson } from '../upstream/provider-call.js';
import type { AttemptInfo, AttemptOptions, ExecuteDeps } from './execute.js';
import type { ModelTarget } from './resolve-model.js';

export async function executeEmbeddings(
  request: EmbeddingRequest,
  target: ModelTarget,
  deps: ExecuteDeps,
  signal: CancelSignal,
  options: AttemptOptions = {},
): Promise<{ response: EmbeddingResponse; attempt: AttemptInfo }> {
  const { provider, upstreamModel } = target;
  if (!provider.capabilities.embeddings) {
    throw new GatewayError('invalid_request', `Provider "${provider.id}" (${provider.definition.label}) does not offer embeddings.`, {
      param: 'model',
      code: 'unsupported_endpoint',
    });
  }
  const open = await openProviderCall(
    {
      provider,
      path: '/embeddings',
      body: encodeEmbeddingsRequest(request, upstreamModel),
      accept: 'application/json',
      totalTimeoutMs: Math.min(options.totalTimeoutMs ?? Infinity, deps.limits.totalTimeoutMs),
      firstByteTimeoutMs: options.firstByteTimeoutMs ?? provider.timeoutMs,
      signal,
      decodeErrorBody,
      ...(options.onUpstreamBody ? { onBody: options.onUpstreamBody } : {}),
    },
    { upstream: deps.upstream, clock: deps.clock, secrets: deps.secrets, idleTimeoutMs: deps.limits.idleTimeoutMs },
  );
  options.onFirstByte?.();
  const json = await readProviderJson(open, provider.id, deps.limits.maxResponseBytes, deps.secrets());
  try {
    return { response: decodeEmbeddingsResponse(json), attempt: { provider: provider.id, upstreamModel, attempts: 1, warnings: [] } };
  } catch (error) {
    throw asProviderError(error, provider.id, deps.secrets());
  }
}
