/**
 * Preload: exposes one function to the page, `window.signalbox.adminToken()`, which asks the main process
 * for the admin token (the main process answers only frames on the gateway's own origin). The UI then
 * talks to the gateway over HTTP like any browser, with the token as a Bearer header.
 *
 * A sandboxed preload cannot import local files, so the channel name is repeated here (ipc-channels.ts;
 * security.test.ts checks they agree).
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('signalbox', {
  adminToken: (): Promise<string | null> => ipcRenderer.invoke('signalbox:admin-token') as Promise<string | null>,
});
