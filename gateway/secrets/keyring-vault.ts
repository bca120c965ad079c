/**
 * The OS keychain as a SecretVault, through @napi-rs/keyring: macOS Keychain, Windows Credential Manager,
 * Linux Secret Service (pinned, so a missing Secret Service fails loudly instead of falling back to the
 * kernel keyring). Entries are service `signalbox`, account = secret name. The binding is imported on
 * first use, so a gateway without `keychain:` references never loads it or talks to D-Bus. Every call has
 * a deadline: an unlock prompt nobody answers must not hang the gateway.
 */
import type * as KeyringModule from '@napi-rs/keyring';
import { explainKeyringError } from './keyring-errors.js';
import { assertSecretName, assertSecretValue, SECRET_NAME } from './secret-shape.js';
import { VaultUnavailableError, type SecretVault, type VaultStatus } from './vault.js';

type Keyring = typeof KeyringModule;

export const KEYRING_SERVICE = 'signalbox';
export const DEFAULT_KEYRING_TIMEOUT_MS = 15_000;

const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

export interface KeyringVaultOptions {
  /** Keychain service name (default `signalbox`). */
  service?: string;
  /** Deadline of each keychain call (default 15 s). */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export function keychainBackend(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

export function createKeyringVault(options: KeyringVaultOptions = {}): SecretVault {
  const service = options.service ?? KEYRING_SERVICE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYRING_TIMEOUT_MS;
  const backend = keychainBackend(options.platform ?? process.platform);
  let binding: Promise<Keyring> | undefined;

  const load = (): Promise<Keyring> =>
    (binding ??= import('@napi-rs/keyring').catch((error: unknown) => {
      binding = undefined;
      throw new VaultUnavailableError(`the keychain binding (@napi-rs/keyring) could not be loaded: ${(error as Error).message.split('\n')[0]}`);
    }));

  const call = async <T>(operation: (keyring: Keyring, signal: AbortSignal) => Promise<T>): Promise<T> => {
    const keyring = await load();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new VaultUnavailableError(`the OS keychain did not answer within ${Math.round(timeoutMs / 1000)} s (is it locked, with an unlock prompt waiting?)`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        (async () => {
          try {
            return await operation(keyring, controller.signal);
          } catch (error) {
            throw new VaultUnavailableError(explainKeyringError(error));
          }
        })(),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  const entry = (keyring: Keyring, name: string) => new keyring.AsyncEntry(service, name, ENTRY_OPTIONS);

  const list = (): Promise<string[]> =>
    call(async (keyring, signal) => {
      const credentials = await keyring.findCredentialsAsync(service, undefined, signal);
      return [...new Set(credentials.map((credential) => credential.account))].filter((name) => SECRET_NAME.test(name)).sort();
    });

  return {
    backend,
    async status(): Promise<VaultStatus> {
      try {
        await list();
        return { available: true, backend };
      } catch (error) {
        return { available: false, backend, reason: error instanceof VaultUnavailableError ? error.reason : explainKeyringError(error) };
      }
    },
    async get(name) {
      assertSecretName(name);
      return (await call((keyring, signal) => entry(keyring, name).getPassword(signal))) ?? undefined;
    },
    async set(name, value) {
      assertSecretName(name);
      assertSecretValue(value);
      await call((keyring, signal) => entry(keyring, name).setPassword(value, signal));
    },
    async delete(name) {
      assertSecretName(name);
      return call((keyring, signal) => entry(keyring, name).deleteCredential(signal));
    },
    list,
  };
}
