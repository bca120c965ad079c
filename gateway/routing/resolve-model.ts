/**
 * Model name → provider and upstream model. Pure.
 * `<providerId>/<model>` addresses a provider directly (the model part may itself contain slashes, as
 * OpenRouter ids do). A bare name is accepted when a provider lists it explicitly in its `models`, or when
 * it is a vendor's own name (`claude-…`, `gemini-…`, `gpt-…`) and a provider of that vendor is configured,
 * so tools with built-in model names (Claude Code, Codex) work; the first match in config order wins.
 */
import { GatewayError } from '../core/errors.js';
import type { ResolvedProvider } from '../providers/registry.js';

export interface ModelTarget {
  provider: ResolvedProvider;
  /** Model id as the provider knows it. */
  upstreamModel: string;
}

/** Why a configured provider cannot take requests right now, if it cannot. */
export function unusableReason(provider: ResolvedProvider): { code: 'disabled' | 'unavailable'; reason: string } | undefined {
  if (!provider.enabled) return { code: 'disabled', reason: `provider "${provider.id}" is disabled` };
  if (provider.unavailable) return { code: 'unavailable', reason: `provider "${provider.id}" cannot be used: ${provider.unavailable}` };
  return undefined;
}

function usable(provider: ResolvedProvider, requested: string, upstreamModel: string): ModelTarget {
  const problem = unusableReason(provider);
  if (problem?.code === 'disabled') {
    throw new GatewayError('model_not_found', `The model '${requested}' does not exist: provider "${provider.id}" is disabled.`, {
      param: 'model',
      code: 'model_not_found',
    });
  }
  if (problem) {
    throw new GatewayError('provider_unavailable', `Provider "${provider.id}" cannot be used: ${provider.unavailable}.`, {
      provider: provider.id,
      code: 'provider_unavailable',
    });
  }
  return { provider, upstreamModel };
}

function notFound(requested: string, hint: string): GatewayError {
  return new GatewayError('model_not_found', `The model '${requested}' does not exist. ${hint}`, {
    param: 'model',
    code: 'model_not_found',
  });
}

export function resolveModel(requested: string, providers: ReadonlyMap<string, ResolvedProvider>): ModelTarget {
  const slash = requested.indexOf('/');
  if (slash > 0) {
    const provider = providers.get(requested.slice(0, slash));
    const upstreamModel = requested.slice(slash + 1);
    if (provider && upstreamModel) {
      if (provider.models && !provider.models.includes(upstreamModel)) {
        const offered = provider.models.slice(0, 20).map((model) => `${provider.id}/${model}`).join(', ');
        throw notFound(requested, `Provider "${provider.id}" offers: ${offered}.`);
      }
      return usable(provider, requested, upstreamModel);
    }
  }
  for (const provider of providers.values()) {
    if (provider.enabled && provider.models?.includes(requested)) return usable(provider, requested, requested);
  }
  // A vendor's own model name (`claude-sonnet-4-5`) goes to the first provider of that vendor whose model
  // list does not rule it out.
  for (const provider of providers.values()) {
    const owns = provider.definition.modelPrefixes?.some((prefix) => requested.startsWith(prefix));
    if (owns && provider.enabled && !provider.models) return usable(provider, requested, requested);
  }
  const ids = [...providers.keys()];
  throw notFound(
    requested,
    ids.length
      ? `Use "<provider>/<model>" with one of the configured providers: ${ids.join(', ')} (GET /v1/models lists them).`
      : 'No providers are configured yet.',
  );
}
