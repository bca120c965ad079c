/**
 * The gateway's own logger, from config `logging` plus what the host says: sinks stderr (the terminal or
 * the service manager's journal) and, when enabled, `<dataDir>/logs/signalbox.log` with rotation.
 *
 * Level: `level` override (`--log-level`) > SIGNALBOX_LOG_LEVEL > `logging.level` (default info); the file
 * uses `logging.file.level` if set, else the same. File: `file` override (`--log-file`) >
 * `logging.file.enabled` > `fileByDefault` (the desktop app: true; `signalbox serve`: false).
 */
import { join } from 'node:path';
import type { LoggingConfig } from '../config/logging-schema.js';
import { openRotatingFile } from './log-file.js';
import { isLogLevel, openLogger, type LogLevel, type LogSink, type OwnedLogger } from './log.js';

export const LOG_DIR_NAME = 'logs';
export const LOG_FILE_NAME = 'signalbox.log';

export function logFilePath(dataDir: string): string {
  return join(dataDir, LOG_DIR_NAME, LOG_FILE_NAME);
}

export interface LoggingOverrides {
  /** Wins over SIGNALBOX_LOG_LEVEL and `logging.level` (e.g. `--log-level`). */
  level?: LogLevel;
  /** Wins over `logging.file.enabled` (e.g. `--log-file`). */
  file?: boolean;
  /** Whether to write the file when neither `file` nor `logging.file.enabled` says (the desktop app: true). */
  fileByDefault?: boolean;
  /** Write lines to stderr too (default true). */
  stderr?: boolean;
}

export interface GatewayLogOptions {
  config: LoggingConfig;
  /** The file lives in `<dataDir>/logs/`; without a data dir there is no file. */
  dataDir: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  overrides?: LoggingOverrides;
  /** Known secret values, scrubbed from every line (see log.ts). */
  secrets?: () => readonly string[];
  /** Where stderr lines go (default: process.stderr). */
  writeStderr?: (line: string) => void;
}

export interface GatewayLog {
  log: OwnedLogger;
  /** Threshold of the stderr sink (and of the file unless `logging.file.level`). */
  level: LogLevel;
  /** Path of the log file, when one is written. */
  file: string | undefined;
}

export function openGatewayLog(options: GatewayLogOptions): GatewayLog {
  const overrides = options.overrides ?? {};
  const rawEnvLevel = options.env.SIGNALBOX_LOG_LEVEL?.trim().toLowerCase() || undefined;
  const envLevel = isLogLevel(rawEnvLevel) ? rawEnvLevel : undefined;
  const level = overrides.level ?? envLevel ?? options.config.level;
  const wantFile = overrides.file ?? options.config.file.enabled ?? overrides.fileByDefault ?? false;
  const writeStderr = options.writeStderr ?? ((line: string) => void process.stderr.write(line));

  const sinks: LogSink[] = [];
  if (overrides.stderr !== false) sinks.push({ level, write: writeStderr });
  // Until the logger exists, a file failure is reported on stderr directly.
  let report = (error: Error): void => writeStderr(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: 'log file failed', error: error.message })}\n`);
  let file: string | undefined;
  const fileLevel = options.config.file.level ?? level;
  if (wantFile && options.dataDir && fileLevel !== 'silent') {
    file = logFilePath(options.dataDir);
    const rotating = openRotatingFile({
      path: file,
      maxBytes: Math.floor(options.config.file.maxSizeMb * 1024 * 1024),
      keep: options.config.file.keep,
      daily: options.config.file.daily,
      onError: (error) => report(error),
    });
    sinks.push({ level: fileLevel, write: (line) => rotating.write(line), close: () => rotating.close() });
  }
  const log = openLogger({ sinks, secrets: options.secrets });
  report = (error) => log.error('log file failed; retrying in a minute', { file, error: error.message });
  if (rawEnvLevel && !envLevel) log.warn('SIGNALBOX_LOG_LEVEL is not debug, info, warn, error or silent; ignored', { value: rawEnvLevel.slice(0, 16) });
  if (wantFile && !options.dataDir) log.warn('no log file: the gateway has no data directory');
  return { log, level, file };
}
