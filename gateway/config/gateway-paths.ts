/**
 * Where a running gateway keeps its files, as absolute paths (null when it has none: an in-memory ledger,
 * no config file, no log file). Shown in Settings → About; paths only, never a file's content.
 */
import { join, resolve } from 'node:path';

export const DATABASE_FILE_NAME = 'signalbox.db';

export interface GatewayPaths {
  dataDir: string | null;
  configFile: string | null;
  logFile: string | null;
  database: string | null;
}

export function gatewayPaths(input: { dataDir?: string | undefined; configFile?: string | undefined; logFile?: string | undefined }): GatewayPaths {
  const absolute = (path: string | undefined) => (path ? resolve(path) : null);
  return {
    dataDir: absolute(input.dataDir),
    configFile: absolute(input.configFile),
    logFile: absolute(input.logFile),
    database: input.dataDir ? resolve(join(input.dataDir, DATABASE_FILE_NAME)) : null,
  };
}
