/**
 * A masked hint of a key for the UI and the CLI, enough to tell two keys apart and never enough to use
 * one: the first 3 and last 4 characters of a key of 16 characters or more, otherwise only dots.
 */

export const HINT_MIN_LENGTH = 16;

export function maskedHint(value: string): string {
  if (value.length < HINT_MIN_LENGTH) return '••••';
  return `${value.slice(0, 3)}…${value.slice(-4)}`;
}
