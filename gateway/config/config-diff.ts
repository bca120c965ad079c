/**
 * What a reloaded config file changes against the running config, as config paths, and which of them
 * can be applied live. Providers, routes and prices are compared per entry (`providers.groq`,
 * `routes.fast`, `prices.oai/gpt-4o`), client limits per key (`limits.clients.ci`), everything else down
 * to its leaves (`server.port`, `logging.file.enabled`). Pure.
 */
import { isLiveSetting } from './settings.js';

/** Sections compared per entry: a changed entry is one path. */
const KEYED = new Set(['providers', 'routes', 'prices']);

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const stopsAt = (path: readonly string[]): boolean =>
  (path.length === 2 && KEYED.has(path[0]!)) || (path.length === 3 && path[0] === 'limits' && path[1] === 'clients') || (path.length === 1 && path[0] === 'clientKeys');

/** The paths whose value differs (added, changed or removed), in a stable order. */
export function diffConfig(running: unknown, next: unknown): string[] {
  const changed: string[] = [];
  const walk = (a: unknown, b: unknown, path: string[]): void => {
    if (same(a, b)) return;
    if (isPlainObject(a) && isPlainObject(b) && !stopsAt(path)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], [...path, key]);
      return;
    }
    changed.push(path.join('.'));
  };
  walk(running, next, []);
  return changed;
}

/** Whether a changed path can be applied without a restart (what POST /admin/config/reload applies). */
export function isLivePath(path: string): boolean {
  const [section, second] = path.split('.');
  if (section === 'providers' || section === 'routes' || section === 'prices') return true;
  if (section === 'limits' && second === 'clients') return true;
  if (path === 'routing.defaultRoute') return true;
  return isLiveSetting(path);
}
