/**
 * What a secret's name and value may look like, shared by config references, the vault, the admin API
 * and the CLI. Messages describe the problem and never quote the value.
 */
import { z } from 'zod';

/** Keychain entry names: `keychain:NAME` in config, the account under service `signalbox` in the keychain. */
export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Printable ASCII without spaces: anything else cannot be a valid API key in an HTTP header. */
export const KEY_SHAPE = /^[\x21-\x7e]+$/;

export const MAX_SECRET_LENGTH = 4096;

export const SECRET_NAME_RULE = '1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';

export const SecretName = z.string().regex(SECRET_NAME, `must be ${SECRET_NAME_RULE}`);

export const SecretValue = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_SECRET_LENGTH, `must be at most ${MAX_SECRET_LENGTH} characters`)
  .regex(KEY_SHAPE, 'must be printable ASCII without spaces or line breaks');

/** Thrown for a malformed name or value; the message never contains the value. */
export class SecretShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretShapeError';
  }
}

/** Why `value` cannot be a key, or undefined when it can. */
export function secretValueProblem(value: string): string | undefined {
  if (!value) return 'the key is empty';
  if (value.length > MAX_SECRET_LENGTH) return `the key is longer than ${MAX_SECRET_LENGTH} characters`;
  if (!KEY_SHAPE.test(value)) return 'the key must be printable ASCII without spaces or line breaks';
  return undefined;
}

export function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) throw new SecretShapeError(`invalid key name "${name.slice(0, 80)}": use ${SECRET_NAME_RULE}`);
}

export function assertSecretValue(value: string): void {
  const problem = secretValueProblem(value);
  if (problem) throw new SecretShapeError(problem);
}
