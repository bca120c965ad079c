/**
 * Config for logs: the level, the per-request access line, and the rotating log file in the data dir
 * (`<dataDir>/logs/signalbox.log`). The file is on by default in the desktop app and off for
 * `signalbox serve` (which logs to stderr; `--log-file` turns the file on), unless `file.enabled` says.
 */
import { z } from 'zod';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

export const LogLevelSetting = z.enum(LOG_LEVELS);

export const LogFileConfig = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .meta({ description: 'Write <data dir>/logs/signalbox.log. Default: on in the desktop app, off for `signalbox serve` (see --log-file).' }),
  level: LogLevelSetting.optional().meta({ description: 'Level for the file only (default: logging.level), e.g. info in the file with warn on the terminal.' }),
  maxSizeMb: z.number().min(0.01).max(1024).default(10).meta({ description: 'The file is rotated before it grows beyond this size.' }),
  keep: z.int().min(1).max(100).default(5).meta({ description: 'Rotated files kept besides the current one (signalbox.1.log is the newest); older ones are deleted.' }),
  daily: z.boolean().default(false).meta({ description: 'Also rotate at the first line written on a new local day.' }),
});

export const LoggingConfig = z.strictObject({
  level: LogLevelSetting.default('info').meta({
    description: 'debug | info | warn | error | silent. SIGNALBOX_LOG_LEVEL and --log-level override it.',
  }),
  requests: z.boolean().default(true).meta({
    description: 'One `request` line at info level per model request (id, endpoint, model, provider, status, latency, tokens, cost; never bodies, headers or keys).',
  }),
  file: LogFileConfig.default(LogFileConfig.parse({})),
});

export type LogFileConfig = z.output<typeof LogFileConfig>;
export type LoggingConfig = z.output<typeof LoggingConfig>;
