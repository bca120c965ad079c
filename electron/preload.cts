/**
 * Preload (CommonJS: a sandboxed preload cannot be an ES module nor import local files; emitted as
 * dist/electron/preload.cjs). Exposes only named functions under `window.signalbox`, each one `invoke` on a
 * fixed channel — never `ipcRenderer` itself. The main process answers only frames on the gateway's origin
 * and validates every argument (ipc-validation.ts).
 *
 *   adminToken(): Promise<string | null>         the admin token (Bearer header for /admin/*)
 *   baseUrl(): Promise<string | null>            the gateway's URL, e.g. http://127.0.0.1:6464
 *   openExternal(url): Promise<boolean>          opens an https link in the OS browser
 *   launchAtLogin.get(): Promise<boolean>        whether Signalbox starts at login
 *   launchAtLogin.set(enabled): Promise<boolean> changes it; resolves with the new state
 *
 * The channel names are repeated from ipc-channels.ts (ipc-channels.test.ts checks they agree).
 */
// In a CommonJS module under verbatimModuleSyntax, `import … = require` is the typed way to load a module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

contextBridge.exposeInMainWorld('signalbox', {
  adminToken: (): Promise<string | null> => ipcRenderer.invoke('signalbox:admin-token') as Promise<string | null>,
  baseUrl: (): Promise<string | null> => ipcRenderer.invoke('signalbox:base-url') as Promise<string | null>,
  openExternal: (url: string): Promise<boolean> => ipcRenderer.invoke('signalbox:open-external', url) as Promise<boolean>,
  launchAtLogin: {
    get: (): Promise<boolean> => ipcRenderer.invoke('signalbox:launch-at-login:get') as Promise<boolean>,
    set: (enabled: boolean): Promise<boolean> => ipcRenderer.invoke('signalbox:launch-at-login:set', enabled) as Promise<boolean>,
  },
});
