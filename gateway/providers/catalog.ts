/**
 * Provider definitions as data. A user writes `type: groq` and a key; everything else comes from here.
 * Adding an OpenAI-compatible host is one entry. User-defined providers (`type: openai-compatible`) use the
 * same structure with the base URL from config.
 */
import type { ProviderDefinition } from './definition.js';

const OPENAI_FAMILY = {
  dialect: 'openai-chat',
  auth: { header: 'authorization', scheme: 'Bearer' },
  capabilities: { tools: true, vision: true, jsonSchema: true, streamUsage: true, embeddings: true, logprobs: true, multipleChoices: true, promptCache: false },
  maxTokensField: 'max_tokens',
} as const;

export const PROVIDER_CATALOG = {
  openai: {
    ...OPENAI_FAMILY,
    label: 'OpenAI',
    prices: { catalog: 'openai' },
    defaultBaseUrl: 'https://api.openai.com/v1',
    requiresKey: true,
    modelPrefixes: ['gpt-', 'o1', 'o3', 'o4', 'chatgpt-', 'text-embedding-'],
    // Reasoning models reject `max_tokens`; OpenAI itself accepts `max_completion_tokens` for every model.
    maxTokensField: 'max_completion_tokens',
  },
  'openai-compatible': {
    ...OPENAI_FAMILY,
    label: 'OpenAI-compatible',
    requiresKey: false,
  },
  anthropic: {
    label: 'Anthropic',
    prices: { catalog: 'anthropic' },
    dialect: 'anthropic-messages',
    // The API root; Signalbox appends /v1/messages.
    defaultBaseUrl: 'https://api.anthropic.com',
    requiresKey: true,
    auth: { header: 'x-api-key' },
    headers: { 'anthropic-version': '2023-06-01' },
    modelPrefixes: ['claude-'],
    capabilities: { tools: true, vision: true, jsonSchema: true, streamUsage: true, embeddings: false, logprobs: false, multipleChoices: false, promptCache: true },
    maxTokensField: 'max_tokens',
  },
  gemini: {
    label: 'Google Gemini',
    prices: { catalog: 'google' },
    dialect: 'gemini',
    // The API root; Signalbox appends /v1beta/models/{model}:generateContent.
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    requiresKey: true,
    auth: { header: 'x-goog-api-key' },
    modelPrefixes: ['gemini-'],
    capabilities: { tools: true, vision: true, jsonSchema: true, streamUsage: true, embeddings: false, logprobs: true, multipleChoices: true, promptCache: false },
    maxTokensField: 'max_tokens',
  },
  openrouter: {
    ...OPENAI_FAMILY,
    label: 'OpenRouter',
    prices: { catalog: 'openrouter' },
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    requiresKey: true,
    // OpenRouter passes cache_control breakpoints on to Anthropic and Gemini models.
    capabilities: { ...OPENAI_FAMILY.capabilities, promptCache: true },
  },
  groq: {
    ...OPENAI_FAMILY,
    label: 'Groq',
    prices: { catalog: 'groq' },
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    requiresKey: true,
    // https://console.groq.com/docs/openai — `n` must be 1, logprobs unsupported.
    capabilities: { ...OPENAI_FAMILY.capabilities, logprobs: false, multipleChoices: false },
  },
  mistral: {
    ...OPENAI_FAMILY,
    label: 'Mistral',
    prices: { catalog: 'mistral' },
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    requiresKey: true,
    // Mistral puts usage on its last chunk unasked and validates bodies strictly (extra fields → 422),
    // so `stream_options` is not sent.
    capabilities: { ...OPENAI_FAMILY.capabilities, streamUsage: false, logprobs: false },
  },
  deepseek: {
    ...OPENAI_FAMILY,
    label: 'DeepSeek',
    prices: { catalog: 'deepseek' },
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    requiresKey: true,
    // https://api-docs.deepseek.com/guides/json_mode — json_object only, no json_schema.
    capabilities: { ...OPENAI_FAMILY.capabilities, vision: false, jsonSchema: false, embeddings: false, multipleChoices: false },
  },
  together: {
    ...OPENAI_FAMILY,
    label: 'Together AI',
    prices: { catalog: 'together' },
    defaultBaseUrl: 'https://api.together.xyz/v1',
    requiresKey: true,
  },
  fireworks: {
    ...OPENAI_FAMILY,
    label: 'Fireworks AI',
    prices: { catalog: 'fireworks' },
    defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    requiresKey: true,
  },
  xai: {
    ...OPENAI_FAMILY,
    label: 'xAI',
    prices: { catalog: 'x-ai' },
    defaultBaseUrl: 'https://api.x.ai/v1',
    requiresKey: true,
    capabilities: { ...OPENAI_FAMILY.capabilities, embeddings: false, multipleChoices: false },
  },
  ollama: {
    ...OPENAI_FAMILY,
    label: 'Ollama',
    prices: 'local',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    requiresKey: false,
    capabilities: { ...OPENAI_FAMILY.capabilities, multipleChoices: false },
  },
  lmstudio: {
    ...OPENAI_FAMILY,
    label: 'LM Studio',
    prices: 'local',
    defaultBaseUrl: 'http://127.0.0.1:1234/v1',
    requiresKey: false,
    capabilities: { ...OPENAI_FAMILY.capabilities, multipleChoices: false },
  },
  vllm: {
    ...OPENAI_FAMILY,
    label: 'vLLM',
    defaultBaseUrl: 'http://127.0.0.1:8000/v1',
    requiresKey: false,
  },
} as const satisfies Record<string, ProviderDefinition>;

export type ProviderType = keyof typeof PROVIDER_CATALOG;

export const PROVIDER_TYPES = Object.keys(PROVIDER_CATALOG) as [ProviderType, ...ProviderType[]];

export function providerDefinition(type: ProviderType): ProviderDefinition {
  return PROVIDER_CATALOG[type];
}
