/**
 * The settings the UI's Settings page may change, as config paths: which apply at once (read per request)
 * and which take effect at the next start (the server socket, the logger, exporters). Pure: patch
 * flattening and candidate building; the route validates the whole config and writes the file.
 */
import type { Config } from './schema.js';

/** Read per request: changing them in memory applies them at once. */
export const LIVE_SETTINGS = [
  'ledger.costInResponses',
  'ledger.costHeader',
  'ledger.retentionDays',
  'traces.bodies',
  'traces.maxBodyBytes',
  'traces.retentionDays',
] as const;

/** Written to the config file; used from the next start. */
export const RESTART_SETTINGS = [
  'server.host',
  'server.port',
  'server.allowRemote',
  'server.allowedHosts',
  'server.allowedOrigins',
  'logging.level',
  'logging.requests',
  'logging.file.enabled',
  'logging.file.maxSizeMb',
  'logging.file.keep',
  'otel.enabled',
  'otel.endpoint',
  'otel.serviceName',
  'otel.sampleRatio',
  'metrics.enabled',
] as const;

const EDITABLE = new Set<string>([...LIVE_SETTINGS, ...RESTART_SETTINGS]);
const LIVE = new Set<string>(LIVE_SETTINGS);

export type SettingsPatch = Array<{ path: string; value: unknown }>;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `{ traces: { bodies: true } }` → `[{ path: 'traces.bodies', value: true }]`; an unknown or non-editable
 * path is returned in `refused`. Arrays and scalars are leaves; `null` removes a setting (back to default).
 */
export function flattenPatch(patch: Record<string, unknown>): { changes: SettingsPatch; refused: string[] } {
  const changes: SettingsPatch = [];
  const refused: string[] = [];
  const walk = (value: unknown, path: string[]): void => {
    const joined = path.join('.');
    if (EDITABLE.has(joined)) {
      changes.push({ path: joined, value });
      return;
    }
    if (isPlainObject(value) && path.length < 4) {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
      return;
    }
    refused.push(joined || '(root)');
  };
  walk(patch, []);
  return { changes, refused };
}

export const isLiveSetting = (path: string): boolean => LIVE.has(path);

/** A deep copy of `config` with the changes applied (`null` deletes the key). */
export function withSettings(config: Config, changes: SettingsPatch): Record<string, unknown> {
  const candidate = structuredClone(config) as unknown as Record<string, unknown>;
  for (const { path, value } of changes) {
    const keys = path.split('.');
    let node = candidate;
    for (const key of keys.slice(0, -1)) {
      if (!isPlainObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1] as string;
    if (value === null) delete node[last];
    else node[last] = value;
  }
  return candidate;
}

/** The current value at a dotted path (undefined when unset). */
export function settingValue(config: Config, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) node = isPlainObject(node) ? node[key] : undefined;
  return node;
}
