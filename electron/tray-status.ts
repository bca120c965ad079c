/**
 * The tray's live numbers, read in-process from the gateway (no HTTP): requests in the last minute and
 * today's known spend from the ledger (the same store the Overview and Costs pages query), paused state.
 * A ledger that cannot be read shows zeros rather than breaking the tray.
 */
import type { Gateway } from '../gateway/index.js';

const DAY_MS = 86_400_000;

export interface GatewayNumbers {
  paused: boolean;
  requestsLastMinute: number;
  spendTodayMicros: number;
}

export function readGatewayNumbers(gateway: Pick<Gateway, 'paused' | 'context'>, now: number): GatewayNumbers {
  const { store } = gateway.context;
  let requestsLastMinute = 0;
  let spendTodayMicros = 0;
  try {
    for (const row of store.usage({ from: now - 60_000, to: now + 1, groupBy: 'day' })) requestsLastMinute += row.requests;
    spendTodayMicros = store.spend(Math.floor(now / DAY_MS) * DAY_MS);
  } catch {
    // Shown as zeros; the gateway logs storage problems itself.
  }
  return { paused: gateway.paused, requestsLastMinute, spendTodayMicros };
}
