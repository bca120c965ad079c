/**
 * SecretVault: where provider keys named by `keychain:NAME` live — the OS keychain in the app
 * (keyring-vault.ts), memory in tests (memory-vault.ts). A vault that cannot be reached throws
 * VaultUnavailableError with a reason the user can act on; there is no plaintext fallback.
 */

export type VaultStatus =
  | { available: true; backend: string }
  | { available: false; backend: string; reason: string };

export interface SecretVault {
  /** Human name of the store, e.g. "Secret Service". */
  readonly backend: string;
  /** Whether the store can be used right now; never throws. */
  status(): Promise<VaultStatus>;
  /** The stored value, or undefined when there is no entry of that name. */
  get(name: string): Promise<string | undefined>;
  /** Stores (or overwrites) a value; name and value are validated (SecretShapeError). */
  set(name: string, value: string): Promise<void>;
  /** Removes an entry; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** Names of the stored entries, sorted. */
  list(): Promise<string[]>;
}

/** The store cannot be used (no keychain, locked, timed out); `reason` says what to do about it. */
export class VaultUnavailableError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'VaultUnavailableError';
    this.reason = reason;
  }
}
