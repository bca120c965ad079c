/**
 * Reads keychain entries for `keychain:NAME` references and turns each outcome into a SecretResult whose
 * reason says what to do: set the key, unlock or install a keychain. A vault that cannot be reached is
 * `unreachable` (the key may well be there), which callers may treat differently from "not set".
 */
import { SecretShapeError, secretValueProblem } from './secret-shape.js';
import { VaultUnavailableError, type SecretVault } from './vault.js';

export type KeychainResult = { ok: true; value: string } | { ok: false; reason: string; unreachable: boolean };

export function notSetReason(name: string): string {
  return `keychain entry "${name}" is not set — set it with \`signalbox keys set ${name}\` or in the UI`;
}

async function lookupOne(vault: SecretVault, name: string): Promise<KeychainResult> {
  try {
    const value = await vault.get(name);
    if (value === undefined) return { ok: false, reason: notSetReason(name), unreachable: false };
    if (secretValueProblem(value)) {
      return { ok: false, reason: `keychain entry "${name}" is not a valid key (${secretValueProblem(value)}) — set it again with \`signalbox keys set ${name}\``, unreachable: false };
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof VaultUnavailableError) return { ok: false, reason: `keychain entry "${name}" cannot be read: ${error.reason}`, unreachable: true };
    if (error instanceof SecretShapeError) return { ok: false, reason: error.message, unreachable: false };
    throw error;
  }
}

/** Looks up each name once (in parallel); no names, no vault call. */
export async function lookupKeychain(vault: SecretVault, names: Iterable<string>): Promise<Map<string, KeychainResult>> {
  const unique = [...new Set(names)];
  const results = await Promise.all(unique.map((name) => lookupOne(vault, name)));
  return new Map(unique.map((name, index) => [name, results[index]!]));
}
