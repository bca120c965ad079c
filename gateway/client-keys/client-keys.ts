/**
 * The client keys a gateway accepts: keys created at runtime (admin API, CLI, first run) and stored
 * hashed in the database, plus keys declared in the config file (`clientKeys`, as env references or
 * SHA-256 digests, for automation). One `authenticate` decides for every credential header.
 *
 * Keys created or revoked by another process (the CLI, against the same database) are seen on the next
 * request: the repository's external version is checked on every authentication (one cheap PRAGMA).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientKeyConfig } from '../config/schema.js';
import type { LimitSet } from '../config/ledger-schema.js';
import { GatewayError } from '../core/errors.js';
import { resolveSecret } from '../secrets/resolve.js';
import { generateKey, parseKey, secretMatches } from './key-format.js';
import { type ClientKeyPatch, type ClientKeyRecord, type ClientKeyRepository, DuplicateKeyNameError } from './types.js';

/** Who a request is, once its key matched. */
export interface ClientIdentity {
  /** The key's name: what the ledger, limits and the UI call the client. */
  name: string;
  /** Database id; null for a key from the config file. */
  id: string | null;
  /** Model/route patterns the key may use; null = all. */
  models: readonly string[] | null;
}

/** A key as the admin API shows it: never the key or its hash. */
export interface ClientKeyView {
  id: string | null;
  name: string;
  source: 'database' | 'config';
  hint: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  models: string[] | null;
  limits: LimitSet | null;
}

export interface CreateKeyInput {
  name: string;
  models?: string[] | null;
  limits?: LimitSet | null;
}

export interface ClientKeys {
  /** The identity of a presented key, or undefined (constant-time comparisons). */
  authenticate(presented: string): ClientIdentity | undefined;
  /** Keys that can authenticate right now (database keys not revoked, config keys that resolved). */
  liveCount(): number;
  /** Every key, revoked ones included; config keys last. */
  list(): ClientKeyView[];
  /** Creates a key; the returned `key` is the only time it exists in clear. */
  create(input: CreateKeyInput): { key: string; view: ClientKeyView };
  /** Changes a database key's name, models or limits (by id or live name). */
  update(ref: string, patch: ClientKeyPatch): ClientKeyView;
  /** Revokes a database key (by id or live name); it stops working on the next request. */
  revoke(ref: string): ClientKeyView;
  /** Creates a `default` key when none was ever created or configured (first run); returns it, or undefined. */
  ensureFirstKey(): string | undefined;
  /** Config keys that could not be loaded (e.g. env var not set), with the reason. */
  readonly problems: readonly string[];
}

export interface ClientKeysOptions {
  repository: ClientKeyRepository;
  config: readonly ClientKeyConfig[];
  env: Readonly<Record<string, string | undefined>>;
  clock: () => number;
  /** Told when a name's own limits appear, change or go (to adjust budgets and rate limits). */
  onLimits?: (name: string, limits: LimitSet | null) => void;
  /** Database failures while recording a use are reported here, never thrown into a request. */
  onError?: (message: string) => void;
}

/** How often the last use of a key is written (at most once per key per this interval). */
const TOUCH_INTERVAL_MS = 60_000;

interface ConfigKey {
  name: string;
  digest: Buffer;
  models: string[] | null;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());

function notFound(ref: string): GatewayError {
  return new GatewayError('not_found', `No client key with id or name "${ref}".`, { code: 'client_key_not_found' });
}

function nameTaken(name: string): GatewayError {
  return new GatewayError('invalid_request', `A client key named "${name}" already exists; names are unique among keys that are not revoked.`, {
    param: 'name',
    code: 'duplicate_name',
  });
}

export function createClientKeys(options: ClientKeysOptions): ClientKeys {
  const { repository, clock } = options;
  const problems: string[] = [];
  const configKeys: ConfigKey[] = [];
  for (const entry of options.config) {
    const models = entry.models ?? null;
    if ('sha256' in entry) {
      configKeys.push({ name: entry.name, digest: Buffer.from(entry.sha256, 'hex'), models });
      continue;
    }
    const secret = resolveSecret(entry.key, options.env);
    if (secret.ok) configKeys.push({ name: entry.name, digest: sha256(secret.value), models });
    else problems.push(`client key "${entry.name}": ${secret.reason}`);
  }
  const configNames = new Set(options.config.map((entry) => entry.name));

  let records: ClientKeyRecord[] = [];
  let live = new Map<string, ClientKeyRecord>();
  let seenVersion = Number.NaN;
  const lastTouched = new Map<string, number>();

  const reload = (): void => {
    const before = new Map([...live.values()].map((record) => [record.name, record.limits]));
    records = repository.all();
    live = new Map(records.filter((record) => record.revokedAt === null).map((record) => [record.id, record]));
    // Limits follow the live keys: new or changed limits are applied, removed keys' limits dropped.
    const after = new Map([...live.values()].map((record) => [record.name, record.limits]));
    for (const [name, limits] of after) {
      if (JSON.stringify(before.get(name) ?? null) !== JSON.stringify(limits)) options.onLimits?.(name, limits);
    }
    for (const name of before.keys()) if (!after.has(name)) options.onLimits?.(name, null);
  };
  const refresh = (): void => {
    const version = repository.externalVersion();
    if (version !== seenVersion) {
      seenVersion = version;
      reload();
    }
  };
  refresh();

  const view = (record: ClientKeyRecord): ClientKeyView => ({
    id: record.id,
    name: record.name,
    source: 'database',
    hint: record.hint,
    createdAt: iso(record.createdAt),
    lastUsedAt: iso(record.lastUsedAt),
    revokedAt: iso(record.revokedAt),
    models: record.models,
    limits: record.limits,
  });
  const configView = (key: { name: string; models: string[] | null }): ClientKeyView => ({
    id: null,
    name: key.name,
    source: 'config',
    hint: null,
    createdAt: null,
    lastUsedAt: null,
    revokedAt: null,
    models: key.models,
    limits: null,
  });

  const find = (ref: string): ClientKeyRecord => {
    refresh();
    const record = records.find((entry) => entry.id === ref) ?? [...live.values()].find((entry) => entry.name === ref);
    if (!record) {
      if (configNames.has(ref)) {
        throw new GatewayError('invalid_request', `Client key "${ref}" is declared in the config file; change it there.`, { code: 'config_client_key' });
      }
      throw notFound(ref);
    }
    return record;
  };

  const touch = (record: ClientKeyRecord): void => {
    const now = clock();
    if (now - (lastTouched.get(record.id) ?? 0) < TOUCH_INTERVAL_MS) return;
    lastTouched.set(record.id, now);
    record.lastUsedAt = now;
    try {
      repository.touch(record.id, now);
    } catch (error) {
      options.onError?.(`could not record the use of client key "${record.name}": ${(error as Error).message}`);
    }
  };

  const create = (input: CreateKeyInput): { key: string; view: ClientKeyView } => {
    refresh();
    if (configNames.has(input.name)) throw nameTaken(input.name);
    const generated = generateKey();
    const record: ClientKeyRecord = {
      id: generated.id,
      name: input.name,
      salt: generated.salt,
      hash: generated.hash,
      hint: generated.hint,
      createdAt: clock(),
      revokedAt: null,
      lastUsedAt: null,
      models: input.models ?? null,
      limits: input.limits ?? null,
    };
    try {
      repository.insert(record);
    } catch (error) {
      if (error instanceof DuplicateKeyNameError) throw nameTaken(input.name);
      throw error;
    }
    reload();
    return { key: generated.key, view: view(record) };
  };

  return {
    problems,
    authenticate(presented) {
      refresh();
      const parsed = parseKey(presented);
      if (parsed) {
        const record = live.get(parsed.id);
        if (record && secretMatches(parsed.secret, record.salt, record.hash)) {
          touch(record);
          return { name: record.name, id: record.id, models: record.models };
        }
      }
      // Config keys: every digest compared, no early exit.
      const digest = sha256(presented);
      let match: ConfigKey | undefined;
      for (const key of configKeys) if (timingSafeEqual(digest, key.digest) && !match) match = key;
      return match && { name: match.name, id: null, models: match.models };
    },
    liveCount() {
      refresh();
      return live.size + configKeys.length;
    },
    list() {
      refresh();
      return [...records.map(view), ...configKeys.map(configView)];
    },
    create,
    update(ref, patch) {
      const record = find(ref);
      if (record.revokedAt !== null) throw new GatewayError('invalid_request', `Client key "${ref}" is revoked.`, { code: 'client_key_revoked' });
      if (patch.name !== undefined && patch.name !== record.name && configNames.has(patch.name)) throw nameTaken(patch.name);
      try {
        repository.update(record.id, patch);
      } catch (error) {
        if (error instanceof DuplicateKeyNameError) throw nameTaken(error.keyName);
        throw error;
      }
      reload();
      return view(records.find((entry) => entry.id === record.id) as ClientKeyRecord);
    },
    revoke(ref) {
      const record = find(ref);
      if (record.revokedAt !== null) return view(record);
      repository.revoke(record.id, clock());
      reload();
      return view(records.find((entry) => entry.id === record.id) as ClientKeyRecord);
    },
    ensureFirstKey() {
      refresh();
      if (records.length || options.config.length) return undefined;
      return create({ name: 'default' }).key;
    },
  };
}
