/**
 * Builds the budgets and rate limits of `config.limits`, seeded with the spend the ledger already holds for
 * the current UTC day and month, and logging each warning. A ledger that cannot be read counts as no spend
 * (logged): a storage problem must not keep the gateway from starting.
 */
import { createLimits, type Limits } from '../accounting/limits.js';
import type { GatewayAlert } from '../alerts.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/types.js';
import type { Logger } from '../telemetry/log.js';

/** `onAlert` (the desktop notifications) hears each warning and each request refused for a spent budget. */
export function limitsFor(config: Config, store: Store, clock: () => number, log: Logger, onAlert?: (alert: GatewayAlert) => void): Limits {
  const spend = (since: number, clientKey?: string): number => {
    try {
      return store.spend(since, clientKey);
    } catch (error) {
      log.error('could not read spend from the ledger; budgets start from zero', {
        clientKey: clientKey ?? null,
        reason: error instanceof Error ? error.message : 'unknown',
      });
      return 0;
    }
  };
  const limits = createLimits(config.limits, { spend }, clock(), (warning) => {
    onAlert?.({ type: 'budget-warning', warning });
    log.warn('budget warning', {
      scope: warning.scope,
      limit: warning.limit,
      used: warning.used,
      max: warning.max,
      share: Math.round((warning.used / warning.max) * 1000) / 1000,
      at: new Date(warning.at).toISOString(),
    });
  });
  if (!onAlert) return limits;
  return {
    ...limits,
    admit(clientKey, now) {
      const refusal = limits.admit(clientKey, now);
      if (refusal?.code === 'budget_exceeded') onAlert({ type: 'budget-exceeded', clientKey, message: refusal.message, at: now });
      return refusal;
    },
  };
}
