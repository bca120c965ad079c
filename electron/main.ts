/**
 * The desktop shell: starts the gateway in-process, opens its UI in a locked-down window and lives in the
 * tray. Wiring only — the logic is in pure, unit-tested modules next to this file (paths, port-conflict,
 * quit-drain, window-state, window-visibility, web-contents-guard, ipc, tray-model, tray-actions,
 * notifications, launch-at-login).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, clipboard, dialog, ipcMain, Notification, shell, type BrowserWindow } from 'electron';
import { ensureConfigFile } from '../gateway/config/first-run.js';
import { loadConfigFile } from '../gateway/config/load.js';
import { createGateway, type Gateway } from '../gateway/index.js';
import type { LogFields } from '../gateway/telemetry/log.js';
import { createAppWindow } from './app-window.js';
import { loadPrefs, savePrefs } from './desktop-prefs.js';
import { createIpcHandlers, registerIpc } from './ipc.js';
import { autostartFile, createLoginItems, launchCommand, startsHidden } from './launch-at-login.js';
import { installAppGuards, installLifecycle } from './lifecycle.js';
import { createAlertNotifier } from './notifications.js';
import { desktopPaths } from './paths.js';
import { findFreePort, listenWithPortFallback } from './port-conflict.js';
import { createQuitDrain, drainTimeoutMs } from './quit-drain.js';
import { savePortToConfig } from './save-port.js';
import { createTray, type TrayController } from './tray.js';
import { createTrayActions } from './tray-actions.js';
import { readGatewayNumbers } from './tray-status.js';
import { revealWindow, trayHint } from './window-visibility.js';

// One folder for config, ledger, logs and the app's own state (README: "Where Signalbox keeps its files").
const paths = desktopPaths(process.platform, process.env, homedir());
app.setPath('userData', paths.dataDir);
app.setPath('sessionData', paths.sessionData);

let gateway: Gateway | undefined;
let origin: string | undefined;
let window: BrowserWindow | undefined;
let tray: TrayController | undefined;
let shutdownGraceMs = 10_000;
const prefs = loadPrefs(paths.prefsFile);
const warn = (message: string, fields: LogFields = {}): void => (gateway ? gateway.context.log.warn(message, fields) : console.warn(message, fields));
const persistPrefs = (): void => {
  try {
    savePrefs(paths.prefsFile, prefs);
  } catch (error) {
    warn('could not save the desktop preferences', { error: (error as Error).message });
  }
};
const notify = (title: string, body: string): void => {
  if (Notification.isSupported()) new Notification({ title, body }).show();
};
const loginItems = createLoginItems({
  platform: process.platform,
  electron: { get: (query) => app.getLoginItemSettings(query), set: (settings) => app.setLoginItemSettings(settings) },
  autostartFile: autostartFile(process.env, homedir()),
  // Unpackaged (`electron .`), the app directory is an argument of the Electron binary.
  command: launchCommand(process.execPath, process.env, app.isPackaged ? [] : [app.getAppPath()]),
});
const drain = createQuitDrain({
  close: () => gateway?.close() ?? Promise.resolve(),
  quit: () => app.quit(),
  get timeoutMs() {
    return drainTimeoutMs(shutdownGraceMs);
  },
  onTimeout: () => warn('quitting before the gateway finished draining'),
  onError: (error) => warn('gateway close failed', { error: (error as Error).message }),
});

function openWindow(): void {
  if (revealWindow(window) || !origin) return;
  window = createAppWindow({
    url: origin,
    preload: join(import.meta.dirname, 'preload.cjs'),
    windowStateFile: paths.windowStateFile,
    isQuitting: () => drain.quitting,
    hintShown: () => prefs.trayHintShown,
    showHint: () => {
      const hint = trayHint(process.platform);
      notify(hint.title, hint.body);
      prefs.trayHintShown = true;
      persistPrefs();
    },
    onSaveError: (error) => warn('could not save the window state', { error: (error as Error).message }),
  });
}

async function start(): Promise<void> {
  const configFile = ensureConfigFile(paths.dataDir).path;
  const config = loadConfigFile(configFile);
  shutdownGraceMs = config.server.shutdownGraceMs;
  // The desktop app has no terminal: logs go to <dataDir>/logs/signalbox.log (rotated) unless logging.file.enabled is false.
  const started = await createGateway({
    config,
    configFile,
    dataDir: paths.dataDir,
    createFirstKey: true,
    logging: { fileByDefault: true },
    onAlert: createAlertNotifier({ enabled: () => prefs.notifications, show: (model) => notify(model.title, model.body), clock: Date.now }),
  });
  gateway = started;
  const listening = await listenWithPortFallback({
    configuredPort: config.server.port,
    listen: (port) => started.listen(port === undefined ? {} : { port }),
    findFreePort: () => findFreePort(config.server.host),
    ask: async (model) => (await dialog.showMessageBox(model)).response,
    savePort: (port) => void savePortToConfig(started.context.configEditor, config, port),
    onSaveError: (error) => warn('could not save the new port to the config file', { error: (error as Error).message }),
  });
  if (!listening) {
    app.quit();
    return;
  }
  origin = listening.url;
  // The admin token reaches the page through the preload bridge only, never a URL.
  registerIpc(
    ipcMain,
    createIpcHandlers({
      origin: () => origin,
      adminToken: () => started.adminToken,
      openExternal: (url) => shell.openExternal(url),
      launchAtLogin: {
        get: () => loginItems.get(),
        set: (enabled) => {
          const now = loginItems.set(enabled);
          tray?.refresh();
          return now;
        },
      },
      onRefused: (channel, reason) => warn('IPC call refused', { channel, reason }),
    }),
  );
  const actions = createTrayActions({
    url: () => origin,
    gateway: () => gateway,
    openWindow,
    writeClipboard: (text) => clipboard.writeText(text),
    notify,
    launchAtLogin: loginItems,
    notifications: {
      get: () => prefs.notifications,
      set: (enabled) => {
        prefs.notifications = enabled;
        persistPrefs();
      },
    },
    quit: () => app.quit(),
    clock: Date.now,
    changed: () => tray?.refresh(),
    onError: (action, error) => warn('tray action failed', { action, error: (error as Error).message }),
  });
  tray = createTray(
    () => ({ url: origin ?? null, ...readGatewayNumbers(started, Date.now()), launchAtLogin: loginItems.get(), notifications: prefs.notifications }),
    actions,
  );
  started.context.pause?.onChange(() => tray?.refresh());
  if (!startsHidden(process.argv, process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin)) openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Signalbox owns this data folder: it reveals its window (second-instance); this one leaves.
  app.quit();
} else {
  installAppGuards({
    origin: () => origin,
    openExternal: (url) => void shell.openExternal(url),
    onBlocked: (what, url) => warn('blocked in the app window', { what, url: url.slice(0, 200) }),
  });
  installLifecycle({ drain, reveal: openWindow });
  app.whenReady().then(start).catch((error: unknown) => {
    console.error(error);
    dialog.showErrorBox('Signalbox could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
