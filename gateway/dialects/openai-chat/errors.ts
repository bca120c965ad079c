/**
 * OpenAI-shaped errors: `{"error":{"message","type","param","code"}}`, in both directions.
 * Reference: https://platform.openai.com/docs/guides/error-codes
 */
import { ERROR_KINDS, type GatewayError } from '../../core/errors.js';
import type { UpstreamErrorDetails } from '../../upstream/error-details.js';
import { asRecord, asString } from '../lenient.js';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function encodeErrorBody(error: GatewayError): OpenAIErrorBody {
  return {
    error: {
      message: error.message,
      type: ERROR_KINDS[error.kind].openaiType,
      param: error.param ?? null,
      code: error.code ?? error.kind,
    },
  };
}

/** Reads an OpenAI-family error body (HTTP error or in-band stream error). */
export function decodeErrorBody(body: unknown): UpstreamErrorDetails {
  const error = asRecord(asRecord(body)?.error);
  if (!error) return {};
  const details: UpstreamErrorDetails = {};
  const message = asString(error.message);
  if (message) details.message = message;
  const type = asString(error.type);
  if (type) details.type = type;
  const code = asString(error.code) ?? (typeof error.code === 'number' ? String(error.code) : undefined);
  if (code) details.code = code;
  const param = asString(error.param);
  if (param) details.param = param;
  return details;
}
