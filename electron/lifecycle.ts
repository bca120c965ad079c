/**
 * Thin wiring of app-wide locks and events: every webContents ever created gets web-contents-guard.ts,
 * every session denies all permissions, a second launch reveals the first window, quitting drains the
 * gateway (quit-drain.ts), and closing the last window does not quit (the app lives in the tray).
 */
import { app, session, type WebContents } from 'electron';
import type { QuitDrain } from './quit-drain.js';
import { denyAllPermissions, guardWebContents, type GuardableContents, type GuardDeps } from './web-contents-guard.js';

export function installAppGuards(deps: GuardDeps): void {
  // Every renderer sandboxed, whatever its webPreferences say (must run before the app is ready).
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents: WebContents) => guardWebContents(contents as unknown as GuardableContents, deps));
  app.on('session-created', (created) => denyAllPermissions(created));
  void app.whenReady().then(() => denyAllPermissions(session.defaultSession));
}

export interface LifecycleDeps {
  drain: QuitDrain;
  /** Second launch, dock icon click: show the window (creating it if needed). */
  reveal(): void;
}

export function installLifecycle(deps: LifecycleDeps): void {
  app.on('second-instance', () => deps.reveal());
  app.on('activate', () => deps.reveal());
  app.on('before-quit', (event) => deps.drain.beforeQuit(event));
  // Tray app: the last window closing is not a reason to quit (the default on Windows and Linux).
  app.on('window-all-closed', () => undefined);
}
