/** Client keys as stored (SQLite in the app, memory in tests): never the key, only its salted hash. */
import type { LimitSet } from '../config/ledger-schema.js';

export interface ClientKeyRecord {
  /** Public id, part of the key text (`sk-sb-<id>_…`). */
  id: string;
  /** Unique among keys that are not revoked; what the ledger, limits and the UI call the client. */
  name: string;
  salt: Buffer;
  hash: Buffer;
  hint: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  /** Models and routes the key may use (patterns); null = all. */
  models: string[] | null;
  /** The key's own budgets and rate limits; null = none beyond the global ones. */
  limits: LimitSet | null;
}

export interface ClientKeyPatch {
  name?: string;
  models?: string[] | null;
  limits?: LimitSet | null;
}

export interface ClientKeyRepository {
  /** Every key, revoked ones included, oldest first. */
  all(): ClientKeyRecord[];
  insert(record: ClientKeyRecord): void;
  /** False when no such key. */
  update(id: string, patch: ClientKeyPatch): boolean;
  /** False when no such key or already revoked. */
  revoke(id: string, at: number): boolean;
  /** Records a use (callers throttle it). */
  touch(id: string, at: number): void;
  /**
   * Changes whenever another connection (the CLI) changed the keys; cheap enough to call per request.
   * Changes made through this repository are known to the caller already.
   */
  externalVersion(): number;
}

/** The name is taken by a key that is not revoked. */
export class DuplicateKeyNameError extends Error {
  constructor(readonly keyName: string) {
    super(`a client key named "${keyName}" already exists`);
  }
}
