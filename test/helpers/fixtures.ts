/** Recorded-format fixtures from the team reference (`../shared/reference/fixtures`, beside the repo). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../shared/reference/fixtures/', import.meta.url));

export function fixtureText(path: string): string {
  return readFileSync(ROOT + path, 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}
