/** Refuses a plan whose model the authenticated client key may not use (403 `model_not_allowed`). */
import type { ClientIdentity } from '../client-keys/client-keys.js';
import { modelAllowed } from '../client-keys/model-access.js';
import { GatewayError } from '../core/errors.js';
import type { RoutePlan } from '../routing/plan.js';

export function assertModelAllowed(client: ClientIdentity | null, plan: RoutePlan): void {
  if (!client || client.models === null) return;
  const direct = plan.route === null ? plan.attempts[0]?.key : undefined;
  if (modelAllowed(client.models, plan.requested, direct)) return;
  throw new GatewayError('forbidden', `Client key "${client.name}" may not use model '${plan.requested}'. It may use: ${client.models.join(', ') || 'no models'}.`, {
    param: 'model',
    code: 'model_not_allowed',
  });
}
