/**
 * Events worth telling the user about outside the UI (the desktop app turns them into notifications):
 * a budget crossing its warning share (`limits.warnAt`), a request refused because a budget is spent,
 * a provider target's circuit opening (and closing again). Plain data; createGateway's `onAlert` gets them.
 */
import type { LimitWarning } from './accounting/limits.js';

export type GatewayAlert =
  | { type: 'budget-warning'; warning: LimitWarning }
  | { type: 'budget-exceeded'; clientKey: string | null; message: string; at: number }
  | { type: 'circuit'; target: string; state: 'open' | 'closed' };
