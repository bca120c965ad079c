/**
 * Secret references → values. `env:NAME` reads the (injected) environment. A missing or malformed value
 * is an explicit failure with an actionable reason — never an empty credential sent upstream.
 */

export type SecretResult = { ok: true; value: string } | { ok: false; reason: string };

/** Printable ASCII without spaces: anything else cannot be a valid API key in an HTTP header. */
const KEY_SHAPE = /^[\x21-\x7e]+$/;

export function resolveSecret(ref: string, env: Readonly<Record<string, string | undefined>>): SecretResult {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = env[name]?.trim();
    if (!value) return { ok: false, reason: `environment variable ${name} is not set` };
    if (!KEY_SHAPE.test(value)) return { ok: false, reason: `environment variable ${name} contains characters a key cannot have` };
    return { ok: true, value };
  }
  return { ok: false, reason: `unsupported secret reference "${ref.split(':')[0]}:"` };
}
