#!/usr/bin/env node
/**
 * `signalbox` — the headless entry point.
 *   signalbox serve [--config FILE] [--port N] [--host H] [--allow-remote] [--data-dir DIR] [--log-level L] [--log-file]
 *   signalbox config schema            print the config JSON Schema
 *   signalbox config check [--config FILE]
 *   signalbox keys set|rm|ls [NAME]    provider keys in the OS keychain (value on stdin)
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clientKeysCommand } from './cli/client-keys-command.js';
import { keysCommand } from './cli/keys-command.js';
import { CONFIG_FILE_NAME, defaultDataDir } from './config/data-dir.js';
import { ensureConfigFile } from './config/first-run.js';
import { configJsonSchema } from './config/json-schema.js';
import { ConfigError, loadConfigFile } from './config/load.js';
import type { Config } from './config/schema.js';
import { BindRefusedError } from './http/bind-policy.js';
import { createGateway } from './index.js';
import { isLogLevel, type LogLevel } from './telemetry/log.js';
import { VERSION } from './version.js';

const HELP = `Signalbox ${VERSION} — a local AI gateway

Usage:
  signalbox serve [options]      run the gateway and its web UI
  signalbox config schema        print the JSON Schema of the config file
  signalbox config check         validate a config file and exit
  signalbox client-keys create NAME   create a key for a tool (printed once; --models, --usd-per-day, …)
  signalbox client-keys ls|revoke     list keys (hints only) / revoke one by name or id
  signalbox keys set NAME        store a provider key in the OS keychain (read from stdin, never argv)
  signalbox keys rm NAME         remove it;  signalbox keys ls  lists names and masked hints

Options:
  --config FILE     config file (YAML or JSON); default: <data dir>/config.yaml, created on first run
  --port N          port to listen on (default 6464; 0 picks a free port)
  --host HOST       interface to bind (default 127.0.0.1)
  --allow-remote    allow a non-loopback --host (e.g. 0.0.0.0); needs a client key, and
                    server.allowedHosts for the names other machines use (HOST:PORT)
  --data-dir DIR    where config and ledger live (default: the per-user app data directory)
  --log-level L     debug | info | warn | error | silent (default: SIGNALBOX_LOG_LEVEL,
                    else logging.level, else info); JSON lines on stderr
  --log-file        also write <data dir>/logs/signalbox.log, rotated (config logging.file)
  -h, --help        show this help
  -v, --version     print the version
`;

class UsageError extends Error {}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${value}"`);
  return Number(value);
}

function parseLogLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  if (!isLogLevel(value)) throw new UsageError(`--log-level must be debug, info, warn, error or silent`);
  return value;
}

interface ServeFlags {
  config?: string;
  port?: string;
  host?: string;
  'allow-remote'?: boolean;
  'data-dir'?: string;
  'log-level'?: string;
  'log-file'?: boolean;
}

async function serve(flags: ServeFlags): Promise<void> {
  const port = parsePort(flags.port);
  const logLevel = parseLogLevel(flags['log-level']);
  const dataDir = flags['data-dir'] ?? defaultDataDir(process.platform, process.env, homedir());
  let configPath = flags.config;
  if (!configPath) {
    const ensured = ensureConfigFile(dataDir);
    configPath = ensured.path;
    if (ensured.created) process.stdout.write(`Created ${configPath}\n`);
  }
  const config: Config = loadConfigFile(configPath);
  const gateway = await createGateway({
    config,
    configFile: configPath,
    dataDir,
    logging: { level: logLevel, file: flags['log-file'] === true ? true : undefined, fileByDefault: false },
    createFirstKey: true,
  });
  const log = gateway.context.log;
  let address;
  try {
    address = await gateway.listen({ port: port ?? config.server.port, host: flags.host ?? config.server.host, allowRemote: flags['allow-remote'] === true });
  } catch (error) {
    await gateway.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof BindRefusedError) throw new UsageError(error.message);
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port ?? config.server.port} is already in use; choose another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot bind to host "${flags.host ?? config.server.host}"`);
    throw error;
  }
  if (!['127.0.0.1', '::1', 'localhost'].includes(address.host)) {
    log.warn('listening on a non-loopback interface: other machines can reach this gateway', { host: address.host });
  }
  process.stdout.write(`Signalbox ${VERSION} listening on ${address.url}\n`);
  process.stdout.write(`Config: ${configPath}\n`);
  if (gateway.logFile) process.stdout.write(`Log file: ${gateway.logFile}\n`);
  // The link carries the admin token; the UI trades it for a session cookie at once.
  process.stdout.write(`UI: ${address.url}/?token=${encodeURIComponent(gateway.adminToken)}\n`);
  if (gateway.firstRunKey) {
    process.stdout.write(
      `Created a client key named "default" (shown once; tools send it as "Authorization: Bearer <key>"):\n  ${gateway.firstRunKey}\n`,
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(130);
    }
    stopping = true;
    log.info('shutting down', { signal });
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'data-dir': { type: 'string' },
      'log-level': { type: 'string' },
      'log-file': { type: 'boolean' },
      models: { type: 'string' },
      'requests-per-minute': { type: 'string' },
      'tokens-per-minute': { type: 'string' },
      'usd-per-day': { type: 'string' },
      'usd-per-month': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const [command, sub] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return;
  }
  if (command === 'serve') return serve(values);
  if (command === 'client-keys' || command === 'clients') {
    process.exitCode = await clientKeysCommand(
      positionals.slice(1),
      {
        dataDir: values['data-dir'] ?? defaultDataDir(process.platform, process.env, homedir()),
        config: values.config,
        models: values.models,
        requestsPerMinute: values['requests-per-minute'],
        tokensPerMinute: values['tokens-per-minute'],
        usdPerDay: values['usd-per-day'],
        usdPerMonth: values['usd-per-month'],
        json: values.json,
      },
      { stdout: process.stdout, stderr: process.stderr },
    );
    return;
  }
  if (command === 'keys') return void (process.exitCode = await keysCommand(positionals.slice(1)));
  if (command === 'config' && sub === 'schema') {
    process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    return;
  }
  if (command === 'config' && sub === 'check') {
    const path = values.config ?? join(values['data-dir'] ?? defaultDataDir(process.platform, process.env, homedir()), CONFIG_FILE_NAME);
    loadConfigFile(path);
    process.stdout.write(`${path}: ok\n`);
    return;
  }
  throw new UsageError(`unknown command "${positionals.join(' ')}"; see signalbox --help`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) {
    process.stderr.write(`signalbox: ${error.message}\n`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    process.stderr.write(`signalbox: ${(error as Error).message}\nsee signalbox --help\n`);
    process.exit(2);
  }
  process.stderr.write(`signalbox: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
