/**
 * One extractor for every credential a request can carry — `Authorization: Bearer`, `x-api-key`
 * (Anthropic clients), `x-goog-api-key` (Gemini clients) — so no route checks one form and forgets
 * another (Open WebUI CVE-2025-45339). Two different keys in two headers are refused, and so are keys in
 * the query string, which end up in logs, shell history and referrers.
 */

export type PresentedKey = { ok: true; key: string } | { ok: false; reason: 'missing' | 'malformed' | 'conflicting' };

const KEY_HEADERS = ['x-api-key', 'x-goog-api-key'] as const;

export function presentedKey(headers: Readonly<Record<string, string | string[] | undefined>>): PresentedKey {
  const authorization = headers.authorization;
  if (Array.isArray(authorization)) return { ok: false, reason: 'conflicting' };
  const keys: string[] = [];
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) return { ok: false, reason: 'malformed' };
    keys.push(match[1]);
  }
  for (const name of KEY_HEADERS) {
    const value = headers[name];
    if (Array.isArray(value)) return { ok: false, reason: 'conflicting' };
    const trimmed = value?.trim();
    if (value !== undefined && !trimmed) return { ok: false, reason: 'malformed' };
    if (trimmed) keys.push(trimmed);
  }
  const [key] = keys;
  if (key === undefined) return { ok: false, reason: 'missing' };
  if (keys.some((other) => other !== key)) return { ok: false, reason: 'conflicting' };
  return { ok: true, key };
}

/** Query parameters that carry credentials in some APIs (Gemini's `?key=`, OAuth's `access_token`). */
const QUERY_CREDENTIALS = new Set(['key', 'api_key', 'apikey', 'api-key', 'access_token', 'token', 'x-api-key', 'x-goog-api-key']);

/** The name of a credential-looking query parameter in a request target, if any. */
export function credentialInQuery(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  for (const name of new URLSearchParams(url.slice(query + 1)).keys()) {
    if (QUERY_CREDENTIALS.has(name.toLowerCase())) return name;
  }
  return undefined;
}
