/**
 * Extra provider headers are written to the config file in clear, so a credential must not travel in
 * one: keys belong in `apiKey` (a keychain or env reference). This tells, by name and by value, whether a
 * header looks like it carries a credential. Pure and dependency-free (the UI imports it too).
 */

/** Names that carry credentials with common providers and proxies (compared case-insensitively). */
const SECRET_NAMES = /(^|-)(authorization|cookie|api-?key|apikey|secret|token|password|passwd|credentials?|auth)(-|$)|-key$|^key$/i;

/** Values that look like a credential whatever the header is called. */
const SECRET_VALUES = /^(bearer|basic|token)\s+\S|^(sk|pk|rk|gsk|xai|sk-ant)[-_][A-Za-z0-9_-]{12,}|^AIza[0-9A-Za-z_-]{20,}/i;

export function isSecretHeaderName(name: string): boolean {
  return SECRET_NAMES.test(name.trim());
}

export function isSecretHeaderValue(value: string): boolean {
  return SECRET_VALUES.test(value.trim());
}

/** The first header that looks like it carries a credential, if any. */
export function secretHeader(headers: Readonly<Record<string, string>> | undefined): string | undefined {
  return Object.entries(headers ?? {}).find(([name, value]) => isSecretHeaderName(name) || isSecretHeaderValue(value))?.[0];
}

export const SECRET_HEADER_MESSAGE = 'looks like a credential: put the key in the API key field (kept in the OS keychain), not in a header written to the config file';
