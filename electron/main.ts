/**
 * The desktop shell: starts the gateway in-process and opens its UI in a locked-down window. All logic
 * lives in gateway/ and in electron/security.ts (pure, unit-tested); this file only wires Electron APIs.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { defaultDataDir } from '../gateway/config/data-dir.js';
import { ensureConfigFile } from '../gateway/config/first-run.js';
import { loadConfigFile } from '../gateway/config/load.js';
import { createGateway, type Gateway } from '../gateway/index.js';
import { ADMIN_TOKEN_CHANNEL } from './ipc-channels.js';
import { isAllowedNavigation, isAppSender, isSafeExternalUrl, secureWebPreferences } from './security.js';

let gateway: Gateway | undefined;

async function start(): Promise<void> {
  const dataDir = defaultDataDir(process.platform, process.env, homedir());
  const configFile = ensureConfigFile(dataDir).path;
  const config = loadConfigFile(configFile);
  // The desktop app has no terminal: logs go to <dataDir>/logs/signalbox.log (rotated) unless logging.file.enabled is false.
  gateway = await createGateway({ config, configFile, dataDir, createFirstKey: true, logging: { fileByDefault: true } });
  const { url } = await gateway.listen();
  const adminToken = gateway.adminToken;
  // The admin token reaches the page through the preload bridge only, never a URL; the first-run client
  // key is shown by the UI (GET /admin/client-keys/first-run).
  ipcMain.handle(ADMIN_TOKEN_CHANNEL, (event) => (isAppSender(event.senderFrame?.url, url) ? adminToken : null));
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'Signalbox',
    webPreferences: secureWebPreferences(join(import.meta.dirname, 'preload.js')),
  });
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    if (isSafeExternalUrl(target)) void shell.openExternal(target);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, target) => {
    if (!isAllowedNavigation(target, url)) event.preventDefault();
  });
  await window.loadURL(`${url}/`);
}

app.on('window-all-closed', () => {
  void gateway?.close().finally(() => app.quit());
});

app.whenReady().then(start, (error: unknown) => {
  console.error(error);
  app.quit();
});
