import { describe, expect, it } from 'vitest';
import type { ProviderStatus, TargetHealth } from '../../api/types';
import { providerHealth } from './provider-health';

const provider = (id: string, overrides: Partial<ProviderStatus> = {}): ProviderStatus => ({ id, type: 'openai', label: id.toUpperCase(), baseUrl: 'http://x', models: null, enabled: true, hasKey: true, unavailable: null, ...overrides });
const target = (name: string, state: TargetHealth['state']): TargetHealth => ({
  target: name,
  state,
  consecutiveFailures: state === 'closed' ? 0 : 5,
  window: { attempts: 5, failures: state === 'closed' ? 0 : 5 },
  openReason: state === 'closed' ? null : '5 consecutive failures',
  reopensAt: null,
  lastFailureAt: null,
  lastFailureKind: null,
  latency: { ttftMs: null, totalMs: null, samples: 0 },
});

describe('provider health', () => {
  it('says why a provider cannot be used, or how its circuits stand', () => {
    const rows = providerHealth(
      [provider('off', { enabled: false }), provider('gone', { unavailable: 'keychain locked' }), provider('nokey', { hasKey: false }), provider('down'), provider('flaky'), provider('fine'), provider('quiet'), provider('local', { hasKey: false, type: 'openai-compatible' })],
      { targets: [target('down/a', 'open'), target('flaky/a', 'open'), target('flaky/b', 'closed'), target('fine/a', 'closed')], providers: [{ provider: 'fine', active: 2, queued: 1, maxConcurrency: 64, maxQueue: 256 }] },
      [{ key: 'fine', requests: 20, errors: 1, p50LatencyMs: 120 } as never],
      (type) => type !== 'openai-compatible',
    );
    expect(rows.map((row) => [row.id, row.state.label, row.state.tone])).toEqual([
      ['off', 'Disabled', 'neutral'],
      ['gone', 'Unavailable', 'bad'],
      ['nokey', 'No key', 'warn'],
      ['down', 'Circuit open', 'bad'],
      ['flaky', 'Degraded', 'warn'],
      ['fine', 'Healthy', 'ok'],
      ['quiet', 'Idle', 'neutral'],
      ['local', 'Idle', 'neutral'],
    ]);
    expect(rows[4]?.state.detail).toBe('a: open (5 consecutive failures)');
    expect(rows[5]).toMatchObject({ requests: 20, errors: 1, errorRate: 0.05, p50LatencyMs: 120, active: 2, queued: 1, maxConcurrency: 64 });
  });
});
