/**
 * Parsing secret references (`env:NAME`, `keychain:NAME`): what config holds instead of a secret.
 * The config schema accepts exactly the references this module parses.
 */
import { SECRET_NAME } from './secret-shape.js';

export type SecretRefParts = { scheme: 'env'; name: string } | { scheme: 'keychain'; name: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseSecretRef(ref: string): SecretRefParts | undefined {
  const colon = ref.indexOf(':');
  const scheme = ref.slice(0, colon);
  const name = ref.slice(colon + 1);
  if (scheme === 'env' && ENV_NAME.test(name)) return { scheme, name };
  if (scheme === 'keychain' && SECRET_NAME.test(name)) return { scheme, name };
  return undefined;
}

/** The keychain entry a reference names, if it is a `keychain:` reference. */
export function keychainName(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const parts = parseSecretRef(ref);
  return parts?.scheme === 'keychain' ? parts.name : undefined;
}
