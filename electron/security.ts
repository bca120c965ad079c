/**
 * Security settings of the desktop shell as pure data and functions, unit-tested under plain Node
 * (no Electron binary is needed to check them).
 */

/**
 * webPreferences for every window: no Node in the renderer, isolated, sandboxed. `devTools` is on only for
 * development builds (`!app.isPackaged`): a packaged app gives no one a console into the admin page.
 */
export function secureWebPreferences(preload: string, options: { devTools?: boolean } = {}): Record<string, unknown> {
  return {
    preload,
    devTools: options.devTools ?? false,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    contextIsolation: true,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  };
}

/** Navigation stays on the gateway's own origin. Compared by parsed origin, never by string prefix. */
export function isAllowedNavigation(target: string, gatewayOrigin: string): boolean {
  try {
    return new URL(target).origin === new URL(gatewayOrigin).origin;
  } catch {
    return false;
  }
}

/** External links open in the OS browser only when they are plain https URLs without credentials. */
export function isSafeExternalUrl(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * Whether an IPC message comes from the app's own page (its frame is on the gateway's origin). Every
 * `ipcMain.handle` checks this: a frame that navigated elsewhere, or a null frame, gets nothing.
 */
export function isAppSender(frameUrl: string | undefined | null, gatewayOrigin: string): boolean {
  if (!frameUrl) return false;
  return isAllowedNavigation(frameUrl, gatewayOrigin);
}
