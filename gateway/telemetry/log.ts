/**
 * Structured logs on pino: one JSON object per line (`level` as a label, `time` ISO 8601, `msg`, then the
 * caller's fields; `id` is the request id on request-related lines). Three layers keep secrets out:
 *   1. callers pass chosen fields only (an allow-list by construction): never request bodies, headers or
 *      credentials, and only flat scalar values;
 *   2. pino `redact` censors any field whose name could carry a credential (`authorization`, `apiKey`,
 *      `token`, …), should a caller slip;
 *   3. optionally (`secrets`), every finished line is scrubbed of the known secret values (provider keys),
 *      which also covers free text such as error messages.
 * Strings are JSON-escaped, so control characters from clients (a user agent with terminal escapes) cannot
 * reach a terminal. Sinks (stderr, the rotating log file, a test's array) each have their own level.
 */
import { pino, type DestinationStream, type Level } from 'pino';
import { LOG_LEVELS } from '../config/logging-schema.js';

export type LogLevel = (typeof LOG_LEVELS)[number];
export { LOG_LEVELS };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that owns its sinks (a file): `close()` flushes and closes them; later lines go to the other sinks only. */
export interface OwnedLogger extends Logger {
  close(): Promise<void>;
}

export interface LogSink {
  /** Lines below this level are not written to this sink. */
  level: LogLevel;
  /** One complete line, newline included. */
  write(line: string): void;
  /** Called once by `OwnedLogger.close()`. */
  close?(): void | Promise<void>;
}

export interface LoggerOptions {
  sinks: LogSink[];
  /** Known secret values (provider keys), replaced by `[redacted]` wherever they appear in a line. */
  secrets?: () => readonly string[];
}

/** Field names censored by pino `redact` (layer 2). Fields are flat, so top-level paths cover them. */
export const REDACTED_FIELDS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
  'apiKey',
  'api_key',
  'key',
  'secret',
  'token',
  'adminToken',
  'accessToken',
  'refreshToken',
  'password',
  'headers',
  'body',
] as const;

export const REDACTED = '[redacted]';

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: Infinity };
const BUILT_IN = new Set(['level', 'time', 'msg']);

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Caller fields named like pino's own keys would produce duplicate JSON keys: they are prefixed instead. */
function ownKeysFree(fields: LogFields): LogFields {
  let clash = false;
  for (const name in fields) if (BUILT_IN.has(name)) clash = true;
  if (!clash) return fields;
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields)) out[BUILT_IN.has(name) ? `field_${name}` : name] = value;
  return out;
}

/** Replaces every known secret (8+ characters, as `redactSecrets`) in a finished line. */
function scrubber(secrets: () => readonly string[]): (line: string) => string {
  return (line) => {
    let out = line;
    for (const secret of secrets()) {
      // A JSON-escaped secret is still found: keys are printable ASCII without quotes or backslashes.
      if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  };
}

export function openLogger(options: LoggerOptions): OwnedLogger {
  const sinks = options.sinks.filter((sink) => sink.level !== 'silent');
  const lowest = sinks.reduce<LogLevel>((low, sink) => (RANK[sink.level] < RANK[low] ? sink.level : low), 'silent');
  const destination: DestinationStream =
    sinks.length === 1
      ? { write: (line: string) => (sinks[0] as LogSink).write(line) }
      : pino.multistream(
          sinks.map((sink) => ({ level: sink.level as Level, stream: { write: (line: string) => sink.write(line) } })),
          { dedupe: false },
        );
  const logger = pino(
    {
      level: lowest,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_FIELDS], censor: REDACTED },
      ...(options.secrets ? { hooks: { streamWrite: scrubber(options.secrets) } } : {}),
    },
    destination,
  );
  const emit =
    (at: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: LogFields): void => {
      if (fields) logger[at](ownKeysFree(fields), message);
      else logger[at](message);
    };
  let closed: Promise<void> | undefined;
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    close() {
      closed ??= Promise.all(options.sinks.map(async (sink) => sink.close?.())).then(() => undefined);
      return closed;
    },
  };
}

/** A logger writing lines at `level` and above to `write` (default: stderr). Used by tests to capture lines. */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  return openLogger({ sinks: [{ level, write }] });
}

export const stderrSink = (level: LogLevel): LogSink => ({ level, write: (line) => process.stderr.write(line) });

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
