/**
 * Provider signatures remembered between turns. Gemini issues a `thoughtSignature` with each function
 * call and rejects the next request if the call comes back without it (wire-formats.md §8 item 11);
 * clients speaking other dialects cannot carry it, so the gateway keeps it, keyed by the tool-call id it
 * handed out. Bounded (least recently used entries go first) and in memory.
 */

export interface SignatureCache {
  remember(callId: string, signature: string): void;
  recall(callId: string): string | undefined;
}

export function createSignatureCache(capacity = 10_000): SignatureCache {
  const entries = new Map<string, string>();
  return {
    remember(callId, signature) {
      entries.delete(callId);
      entries.set(callId, signature);
      if (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    recall(callId) {
      const signature = entries.get(callId);
      if (signature !== undefined) {
        entries.delete(callId);
        entries.set(callId, signature);
      }
      return signature;
    },
  };
}
