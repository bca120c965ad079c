/**
 * Label values for the Prometheus metrics: the OpenTelemetry GenAI names (`gen_ai.system`,
 * `gen_ai.operation.name`) and the bound on label cardinality. Provider ids, route names, dialects, status
 * and error kinds come from config or enums; model names do not always (a provider without a `models`
 * list accepts whatever clients ask for), so each metric keeps at most `metrics.maxSeriesPerMetric`
 * distinct label sets and records any further one with its model labels as `other` (metrics-family.ts).
 */
import type { ProviderType } from '../providers/catalog.js';

/**
 * `gen_ai.system` per provider type: the well-known values of the GenAI semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/), the product name for hosts
 * the conventions do not list, `_OTHER` for a generic OpenAI-compatible server.
 */
export const GEN_AI_SYSTEM: Record<ProviderType, string> = {
  openai: 'openai',
  'openai-compatible': '_OTHER',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  openrouter: 'openrouter',
  groq: 'groq',
  mistral: 'mistral_ai',
  deepseek: 'deepseek',
  together: 'together_ai',
  fireworks: 'fireworks_ai',
  xai: 'xai',
  ollama: 'ollama',
  lmstudio: 'lmstudio',
  vllm: 'vllm',
};

/** `gen_ai.operation.name` for an inbound endpoint (`chat` for every generation dialect). */
export const genAiOperation = (endpoint: string): string => (endpoint === 'openai-embeddings' ? 'embeddings' : 'chat');

/** Longest label value kept (model names are at most 256 characters in config). */
const MAX_VALUE_LENGTH = 128;

export const OTHER = 'other';

export const clip = (value: string): string => (value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value);
