/**
 * Secret references → values. `env:NAME` reads the (injected) environment; `keychain:NAME` takes the
 * result of a vault lookup made beforehand (keychain-lookup.ts), since the keychain is asynchronous and
 * this is not. A missing or malformed value is an explicit failure with an actionable reason — never an
 * empty credential sent upstream.
 */
import { parseSecretRef } from './secret-ref.js';
import { KEY_SHAPE } from './secret-shape.js';

export type SecretResult = { ok: true; value: string } | { ok: false; reason: string };

export function resolveSecret(
  ref: string,
  env: Readonly<Record<string, string | undefined>>,
  keychain?: ReadonlyMap<string, SecretResult>,
): SecretResult {
  const parts = parseSecretRef(ref);
  if (parts?.scheme === 'env') {
    const value = env[parts.name]?.trim();
    if (!value) return { ok: false, reason: `environment variable ${parts.name} is not set` };
    if (!KEY_SHAPE.test(value)) return { ok: false, reason: `environment variable ${parts.name} contains characters a key cannot have` };
    return { ok: true, value };
  }
  if (parts?.scheme === 'keychain') {
    if (!keychain) return { ok: false, reason: `keychain references are supported for provider keys only; use env: here` };
    return keychain.get(parts.name) ?? { ok: false, reason: `keychain entry "${parts.name}" was not read` };
  }
  return { ok: false, reason: `unsupported secret reference "${ref.split(':')[0]}:"` };
}
