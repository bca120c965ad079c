import { describe, expect, it } from 'vitest';
import type { GatewayAlert } from './alerts.js';
import { validateConfig } from './config/load.js';
import { limitsFor } from './http/limits-check.js';
import { createMemoryStore } from './store/memory/memory-store.js';
import { silentLogger } from './telemetry/log.js';

describe('budget alerts', () => {
  it('reports the warning share once, then each refusal for a spent budget', () => {
    const alerts: GatewayAlert[] = [];
    const now = Date.UTC(2026, 11, 6, 12);
    const config = validateConfig({ limits: { global: { usdPerDay: 1 } } }, 'test');
    const limits = limitsFor(config, createMemoryStore(), () => now, silentLogger, (alert) => alerts.push(alert));
    expect(limits.admit(null, now)).toBeUndefined();
    limits.record(null, 100, 850_000, now);
    expect(alerts).toEqual([{ type: 'budget-warning', warning: { scope: 'global', limit: 'usdPerDay', used: 0.85, max: 1, at: now } }]);
    limits.record(null, 100, 200_000, now);
    const refusal = limits.admit(null, now);
    expect(refusal?.code).toBe('budget_exceeded');
    expect(alerts.slice(1)).toEqual([{ type: 'budget-exceeded', clientKey: null, message: refusal?.message, at: now }]);
    // Other limits still work through the wrapper.
    expect(limits.status(now).scopes[0]?.limits[0]).toMatchObject({ limit: 'usdPerDay' });
  });

  it('without a listener, limits are untouched', () => {
    const config = validateConfig({}, 'test');
    expect(limitsFor(config, createMemoryStore(), () => 0, silentLogger).admit(null, 0)).toBeUndefined();
  });
});
