/**
 * The `client_keys` table behind the ClientKeyRepository interface. Every statement is parameterised.
 * `externalVersion()` is SQLite's `PRAGMA data_version`, which changes only when *another* connection
 * commits — so keys created or revoked by the CLI while the gateway runs are seen on the next request.
 */
import type Database from 'better-sqlite3';
import { LimitSet } from '../../config/ledger-schema.js';
import { type ClientKeyPatch, type ClientKeyRecord, type ClientKeyRepository, DuplicateKeyNameError } from '../../client-keys/types.js';

interface KeyRow {
  id: string;
  name: string;
  salt: Buffer;
  hash: Buffer;
  hint: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  models: string | null;
  limits: string | null;
}

function parseJson<T>(text: string | null, parse: (value: unknown) => T): T | null {
  if (text === null) return null;
  try {
    return parse(JSON.parse(text));
  } catch {
    // A hand-edited or damaged value restricts nothing it cannot express: models [] (none), no limits.
    return null;
  }
}

const stringList = (value: unknown): string[] => {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) throw new Error('not a string list');
  return value;
};

function fromRow(row: KeyRow): ClientKeyRecord {
  return {
    id: row.id,
    name: row.name,
    salt: row.salt,
    hash: row.hash,
    hint: row.hint,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    // An unreadable list must not widen access: it becomes "no models".
    models: row.models === null ? null : (parseJson(row.models, stringList) ?? []),
    limits: parseJson(row.limits, (value) => LimitSet.parse(value)),
  };
}

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

export function createClientKeyTable(db: Database.Database): ClientKeyRepository {
  const all = db.prepare('SELECT * FROM client_keys ORDER BY created_at, rowid');
  const insert = db.prepare(
    `INSERT INTO client_keys (id, name, salt, hash, hint, created_at, revoked_at, last_used_at, models, limits)
     VALUES (@id, @name, @salt, @hash, @hint, @createdAt, @revokedAt, @lastUsedAt, @models, @limits)`,
  );
  const byId = db.prepare('SELECT * FROM client_keys WHERE id = ?');
  const write = db.prepare('UPDATE client_keys SET name = @name, models = @models, limits = @limits WHERE id = @id');
  const revoke = db.prepare('UPDATE client_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE client_keys SET last_used_at = ? WHERE id = ?');
  // Checked on every authentication: prepared once (db.pragma() would prepare it on each call).
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

  return {
    all: () => (all.all() as KeyRow[]).map(fromRow),
    insert(record) {
      try {
        insert.run({ ...record, models: json(record.models), limits: json(record.limits) });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateKeyNameError(record.name);
        throw error;
      }
    },
    update(id: string, patch: ClientKeyPatch) {
      const row = byId.get(id) as KeyRow | undefined;
      if (!row) return false;
      const current = fromRow(row);
      try {
        write.run({
          id,
          name: patch.name ?? current.name,
          models: json(patch.models === undefined ? current.models : patch.models),
          limits: json(patch.limits === undefined ? current.limits : patch.limits),
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateKeyNameError(patch.name ?? current.name);
        throw error;
      }
      return true;
    },
    revoke: (id, at) => revoke.run(at, id).changes > 0,
    touch(id, at) {
      touch.run(at, id);
    },
    externalVersion: () => dataVersion.get() as number,
  };
}
