/**
 * Fields that would let a client choose where a provider key is sent (LiteLLM CVE-2024-6587) or which
 * credentials are used. Base URLs and keys come from the gateway's config only; every inbound dialect
 * refuses them before anything else is read.
 */
import { GatewayError } from '../core/errors.js';

export const FORBIDDEN_FIELDS = [
  'api_base',
  'base_url',
  'api_key',
  'api_version',
  'extra_headers',
  'custom_llm_provider',
  'deployment_id',
] as const;

export function rejectForbiddenFields(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  for (const field of FORBIDDEN_FIELDS) {
    if (field in body) {
      throw new GatewayError(
        'invalid_request',
        `Unsupported parameter: '${field}'. Upstream endpoints and credentials are configured in Signalbox, not per request.`,
        { param: field, code: 'unsupported_parameter' },
      );
    }
  }
}
