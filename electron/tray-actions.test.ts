import { describe, expect, it, vi } from 'vitest';
import { createTrayActions, type TrayActionDeps } from './tray-actions.js';

function setup(overrides: Partial<TrayActionDeps> = {}) {
  const clipboard: string[] = [];
  const notes: string[] = [];
  const keys = [{ name: 'tray-2026-12-06-0142', revokedAt: null }, { name: 'old', revokedAt: '2026-01-01' }];
  const created: string[] = [];
  let paused = false;
  let login = false;
  let notifications = true;
  const gateway = {
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    context: { clientKeys: { list: () => keys as never, create: ({ name }: { name: string }) => (created.push(name), { key: `sk-sb-${name}`, view: {} as never }) } },
  };
  const deps: TrayActionDeps = {
    url: () => 'http://127.0.0.1:6464',
    gateway: () => gateway,
    openWindow: vi.fn(),
    writeClipboard: (text) => void clipboard.push(text),
    notify: (title) => notes.push(title),
    launchAtLogin: { get: () => login, set: (enabled) => (login = enabled) },
    notifications: { get: () => notifications, set: (enabled) => void (notifications = enabled) },
    quit: vi.fn(),
    clock: () => Date.UTC(2026, 11, 6, 1, 42),
    changed: vi.fn(),
    onError: vi.fn(),
    ...overrides,
  };
  return { deps, actions: createTrayActions(deps), clipboard, notes, created, state: () => ({ paused, login, notifications }) };
}

describe('tray actions', () => {
  it('copy the base URL, and a freshly created client key with a free name', async () => {
    const { actions, clipboard, created, notes } = setup();
    await actions['copy-base-url']();
    await actions['copy-new-client-key']();
    expect(created).toEqual(['tray-2026-12-06-0142-2']);
    expect(clipboard).toEqual(['http://127.0.0.1:6464', 'sk-sb-tray-2026-12-06-0142-2']);
    expect(notes).toEqual(['New client key copied']);
  });

  it('pause, resume and toggle the checkboxes, then refresh the menu', async () => {
    const { actions, state, deps } = setup();
    await actions.pause();
    expect(state().paused).toBe(true);
    await actions.resume();
    await actions['toggle-launch-at-login']();
    await actions['toggle-notifications']();
    expect(state()).toEqual({ paused: false, login: true, notifications: false });
    expect(deps.changed).toHaveBeenCalledTimes(4);
    await actions.open();
    await actions.quit();
    expect(deps.openWindow).toHaveBeenCalledOnce();
    expect(deps.quit).toHaveBeenCalledOnce();
  });

  it('report a failing action instead of rejecting, and do nothing before the gateway exists', async () => {
    const failing = setup({ writeClipboard: () => Promise.reject(new Error('no clipboard')) });
    await expect(failing.actions['copy-new-client-key']()).resolves.toBeUndefined();
    expect(failing.deps.onError).toHaveBeenCalledWith('copy-new-client-key', expect.any(Error));
    expect(failing.notes).toEqual([]);
    expect(failing.deps.changed).toHaveBeenCalledOnce();
    const throwing = setup({ writeClipboard: () => { throw new Error('sync'); } });
    await expect(throwing.actions['copy-base-url']()).resolves.toBeUndefined();
    const early = setup({ gateway: () => undefined, url: () => undefined });
    await early.actions['copy-new-client-key']();
    await early.actions['copy-base-url']();
    expect(early.clipboard).toEqual([]);
  });
});
