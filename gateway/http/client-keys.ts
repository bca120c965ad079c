/**
 * Client keys: what local tools present instead of provider keys. Stored and compared as SHA-256
 * digests, in constant time, over every configured key (no early exit that would leak which one matched).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientKeyConfig } from '../config/schema.js';
import { resolveSecret } from '../secrets/resolve.js';

export interface ClientKeyEntry {
  name: string;
  digest: Buffer;
}

export const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export interface ClientKeySet {
  entries: ClientKeyEntry[];
  /** Keys that could not be loaded (e.g. env var not set), with the reason. */
  problems: string[];
}

export function loadClientKeys(config: readonly ClientKeyConfig[], env: Readonly<Record<string, string | undefined>>): ClientKeySet {
  const entries: ClientKeyEntry[] = [];
  const problems: string[] = [];
  for (const key of config) {
    if ('sha256' in key) {
      entries.push({ name: key.name, digest: Buffer.from(key.sha256, 'hex') });
      continue;
    }
    const secret = resolveSecret(key.key, env);
    if (secret.ok) entries.push({ name: key.name, digest: sha256(secret.value) });
    else problems.push(`client key "${key.name}": ${secret.reason}`);
  }
  return { entries, problems };
}

/** The name of the matching key, or undefined. */
export function matchClientKey(presented: string, entries: readonly ClientKeyEntry[]): string | undefined {
  const digest = sha256(presented);
  let match: string | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(digest, entry.digest) && match === undefined) match = entry.name;
  }
  return match;
}

export type PresentedKey = { ok: true; key: string } | { ok: false; reason: 'missing' | 'malformed' | 'conflicting' };

/**
 * One extractor for every credential header (`Authorization: Bearer`, `x-api-key`), so no route checks
 * one form and forgets another. Two different keys in two headers are refused.
 */
export function presentedKey(headers: Readonly<Record<string, string | string[] | undefined>>): PresentedKey {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (Array.isArray(authorization) || Array.isArray(apiKey)) return { ok: false, reason: 'conflicting' };
  let bearer: string | undefined;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) return { ok: false, reason: 'malformed' };
    bearer = match[1];
  }
  const xKey = apiKey?.trim();
  if (bearer && xKey && bearer !== xKey) return { ok: false, reason: 'conflicting' };
  const key = bearer ?? xKey;
  return key ? { ok: true, key } : { ok: false, reason: 'missing' };
}
