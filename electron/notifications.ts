/**
 * Desktop notifications from gateway alerts (gateway/alerts.ts): what to say, and a throttle so the same
 * budget or provider notifies at most once per `intervalMs` (a spent budget refuses every request; a
 * flapping circuit opens again and again). Pure: the clock is injected.
 */
import { formatUsd } from '../gateway/accounting/limits.js';
import type { GatewayAlert } from '../gateway/alerts.js';

export interface NotificationModel {
  /** Dedupe key: one budget (scope + limit) or one provider target. */
  key: string;
  title: string;
  body: string;
}

export const NOTIFY_INTERVAL_MS = 15 * 60_000;

const scopeLabel = (scope: string): string => (scope === 'global' ? 'all clients' : `client key "${scope.replace(/^client:/, '')}"`);

export function notificationFor(alert: GatewayAlert): NotificationModel | undefined {
  switch (alert.type) {
    case 'budget-warning': {
      const { warning } = alert;
      // Per-minute rate limits come and go within a minute: not worth interrupting anyone.
      if (warning.limit !== 'usdPerDay' && warning.limit !== 'usdPerMonth') return undefined;
      const period = warning.limit === 'usdPerDay' ? 'daily' : 'monthly';
      const toMicros = (usd: number) => Math.round(usd * 1_000_000);
      const share = Math.round((warning.used / warning.max) * 100);
      return {
        key: `budget:${warning.scope}:${warning.limit}`,
        title: share >= 100 ? 'Budget spent' : `Budget ${share}% used`,
        body: `The ${period} budget of ${formatUsd(toMicros(warning.max))} (${scopeLabel(warning.scope)}) is at ${formatUsd(toMicros(warning.used))}.`,
      };
    }
    case 'budget-exceeded':
      return { key: `budget-exceeded:${alert.clientKey ?? 'global'}`, title: 'Budget spent: requests refused', body: alert.message };
    case 'circuit':
      if (alert.state !== 'open') return undefined;
      return {
        key: `circuit:${alert.target}`,
        title: 'Provider failing',
        body: `${alert.target} failed repeatedly; Signalbox stops sending it requests for a while and uses fallbacks where routes have them.`,
      };
    default:
      return undefined;
  }
}

/** `allow(key)` is true at most once per `intervalMs` for each key. */
export function createThrottle(clock: () => number, intervalMs = NOTIFY_INTERVAL_MS): { allow(key: string): boolean } {
  const last = new Map<string, number>();
  return {
    allow(key) {
      const now = clock();
      const previous = last.get(key);
      if (previous !== undefined && now - previous < intervalMs) return false;
      last.set(key, now);
      if (last.size > 1000) for (const [entry, at] of last) if (now - at >= intervalMs) last.delete(entry);
      return true;
    },
  };
}

export interface NotifierDeps {
  enabled(): boolean;
  show(notification: NotificationModel): void;
  clock: () => number;
  intervalMs?: number;
}

/** The gateway's `onAlert`: alert → notification, when enabled and not throttled. Never throws. */
export function createAlertNotifier(deps: NotifierDeps): (alert: GatewayAlert) => void {
  const throttle = createThrottle(deps.clock, deps.intervalMs);
  return (alert) => {
    try {
      if (!deps.enabled()) return;
      const notification = notificationFor(alert);
      if (notification && throttle.allow(notification.key)) deps.show(notification);
    } catch {
      // A notification failing must never fail a request (onAlert runs on the request path).
    }
  };
}
