/** Inbound dialects (the ledger's `endpoint`), with the names users know them by. */
export const DIALECTS: Record<string, string> = {
  'openai-chat': 'OpenAI Chat',
  'openai-responses': 'Responses',
  'anthropic-messages': 'Anthropic',
  'openai-embeddings': 'Embeddings',
  gemini: 'Gemini',
};

export const dialectLabel = (endpoint: string | null): string => (endpoint ? (DIALECTS[endpoint] ?? endpoint) : '—');
