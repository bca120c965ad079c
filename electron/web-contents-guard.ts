/**
 * The same locks on every webContents (the main window and anything created later — `web-contents-created`):
 * no <webview> attached, navigation (of any frame) and redirects only on the gateway's origin, new windows denied (https
 * links go to the OS browser instead), and every permission request and check denied (the UI needs no
 * camera, microphone, notifications, geolocation…). Pure over minimal interfaces so it is tested without
 * Electron.
 */
import { isAllowedNavigation, isSafeExternalUrl } from './security.js';

interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardableContents {
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  /** Any frame, sub-frames included (Electron ≥ 25): the details carry the target URL. */
  on(event: 'will-frame-navigate', listener: (details: PreventableEvent & { url: string }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardDeps {
  /** The gateway's origin; undefined until it listens (everything is refused then). */
  origin(): string | undefined;
  openExternal(url: string): void;
  onBlocked?(what: string, url: string): void;
}

export function guardWebContents(contents: GuardableContents, deps: GuardDeps): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.onBlocked?.('webview', '');
  });
  const stayHome = (what: string) => (event: PreventableEvent, url: string) => {
    const origin = deps.origin();
    if (origin && isAllowedNavigation(url, origin)) return;
    event.preventDefault();
    deps.onBlocked?.(what, url);
  };
  contents.on('will-navigate', stayHome('navigation'));
  contents.on('will-frame-navigate', (details) => stayHome('frame navigation')(details, details.url));
  contents.on('will-redirect', stayHome('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) deps.openExternal(url);
    else deps.onBlocked?.('window.open', url);
    return { action: 'deny' };
  });
}

export interface PermissionSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
