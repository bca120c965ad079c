/**
 * What the desktop window's preload (electron/preload.cts) exposes as `window.signalbox`: the one place
 * the renderer types it. In a browser it is absent; members added after the first release are optional,
 * so an older desktop build lacking one is treated like a browser for that feature.
 */
export interface DesktopBridge {
  /** The admin token for the Bearer header (see admin-auth.ts). */
  adminToken(): Promise<string | null>;
  /** Start Signalbox when the user logs in; `set` resolves with the state now in effect. */
  launchAtLogin?: {
    get(): Promise<boolean>;
    set(enabled: boolean): Promise<boolean>;
  };
  /** The gateway's URL, e.g. http://127.0.0.1:6464. */
  baseUrl?(): Promise<string | null>;
  /** Opens an https link in the system browser; the preload resolves with whether it did. */
  openExternal?(url: string): Promise<boolean | void>;
}

declare global {
  interface Window {
    /** Present in the desktop window only. */
    signalbox?: DesktopBridge;
  }
}

/** The bridge, when running in the desktop window. */
export const desktopBridge = (): DesktopBridge | undefined => (typeof window === 'undefined' ? undefined : window.signalbox);
