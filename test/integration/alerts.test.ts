/**
 * The gateway's `onAlert` hook (desktop notifications): a provider target's circuit opening and closing
 * again, reported once per transition, through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayAlert } from '../../gateway/alerts.js';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';

let h: FaultHarness;
const alerts: GatewayAlert[] = [];
beforeAll(async () => {
  h = await startFaultHarness({
    config: () => ({
      routing: { breaker: { consecutiveFailures: 2, cooldownMs: 300 }, retry: { maxRetries: 0 } },
      routes: { guarded: { targets: [{ model: 'f1/flaky-a' }, { model: 'f2/steady-b' }] } },
    }),
    gateway: { onAlert: (alert) => alerts.push(alert) },
  });
});
afterAll(async () => {
  await h.close();
});

describe('alerts', () => {
  it('reports a circuit opening, then closing after a good probe', async () => {
    h.fault.script('flaky-a', [{ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'ok' }]);
    for (let i = 0; i < 3; i++) expect((await h.post('/v1/chat/completions', chat('guarded'))).status).toBe(200);
    expect(alerts).toEqual([{ type: 'circuit', target: 'f1/flaky-a', state: 'open' }]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await h.post('/v1/chat/completions', chat('guarded'))).status).toBe(200);
    expect(alerts).toEqual([
      { type: 'circuit', target: 'f1/flaky-a', state: 'open' },
      { type: 'circuit', target: 'f1/flaky-a', state: 'closed' },
    ]);
  });
});
