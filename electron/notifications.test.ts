import { describe, expect, it } from 'vitest';
import type { GatewayAlert } from '../gateway/alerts.js';
import { createAlertNotifier, createThrottle, notificationFor, type NotificationModel } from './notifications.js';

const warning = (over: Partial<{ scope: 'global' | `client:${string}`; limit: 'usdPerDay' | 'usdPerMonth' | 'requestsPerMinute'; used: number; max: number }> = {}): GatewayAlert => ({
  type: 'budget-warning',
  warning: { scope: 'global', limit: 'usdPerDay', used: 8.2, max: 10, at: 0, ...over },
});

describe('notificationFor', () => {
  it('budget warnings at the warn share, and spent budgets', () => {
    expect(notificationFor(warning())).toEqual({ key: 'budget:global:usdPerDay', title: 'Budget 82% used', body: 'The daily budget of $10.00 (all clients) is at $8.20.' });
    expect(notificationFor(warning({ scope: 'client:ci', limit: 'usdPerMonth', used: 51, max: 50 }))).toMatchObject({
      key: 'budget:client:ci:usdPerMonth',
      title: 'Budget spent',
      body: 'The monthly budget of $50.00 (client key "ci") is at $51.00.',
    });
    expect(notificationFor({ type: 'budget-exceeded', clientKey: null, message: 'The daily budget of $10.00 (all clients) is spent.', at: 0 })).toMatchObject({
      key: 'budget-exceeded:global',
      body: 'The daily budget of $10.00 (all clients) is spent.',
    });
  });

  it('ignores per-minute rate warnings and circuits closing', () => {
    expect(notificationFor(warning({ limit: 'requestsPerMinute', used: 90, max: 100 }))).toBeUndefined();
    expect(notificationFor({ type: 'circuit', target: 'openai/gpt-4o', state: 'closed' })).toBeUndefined();
  });

  it('providers whose circuit opened', () => {
    expect(notificationFor({ type: 'circuit', target: 'openai/gpt-4o', state: 'open' })).toMatchObject({ key: 'circuit:openai/gpt-4o', title: 'Provider failing' });
  });
});

describe('throttling', () => {
  it('lets the same key through at most once per interval, keys independently', () => {
    let now = 0;
    const throttle = createThrottle(() => now, 60_000);
    expect(throttle.allow('a')).toBe(true);
    expect(throttle.allow('a')).toBe(false);
    expect(throttle.allow('b')).toBe(true);
    now = 59_999;
    expect(throttle.allow('a')).toBe(false);
    now = 60_000;
    expect(throttle.allow('a')).toBe(true);
  });

  it('the notifier dedupes, respects the setting, and never throws', () => {
    let now = 0;
    let enabled = true;
    const shown: NotificationModel[] = [];
    const notify = createAlertNotifier({ enabled: () => enabled, show: (notification) => shown.push(notification), clock: () => now, intervalMs: 1000 });
    const refused: GatewayAlert = { type: 'budget-exceeded', clientKey: 'ci', message: 'spent', at: 0 };
    for (let i = 0; i < 50; i++) notify(refused);
    notify({ type: 'circuit', target: 'a/m', state: 'open' });
    expect(shown.map((notification) => notification.key)).toEqual(['budget-exceeded:ci', 'circuit:a/m']);
    now = 1000;
    enabled = false;
    notify(refused);
    expect(shown).toHaveLength(2);
    enabled = true;
    notify(refused);
    expect(shown).toHaveLength(3);
    const broken = createAlertNotifier({ enabled: () => true, show: () => { throw new Error('no notification server'); }, clock: () => 0 });
    expect(() => broken(refused)).not.toThrow();
  });
});
