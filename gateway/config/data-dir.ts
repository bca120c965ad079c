/**
 * Where Signalbox keeps its config and ledger when no path is given: the per-user application data
 * directory of each OS (overridable with SIGNALBOX_DATA_DIR). Pure: platform, env and home are passed in.
 */
import { join } from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env.SIGNALBOX_DATA_DIR) return env.SIGNALBOX_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Signalbox');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Signalbox');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'signalbox');
}

export const CONFIG_FILE_NAME = 'config.yaml';
export const SCHEMA_FILE_NAME = 'config.schema.json';
