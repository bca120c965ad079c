import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../gateway/store/memory/memory-store.js';
import { trayKeyName, trayMenuModel, trayTooltip, type TrayItem, type TrayStatus } from './tray-model.js';
import { readGatewayNumbers } from './tray-status.js';

const RUNNING: TrayStatus = { url: 'http://127.0.0.1:6464', paused: false, requestsLastMinute: 3, spendTodayMicros: 1_234_000, launchAtLogin: false, notifications: true };
const labels = (items: TrayItem[]) => items.map((item) => (item.type === 'separator' ? '---' : item.label));
const find = (items: TrayItem[], label: string) => items.find((item) => item.type !== 'separator' && item.label === label);

describe('tray menu model', () => {
  it('shows status lines then actions', () => {
    expect(labels(trayMenuModel(RUNNING))).toEqual([
      'Running on 127.0.0.1:6464',
      '3 requests in the last minute',
      'Spent today: $1.23',
      '---',
      'Open Signalbox',
      'Copy base URL',
      'Copy a new client key',
      '---',
      'Pause',
      'Launch at login',
      'Notifications',
      '---',
      'Quit Signalbox',
    ]);
    expect(trayMenuModel(RUNNING).slice(0, 3).every((item) => item.type === 'normal' && !item.enabled && !item.action)).toBe(true);
    expect(find(trayMenuModel(RUNNING), 'Pause')).toMatchObject({ action: 'pause', enabled: true });
  });

  it('offers Resume while paused', () => {
    const items = trayMenuModel({ ...RUNNING, paused: true, requestsLastMinute: 1, spendTodayMicros: 0 });
    expect(labels(items).slice(0, 3)).toEqual(['Paused (127.0.0.1:6464)', '1 request in the last minute', 'Spent today: $0.00']);
    expect(find(items, 'Resume')).toMatchObject({ action: 'resume' });
    expect(find(items, 'Pause')).toBeUndefined();
  });

  it('reflects the checkboxes', () => {
    const items = trayMenuModel({ ...RUNNING, launchAtLogin: true, notifications: false });
    expect(find(items, 'Launch at login')).toEqual({ type: 'checkbox', label: 'Launch at login', enabled: true, checked: true, action: 'toggle-launch-at-login' });
    expect(find(items, 'Notifications')).toMatchObject({ checked: false, action: 'toggle-notifications' });
  });

  it('disables gateway actions before it listens', () => {
    const items = trayMenuModel({ ...RUNNING, url: null });
    expect(labels(items)[0]).toBe('Starting…');
    for (const label of ['Copy base URL', 'Copy a new client key', 'Pause']) expect(find(items, label)).toMatchObject({ enabled: false });
    expect(find(items, 'Open Signalbox')).toMatchObject({ enabled: true });
    expect(find(items, 'Quit Signalbox')).toMatchObject({ enabled: true, action: 'quit' });
  });

  it('has a tooltip and small spends keep their digits', () => {
    expect(trayTooltip(RUNNING)).toBe('Signalbox — Running on 127.0.0.1:6464; 3 requests/min; $1.23 today');
    expect(trayTooltip({ ...RUNNING, spendTodayMicros: 420 })).toContain('$0.00042 today');
  });

  it('names new keys by date, avoiding taken names', () => {
    const now = Date.UTC(2026, 11, 6, 1, 42, 30);
    expect(trayKeyName(now, new Set())).toBe('tray-2026-12-06-0142');
    expect(trayKeyName(now, new Set(['tray-2026-12-06-0142', 'tray-2026-12-06-0142-2']))).toBe('tray-2026-12-06-0142-3');
  });
});

describe('tray numbers, in-process', () => {
  it('counts the last minute and today (UTC) from the ledger', () => {
    const store = createMemoryStore();
    const now = Date.UTC(2026, 11, 6, 12, 0, 0);
    const record = (startedAt: number, costMicros: number) =>
      store.record({
        id: `r${startedAt}`, startedAt, clientKey: null, route: null, endpoint: 'openai-chat', requestedModel: 'm', provider: 'p', upstreamModel: 'm', stream: false,
        status: 'ok', httpStatus: 200, errorKind: null, attempts: 1, latencyMs: 10, firstByteMs: 10, upstreamMs: 5,
        usage: null, usageEstimated: false, cost: { totalMicros: costMicros } as never, attemptLog: [],
      } as never);
    record(now - 10_000, 1000);
    record(now - 30_000, 2000);
    record(now - 3_600_000, 4000);
    record(now - 13 * 3_600_000, 8000); // yesterday (UTC)
    const numbers = readGatewayNumbers({ paused: true, context: { store } as never }, now);
    expect(numbers.paused).toBe(true);
    expect(numbers.requestsLastMinute).toBe(2);
    expect(numbers.spendTodayMicros).toBe(7000);
  });

  it('shows zeros when the ledger cannot be read', () => {
    const store = { usage: () => { throw new Error('disk'); }, spend: () => 0 };
    expect(readGatewayNumbers({ paused: false, context: { store } as never }, 0)).toEqual({ paused: false, requestsLastMinute: 0, spendTodayMicros: 0 });
  });
});
