/** The shape of a provider definition (see catalog.ts for the built-in ones). */
import type { OutboundDialect } from '../dialects/outbound.js';

export interface ProviderCapabilities {
  tools: boolean;
  vision: boolean;
  /** Honours a JSON Schema for the answer (natively or, for Anthropic, through a forced tool). */
  jsonSchema: boolean;
  /** Accepts `stream_options.include_usage` and then sends a usage chunk. */
  streamUsage: boolean;
  embeddings: boolean;
  logprobs: boolean;
  /** Accepts `n > 1`. */
  multipleChoices: boolean;
  /** Takes Anthropic-style `cache_control` breakpoints (Anthropic itself; OpenRouter for its models). */
  promptCache: boolean;
}

export interface ProviderDefinition {
  label: string;
  /** Wire dialect spoken by the provider. */
  dialect: OutboundDialect;
  /** Base URL used when the config gives none; providers without one need `baseUrl` in config. */
  defaultBaseUrl?: string;
  requiresKey: boolean;
  /** How the key is sent: `authorization: Bearer <key>`, `x-api-key: <key>`, … */
  auth: { header: string; scheme?: string };
  /** Fixed headers every request carries (e.g. `anthropic-version`). */
  headers?: Record<string, string>;
  capabilities: ProviderCapabilities;
  /**
   * Bare model names this provider's vendor owns (`claude-…`): a request for one without a provider prefix
   * goes to the first such provider, so tools with built-in model names (Claude Code) work unchanged.
   */
  modelPrefixes?: readonly string[];
  /**
   * Where prices come from: a provider id of the offline price catalogue (`@pydantic/genai-prices`),
   * `local` for models running on the user's machine (free), or absent (match the base URL, else unknown).
   */
  prices?: { catalog: string } | 'local';
  /** Which field carries the output-token limit when the client's own choice cannot be kept. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}
