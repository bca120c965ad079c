/**
 * `signalbox client-keys create|ls|revoke`: the keys tools use to call Signalbox, managed directly in the
 * data directory's database (works whether or not the gateway is running; a running gateway sees the
 * change on its next request). The key is printed once, at creation; only a hint is kept.
 * Returns the exit status: 0 ok, 1 failure (e.g. unknown key), 2 usage error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClientKeys, type ClientKeyView } from '../client-keys/client-keys.js';
import { CONFIG_FILE_NAME } from '../config/data-dir.js';
import { LimitSet } from '../config/ledger-schema.js';
import { loadConfigFile } from '../config/load.js';
import { Identifier } from '../config/schema.js';
import { isGatewayError } from '../core/errors.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';

export const CLIENT_KEYS_HELP = `Usage:
  signalbox client-keys create NAME [--models M1,M2] [--requests-per-minute N] [--tokens-per-minute N]
                                    [--usd-per-day N] [--usd-per-month N]
                              create a key for a tool; it is printed once
  signalbox client-keys ls [--json]   list keys (hints only, never keys)
  signalbox client-keys revoke NAME|ID
--models takes exact model or route names, provider/* or *; without it the key may use every model.
`;

export interface ClientKeysFlags {
  config?: string;
  dataDir: string;
  models?: string;
  requestsPerMinute?: string;
  tokensPerMinute?: string;
  usdPerDay?: string;
  usdPerMonth?: string;
  json?: boolean;
}

export interface ClientKeysIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

class UsageProblem extends Error {}

function number(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!value.trim() || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    throw new UsageProblem(`--${flag} must be ${integer ? 'an integer' : 'a number'}, got "${value}"`);
  }
  return parsed;
}

function limitsFrom(flags: ClientKeysFlags): LimitSet | null {
  const raw = {
    requestsPerMinute: number('requests-per-minute', flags.requestsPerMinute, true),
    tokensPerMinute: number('tokens-per-minute', flags.tokensPerMinute, true),
    usdPerDay: number('usd-per-day', flags.usdPerDay, false),
    usdPerMonth: number('usd-per-month', flags.usdPerMonth, false),
  };
  if (Object.values(raw).every((value) => value === undefined)) return null;
  const parsed = LimitSet.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageProblem(`--${String(issue?.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function describeLimits(limits: LimitSet | null): string {
  if (!limits) return '-';
  const parts: string[] = [];
  if (limits.requestsPerMinute !== undefined) parts.push(`${limits.requestsPerMinute} req/min`);
  if (limits.tokensPerMinute !== undefined) parts.push(`${limits.tokensPerMinute} tok/min`);
  if (limits.usdPerDay !== undefined) parts.push(`$${limits.usdPerDay}/day`);
  if (limits.usdPerMonth !== undefined) parts.push(`$${limits.usdPerMonth}/month`);
  return parts.join(', ');
}

function table(keys: ClientKeyView[]): string {
  const rows = [
    ['NAME', 'ID', 'KEY', 'STATUS', 'CREATED', 'LAST USED', 'MODELS', 'LIMITS'],
    ...keys.map((key) => [
      key.name,
      key.id ?? '(config)',
      key.hint ?? '-',
      key.revokedAt ? `revoked ${key.revokedAt.slice(0, 10)}` : 'active',
      key.createdAt?.slice(0, 16).replace('T', ' ') ?? '-',
      key.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '-',
      key.models ? key.models.join(',') || '(none)' : 'all',
      describeLimits(key.limits),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export async function clientKeysCommand(args: string[], flags: ClientKeysFlags, io: ClientKeysIo): Promise<number> {
  const [action, ref, ...extra] = args;
  try {
    if (!action || extra.length || !['create', 'ls', 'list', 'revoke'].includes(action)) throw new UsageProblem(action ? `unknown or malformed command "client-keys ${args.join(' ')}"` : 'missing command');
    if ((action === 'create' || action === 'revoke') && !ref) throw new UsageProblem(`client-keys ${action} needs a NAME${action === 'revoke' ? ' or ID' : ''}`);
    if ((action === 'ls' || action === 'list') && ref) throw new UsageProblem('client-keys ls takes no argument');
    const configPath = flags.config ?? join(flags.dataDir, CONFIG_FILE_NAME);
    const config = flags.config || existsSync(configPath) ? loadConfigFile(configPath) : undefined;
    const store = openSqliteStore({ file: join(flags.dataDir, 'signalbox.db'), onWarning: (message) => io.stderr.write(`signalbox: ${message}\n`) });
    try {
      const keys = createClientKeys({ repository: store.clientKeys, config: config?.clientKeys ?? [], env: process.env, clock: Date.now });
      if (action === 'create') {
        const name = Identifier.safeParse(ref);
        if (!name.success) throw new UsageProblem(`NAME ${name.error.issues[0]?.message ?? 'is invalid'}`);
        const models = flags.models === undefined ? null : flags.models.split(',').map((model) => model.trim()).filter(Boolean);
        const { key, view } = keys.create({ name: name.data, models, limits: limitsFrom(flags) });
        io.stdout.write(`Created client key "${view.name}" (id ${view.id}). It is shown once; tools send it as "Authorization: Bearer <key>":\n  ${key}\n`);
        return 0;
      }
      if (action === 'revoke') {
        const view = keys.revoke(ref as string);
        io.stdout.write(`Revoked client key "${view.name}" (id ${view.id}).\n`);
        return 0;
      }
      const list = keys.list();
      io.stdout.write(flags.json ? `${JSON.stringify(list, null, 2)}\n` : list.length ? table(list) : 'No client keys. Create one with: signalbox client-keys create NAME\n');
      return 0;
    } finally {
      store.close();
    }
  } catch (error) {
    if (error instanceof UsageProblem) {
      io.stderr.write(`signalbox: ${error.message}\n${CLIENT_KEYS_HELP}`);
      return 2;
    }
    if (isGatewayError(error)) {
      io.stderr.write(`signalbox: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
