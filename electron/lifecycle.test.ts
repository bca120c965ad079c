import { describe, expect, it, vi } from 'vitest';
import { createQuitDrain, drainTimeoutMs } from './quit-drain.js';
import { denyAllPermissions, guardWebContents, type GuardableContents } from './web-contents-guard.js';
import { createCloseToTray, revealWindow, trayHint, type HideableWindow } from './window-visibility.js';

const event = () => ({ preventDefault: vi.fn() });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('quit drains the gateway', () => {
  it('holds the first quit, closes the gateway, then quits for real', async () => {
    let finishClose!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finishClose = resolve)));
    const quit = vi.fn();
    const drain = createQuitDrain({ close, quit, timeoutMs: 10_000, setTimer: () => undefined });
    expect(drain.quitting).toBe(false);
    const first = event();
    drain.beforeQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(drain.quitting).toBe(true);
    // A second Cmd+Q while draining is held too, and does not close twice.
    const again = event();
    drain.beforeQuit(again);
    expect(again.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledOnce();
    await flush();
    expect(quit).not.toHaveBeenCalled();
    finishClose();
    await flush();
    expect(quit).toHaveBeenCalledOnce();
    // The real quit passes.
    const final = event();
    drain.beforeQuit(final);
    expect(final.preventDefault).not.toHaveBeenCalled();
  });

  it('quits anyway when the drain outlasts its bound', async () => {
    let fire!: () => void;
    const onTimeout = vi.fn();
    const quit = vi.fn();
    const drain = createQuitDrain({ close: () => new Promise(() => undefined), quit, onTimeout, timeoutMs: 12_000, setTimer: (callback, ms) => {
      expect(ms).toBe(12_000);
      fire = callback;
    } });
    drain.beforeQuit(event());
    await flush();
    expect(quit).not.toHaveBeenCalled();
    fire();
    await flush();
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('quits when close fails, reporting the error', async () => {
    const onError = vi.fn();
    const quit = vi.fn();
    createQuitDrain({ close: () => Promise.reject(new Error('boom')), quit, onError, timeoutMs: 1000, setTimer: () => undefined }).beforeQuit(event());
    await flush();
    expect(onError).toHaveBeenCalledOnce();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('bounds the drain a little past the gateway grace period', () => {
    expect(drainTimeoutMs(10_000)).toBeGreaterThan(15_000);
  });
});

function fakeWindow(state: Partial<Record<'minimized' | 'visible' | 'destroyed', boolean>> = {}) {
  const calls: string[] = [];
  const window: HideableWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    isVisible: () => state.visible ?? true,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    hide: () => calls.push('hide'),
    focus: () => calls.push('focus'),
  };
  return { window, calls };
}

describe('closing the window keeps the app in the tray', () => {
  it('hides instead of closing, with a hint the first time only', () => {
    let shown = false;
    const showHint = vi.fn(() => (shown = true));
    const { window, calls } = fakeWindow();
    const onClose = createCloseToTray(window, { isQuitting: () => false, hintShown: () => shown, showHint });
    const first = event();
    onClose(first);
    onClose(event());
    expect(first.preventDefault).toHaveBeenCalled();
    expect(calls).toEqual(['hide', 'hide']);
    expect(showHint).toHaveBeenCalledOnce();
  });

  it('closes for real while quitting', () => {
    const { window, calls } = fakeWindow();
    const closing = event();
    createCloseToTray(window, { isQuitting: () => true, hintShown: () => false, showHint: vi.fn() })(closing);
    expect(closing.preventDefault).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it('the hint names the menu bar on macOS, the tray elsewhere', () => {
    expect(trayHint('darwin').body).toContain('menu bar icon');
    expect(trayHint('win32').body).toContain('tray icon');
  });
});

describe('a second launch reveals the first window', () => {
  it('restores, shows and focuses as needed', () => {
    const minimized = fakeWindow({ minimized: true, visible: true });
    expect(revealWindow(minimized.window)).toBe(true);
    expect(minimized.calls).toEqual(['restore', 'focus']);
    const hidden = fakeWindow({ visible: false });
    revealWindow(hidden.window);
    expect(hidden.calls).toEqual(['show', 'focus']);
    expect(revealWindow(fakeWindow({ destroyed: true }).window)).toBe(false);
    expect(revealWindow(undefined)).toBe(false);
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents = {
    on: (name: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
  } as unknown as GuardableContents;
  const fire = (name: string, url = '') => {
    const fired = event();
    // will-frame-navigate passes one details object (with the url) instead of (event, url).
    if (name === 'will-frame-navigate') (listeners.get(name) as unknown as (details: object) => void)?.(Object.assign(fired, { url }));
    else listeners.get(name)?.(fired, url);
    return fired.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('every webContents is locked down', () => {
  const ORIGIN = 'http://127.0.0.1:6464';

  it('refuses webviews, foreign navigation and redirects', () => {
    const { contents, fire } = fakeContents();
    const blocked: string[] = [];
    guardWebContents(contents, { origin: () => ORIGIN, openExternal: vi.fn(), onBlocked: (what) => blocked.push(what) });
    expect(fire('will-attach-webview')).toBe(true);
    expect(fire('will-navigate', `${ORIGIN}/#/traces`)).toBe(false);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'http://127.0.0.1:6464.evil.example/')).toBe(true);
    expect(fire('will-redirect', `${ORIGIN}/admin`)).toBe(false);
    expect(fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    // Sub-frames too (an injected iframe navigating elsewhere).
    expect(fire('will-frame-navigate', `${ORIGIN}/#/costs`)).toBe(false);
    expect(fire('will-frame-navigate', 'https://evil.example/frame')).toBe(true);
    expect(blocked).toEqual(['webview', 'navigation', 'navigation', 'redirect', 'frame navigation']);
  });

  it('refuses all navigation before the gateway listens', () => {
    const { contents, fire } = fakeContents();
    guardWebContents(contents, { origin: () => undefined, openExternal: vi.fn() });
    expect(fire('will-navigate', `${ORIGIN}/`)).toBe(true);
  });

  it('denies new windows, opening only safe https links in the browser', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    guardWebContents(contents, { origin: () => ORIGIN, openExternal });
    expect(open('https://docs.anthropic.com/')).toEqual({ action: 'deny' });
    expect(open('http://example.com/')).toEqual({ action: 'deny' });
    expect(open('https://user:pw@example.com/')).toEqual({ action: 'deny' });
    expect(open(`${ORIGIN}/#/x`)).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://docs.anthropic.com/']]);
  });

  it('denies every permission request and check', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((contents: unknown, permission: string) => boolean) | undefined;
    denyAllPermissions({ setPermissionRequestHandler: (handler) => (request = handler), setPermissionCheckHandler: (handler) => (check = handler) });
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check?.({}, permission)).toBe(false);
    }
  });
});
