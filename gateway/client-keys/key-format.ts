/**
 * Client keys as text: `sk-sb-<id>_<secret>`. The id (10 lowercase base-36 characters) names the stored
 * record, so a presented key is checked against one salted hash instead of every key; the secret is 32
 * random bytes (base64url). Only `salt` and `sha256(salt ‖ secret)` are stored, plus a hint for lists.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX = 'sk-sb-';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 10;
const KEY_PATTERN = /^sk-sb-([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  id: string;
  /** The key itself: shown once, never stored. */
  key: string;
  salt: Buffer;
  hash: Buffer;
  hint: string;
}

export function newKeyId(): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function hashSecret(salt: Buffer, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret, 'utf8').digest();
}

/** What lists show instead of a key: enough to recognise it, useless to use it. */
export function keyHint(id: string, secret: string): string {
  return `${KEY_PREFIX}${id}_…${secret.slice(-4)}`;
}

export function generateKey(id: string = newKeyId()): GeneratedKey {
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  return { id, key: `${KEY_PREFIX}${id}_${secret}`, salt, hash: hashSecret(salt, secret), hint: keyHint(id, secret) };
}

/** The id and secret of a well-formed key, or undefined. */
export function parseKey(key: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined;
}

/** Constant-time check of a secret against a stored salt and hash. */
export function secretMatches(secret: string, salt: Buffer, hash: Buffer): boolean {
  const computed = hashSecret(salt, secret);
  return computed.length === hash.length && timingSafeEqual(computed, hash);
}
