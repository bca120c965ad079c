/**
 * Input tokens a request would use: asked of the provider where it can count exactly (Anthropic, Gemini),
 * estimated with a tokenizer otherwise. Never a stub zero.
 */
import { estimateInputTokens } from '../accounting/token-estimate.js';
import type { CanonicalRequest } from '../core/request.js';
import type { CancelSignal } from '../upstream/cancel.js';
import { openProviderCall, readProviderJson } from '../upstream/provider-call.js';
import { GatewayError } from '../core/errors.js';
import type { ExecuteDeps } from './execute.js';
import type { ModelTarget } from './resolve-model.js';

export interface TokenCount {
  inputTokens: number;
  exact: boolean;
}

export async function countInputTokens(request: CanonicalRequest, target: ModelTarget, deps: ExecuteDeps, signal: CancelSignal): Promise<TokenCount> {
  const { provider, upstreamModel } = target;
  const codec = deps.outbound(provider.definition.dialect);
  if (!codec.countTokens) return { inputTokens: await estimateInputTokens(request), exact: false };
  const encoded = codec.countTokens.encode(request, { provider, upstreamModel, state: deps.state });
  const open = await openProviderCall(
    {
      provider,
      path: encoded.path,
      body: encoded.body,
      ...(encoded.headers ? { headers: encoded.headers } : {}),
      accept: 'application/json',
      totalTimeoutMs: deps.limits.totalTimeoutMs,
      signal,
      decodeErrorBody: codec.decodeErrorBody,
    },
    { upstream: deps.upstream, clock: deps.clock, secrets: deps.secrets, idleTimeoutMs: deps.limits.idleTimeoutMs },
  );
  const json = await readProviderJson(open, provider.id, 1024 * 1024, deps.secrets());
  const tokens = codec.countTokens.decode(json);
  if (tokens === undefined) throw new GatewayError('upstream_bad_response', `Provider "${provider.id}" answered without a token count.`, { provider: provider.id });
  return { inputTokens: tokens, exact: true };
}
