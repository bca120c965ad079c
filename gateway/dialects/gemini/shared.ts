/** Mappings the Gemini halves share: finish reasons, usage, errors. */
import type { FinishReason, FinishReasonKind } from '../../core/response.js';
import { count, type Usage } from '../../core/usage.js';
import type { UpstreamErrorDetails } from '../../upstream/error-details.js';
import { asArray, asRecord, asString } from '../lenient.js';

export const DIALECT = 'gemini';

const FINISH: Record<string, FinishReasonKind> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content-filter',
  RECITATION: 'content-filter',
  BLOCKLIST: 'content-filter',
  PROHIBITED_CONTENT: 'content-filter',
  SPII: 'content-filter',
  IMAGE_SAFETY: 'content-filter',
  IMAGE_PROHIBITED_CONTENT: 'content-filter',
  IMAGE_RECITATION: 'content-filter',
};

/** A function call ends with STOP: the only signal is the presence of functionCall parts (§6.3). */
export function decodeFinishReason(raw: unknown, calledTools: boolean): FinishReason {
  const value = typeof raw === 'string' ? raw : null;
  const unified = (value && FINISH[value]) || (value === 'STOP' || value === null ? 'stop' : 'other');
  return { unified: calledTools && unified === 'stop' ? 'tool-calls' : unified, raw: value };
}

/** Gemini usage: promptTokenCount includes cached tokens; candidatesTokenCount excludes thoughts. */
export function decodeUsage(raw: unknown): Usage | undefined {
  const usage = asRecord(raw);
  if (!usage) return undefined;
  const prompt = count(usage.promptTokenCount) + count(usage.toolUsePromptTokenCount);
  const cached = Math.min(count(usage.cachedContentTokenCount), prompt);
  return {
    inputUncached: prompt - cached,
    inputCacheRead: cached,
    inputCacheWrite: 0,
    outputText: count(usage.candidatesTokenCount),
    outputReasoning: count(usage.thoughtsTokenCount),
  };
}

/** `{"error":{"code","message","status","details":[…RetryInfo…]}}` → details (+ retry delay in seconds). */
export function decodeErrorBody(body: unknown): UpstreamErrorDetails {
  // streamGenerateContent without alt=sse wraps errors in an array.
  const root = Array.isArray(body) ? body[0] : body;
  const error = asRecord(asRecord(root)?.error);
  if (!error) return {};
  const details: UpstreamErrorDetails = {};
  const message = asString(error.message);
  if (message) details.message = message;
  const status = asString(error.status);
  if (status) details.type = status;
  for (const detail of asArray(error.details)) {
    const record = asRecord(detail);
    const reason = asString(record?.reason);
    if (reason) details.code = reason;
    const delay = /^(\d+(?:\.\d+)?)s$/.exec(asString(record?.retryDelay) ?? '');
    if (delay?.[1]) details.retryAfterMs = Math.round(Number(delay[1]) * 1000);
  }
  return details;
}
