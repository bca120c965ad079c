/**
 * Thin wiring: the main window. Bounds come from window-state.ts (saved file, clamped to the displays
 * attached now), closing hides it to the tray (window-visibility.ts), and its state is saved whenever it
 * closes or hides. Navigation, new windows, webviews and permissions are locked for every webContents in
 * lifecycle.ts.
 */
import { app, BrowserWindow, screen } from 'electron';
import { secureWebPreferences } from './security.js';
import { captureWindowState, loadWindowState, MIN_HEIGHT, MIN_WIDTH, restoreBounds, saveWindowState } from './window-state.js';
import { createCloseToTray, type CloseToTrayDeps } from './window-visibility.js';

export interface AppWindowOptions extends CloseToTrayDeps {
  url: string;
  preload: string;
  windowStateFile: string;
  onSaveError(error: unknown): void;
}

export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)];
  const saved = loadWindowState(options.windowStateFile);
  const bounds = restoreBounds(saved, displays.map((display) => display.workArea));
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Signalbox',
    webPreferences: secureWebPreferences(options.preload, { devTools: !app.isPackaged }),
  });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  const save = (): void => {
    const state = captureWindowState(window);
    if (!state) return;
    try {
      saveWindowState(options.windowStateFile, state);
    } catch (error) {
      options.onSaveError(error);
    }
  };
  const closeToTray = createCloseToTray(window, options);
  window.on('close', (event) => {
    save();
    closeToTray(event);
  });
  void window.loadURL(`${options.url}/`);
  return window;
}
