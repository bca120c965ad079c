/** How each choice of an answer ended, as the ledger row keeps it (`RequestRecord.finishReasons`). */
import type { FinishReasonKind } from '../core/response.js';

/** Choices a ledger row keeps a finish reason for: the index comes from the upstream and must not size an array. */
export const MAX_CHOICES = 128;

export function recordFinish(reasons: FinishReasonKind[], choice: number, reason: FinishReasonKind): void {
  if (!Number.isInteger(choice) || choice < 0 || choice >= MAX_CHOICES) return;
  // Choices that ended without a finish part (or arrived out of order) read as `other`, never as holes.
  while (reasons.length < choice) reasons.push('other');
  reasons[choice] = reason;
}
