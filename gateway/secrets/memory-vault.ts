/**
 * A SecretVault in memory, for tests: same validation and errors as the keychain, and a switch that makes
 * it unreachable (with a given reason) to exercise the unavailable paths.
 */
import { assertSecretName, assertSecretValue } from './secret-shape.js';
import { VaultUnavailableError, type SecretVault } from './vault.js';

export interface MemoryVault extends SecretVault {
  /** A reason makes every call fail with VaultUnavailableError; undefined makes the vault reachable again. */
  setUnavailable(reason: string | undefined): void;
  /** How many get/set/delete/list/status calls were made. */
  readonly calls: number;
}

export function createMemoryVault(entries: Record<string, string> = {}): MemoryVault {
  const values = new Map(Object.entries(entries));
  let unavailable: string | undefined;
  let calls = 0;
  const reachable = (): void => {
    calls++;
    if (unavailable) throw new VaultUnavailableError(unavailable);
  };
  return {
    backend: 'memory',
    get calls() {
      return calls;
    },
    setUnavailable(reason) {
      unavailable = reason;
    },
    async status() {
      calls++;
      return unavailable ? { available: false, backend: 'memory', reason: unavailable } : { available: true, backend: 'memory' };
    },
    async get(name) {
      assertSecretName(name);
      reachable();
      return values.get(name);
    },
    async set(name, value) {
      assertSecretName(name);
      assertSecretValue(value);
      reachable();
      values.set(name, value);
    },
    async delete(name) {
      assertSecretName(name);
      reachable();
      return values.delete(name);
    },
    async list() {
      reachable();
      return [...values.keys()].sort();
    },
  };
}
