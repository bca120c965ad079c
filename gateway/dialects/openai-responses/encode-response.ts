/**
 * Inbound half, response: CanonicalResponse → a Responses `response` object, as the official SDK reads it
 * (it synthesises `output_text` from the message items itself). The request is needed because a
 * Response echoes the request's parameters. Only choice 0 is answered: the Responses API has no `n`.
 */
import type { CanonicalRequest } from '../../core/request.js';
import type { CanonicalResponse } from '../../core/response.js';
import { echoRequest, wantsEncryptedReasoning } from './echo-request.js';
import { idBase, responseIdOf } from './ids.js';
import { encodeOutput } from './output-items.js';
import { buildResponse, outcomeOf, type ResponseSnapshot } from './response-object.js';

export function encodeResponse(response: CanonicalResponse, request: CanonicalRequest): Record<string, unknown> {
  const choice = response.choices.find((candidate) => candidate.index === 0) ?? response.choices[0];
  const outcome = outcomeOf(choice?.finishReason);
  const output = encodeOutput(choice?.content ?? [], {
    base: idBase(response.id),
    encryptedReasoning: wantsEncryptedReasoning(request),
    lastStatus: outcome.status,
  });
  const snapshot: ResponseSnapshot = {
    id: responseIdOf(response.id),
    createdAt: response.created,
    model: response.model || request.model,
    status: outcome.status,
    output,
  };
  if (response.usage) snapshot.usage = response.usage;
  if (outcome.incompleteReason) snapshot.incompleteReason = outcome.incompleteReason;
  return buildResponse(echoRequest(request), snapshot);
}
