/**
 * Where the desktop app keeps its files: ONE folder, the same one `signalbox serve` uses
 * (gateway/config/data-dir.ts defaultDataDir, SIGNALBOX_DATA_DIR overrides), so the app and the headless
 * gateway share config, ledger and logs. Electron's `userData` is pointed at that folder too (window state,
 * desktop preferences), and Chromium's own caches go to its `chromium/` subfolder (`sessionData`) so they
 * do not clutter the folder the README tells users about. Pure: platform, env and home are passed in.
 *
 *   macOS    ~/Library/Application Support/Signalbox
 *   Windows  %APPDATA%\Signalbox            (C:\Users\<you>\AppData\Roaming\Signalbox)
 *   Linux    $XDG_CONFIG_HOME/signalbox     (~/.config/signalbox)
 */
import { join } from 'node:path';
import { CONFIG_FILE_NAME, defaultDataDir } from '../gateway/config/data-dir.js';
import { LOG_DIR_NAME, LOG_FILE_NAME } from '../gateway/telemetry/log-setup.js';

export interface DesktopPaths {
  /** config.yaml, signalbox.db, logs/ — and Electron's `userData`. */
  dataDir: string;
  configFile: string;
  logFile: string;
  /** Electron `sessionData`: Chromium caches, local storage. */
  sessionData: string;
  /** Window bounds and maximized state (window-state.ts). */
  windowStateFile: string;
  /** Desktop-only preferences: notifications on/off, whether the tray hint was shown (desktop-prefs.ts). */
  prefsFile: string;
}

export function desktopPaths(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): DesktopPaths {
  const dataDir = defaultDataDir(platform, env, home);
  return {
    dataDir,
    configFile: join(dataDir, CONFIG_FILE_NAME),
    logFile: join(dataDir, LOG_DIR_NAME, LOG_FILE_NAME),
    sessionData: join(dataDir, 'chromium'),
    windowStateFile: join(dataDir, 'window-state.json'),
    prefsFile: join(dataDir, 'desktop-prefs.json'),
  };
}
