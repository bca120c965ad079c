/** Client keys in memory (tests, and running without a data dir): the same rules as the SQLite table. */
import { type ClientKeyRecord, type ClientKeyRepository, DuplicateKeyNameError } from '../../client-keys/types.js';

export function createMemoryClientKeys(): ClientKeyRepository {
  const records: ClientKeyRecord[] = [];
  const nameTaken = (name: string, except?: string): boolean => records.some((record) => record.name === name && record.revokedAt === null && record.id !== except);
  return {
    all: () => records.map((record) => ({ ...record, models: record.models && [...record.models] })),
    insert(record) {
      if (records.some((existing) => existing.id === record.id)) throw new Error(`duplicate client key id ${record.id}`);
      if (record.revokedAt === null && nameTaken(record.name)) throw new DuplicateKeyNameError(record.name);
      records.push({ ...record });
    },
    update(id, patch) {
      const record = records.find((entry) => entry.id === id);
      if (!record) return false;
      if (patch.name !== undefined && record.revokedAt === null && nameTaken(patch.name, id)) throw new DuplicateKeyNameError(patch.name);
      if (patch.name !== undefined) record.name = patch.name;
      if (patch.models !== undefined) record.models = patch.models && [...patch.models];
      if (patch.limits !== undefined) record.limits = patch.limits;
      return true;
    },
    revoke(id, at) {
      const record = records.find((entry) => entry.id === id);
      if (!record || record.revokedAt !== null) return false;
      record.revokedAt = at;
      return true;
    },
    touch(id, at) {
      const record = records.find((entry) => entry.id === id);
      if (record) record.lastUsedAt = at;
    },
    externalVersion: () => 0,
  };
}
