/**
 * The provider editor's logic, free of React: a preset's defaults (id, base URL, whether a key is needed),
 * form values → the `PUT /admin/providers/:id` body (the key VALUE travels separately, to the keychain),
 * gateway error paths → fields, and how a provider's key is described (masked hint only).
 */
import { isSecretHeaderName, isSecretHeaderValue } from '../../../../gateway/config/secret-headers';
import type { CatalogEntry, ProviderInput, SecretsAnswer } from '../../api/types';

export interface HeaderRow {
  name: string;
  value: string;
}

export interface ProviderFormValues {
  id: string;
  type: string;
  baseUrl: string;
  /** A key value typed by the user: sent once, stored in the keychain, never shown again. */
  apiKey: string;
  models: string;
  /** Time to the first byte, in seconds; empty: the gateway's default. */
  timeoutSeconds: string;
  enabled: boolean;
  /** Extra headers sent with every request (written to the config file in clear: no credentials). */
  headers: HeaderRow[];
}

export type ProviderFormErrors = Partial<Record<keyof ProviderFormValues | 'form', string>>;

export interface Preset {
  type: string;
  label: string;
  defaultBaseUrl: string | null;
  requiresKey: boolean;
  local: boolean;
}

/** The catalogue's entries, the ones people pick most first; the generic one last. */
const ORDER = ['openai', 'anthropic', 'gemini', 'openrouter', 'groq', 'mistral', 'deepseek', 'together', 'fireworks', 'xai', 'ollama', 'lmstudio', 'openai-compatible'];

export function presetsFrom(catalog: readonly CatalogEntry[] | undefined): Preset[] {
  const rank = (type: string) => (ORDER.includes(type) ? ORDER.indexOf(type) : ORDER.length - 1);
  return (catalog ?? [])
    .map((entry) => ({
      type: entry.type,
      label: entry.type === 'openai-compatible' ? 'Custom (OpenAI-compatible)' : entry.label,
      defaultBaseUrl: typeof entry.defaultBaseUrl === 'string' ? entry.defaultBaseUrl : null,
      requiresKey: entry.requiresKey !== false,
      local: entry.prices === 'local',
    }))
    .sort((a, b) => rank(a.type) - rank(b.type) || a.label.localeCompare(b.label));
}

const SHORT: Record<string, string> = { 'openai-compatible': 'custom', gemini: 'gemini', anthropic: 'anthropic' };

/** An id for a new provider of this type that no other provider has: `groq`, `groq-2`, … */
export function suggestId(type: string, taken: readonly string[]): string {
  const base = SHORT[type] ?? type;
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

export function presetDefaults(preset: Preset, taken: readonly string[]): ProviderFormValues {
  return { id: suggestId(preset.type, taken), type: preset.type, baseUrl: preset.defaultBaseUrl ?? '', apiKey: '', models: '', timeoutSeconds: '', enabled: true, headers: [] };
}

/** The form for a configured provider: the key field starts empty (a typed key replaces the stored one). */
export function formFromProvider(id: string, provider: ProviderInput, preset: Preset): ProviderFormValues {
  return {
    id,
    type: provider.type,
    baseUrl: provider.baseUrl ?? preset.defaultBaseUrl ?? '',
    apiKey: '',
    models: (provider.models ?? []).join(', '),
    timeoutSeconds: provider.timeoutMs === undefined ? '' : String(provider.timeoutMs / 1000),
    enabled: provider.enabled !== false,
    headers: Object.entries(provider.headers ?? {}).map(([name, value]) => ({ name, value })),
  };
}

/** Whether the form differs from where it started (the unsaved-changes guard). */
export function formChanged(initial: ProviderFormValues | null, current: ProviderFormValues | null): boolean {
  if (!initial || !current) return false;
  const rows = (headers: HeaderRow[]) => headers.filter((row) => row.name.trim() || row.value.trim());
  return JSON.stringify({ ...initial, headers: rows(initial.headers) }) !== JSON.stringify({ ...current, headers: rows(current.headers) });
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

/** Header rows → the config's `headers` record; a problem names the header. Empty rows are ignored. */
export function parseHeaders(rows: readonly HeaderRow[]): { ok: true; headers: Record<string, string> } | { ok: false; error: string } {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    const value = row.value.trim();
    if (!name && !value) continue;
    if (!name) return { ok: false, error: 'A header needs a name' };
    if (!HEADER_NAME.test(name)) return { ok: false, error: `“${name}” is not a header name: letters, digits and “-”` };
    if (seen.has(name.toLowerCase())) return { ok: false, error: `“${name}” is listed twice` };
    if (/[\r\n\0]/.test(value)) return { ok: false, error: `The value of “${name}” must be one line` };
    if (isSecretHeaderName(name) || isSecretHeaderValue(value)) {
      return { ok: false, error: `“${name}” looks like a credential: put the key in the API key field (kept in the OS keychain), not in a header written to the config file` };
    }
    seen.add(name.toLowerCase());
    headers[name] = value;
  }
  return { ok: true, headers };
}

/** Seconds typed → milliseconds for `timeoutMs` (the schema allows 100 ms to one hour); '' → the default. */
export function parseTimeout(raw: string): { ok: true; timeoutMs: number | undefined } | { ok: false; error: string } {
  const text = raw.trim();
  if (!text) return { ok: true, timeoutMs: undefined };
  const seconds = Number(text);
  const timeoutMs = Math.round(seconds * 1000);
  if (!/^\d+(\.\d+)?$/.test(text) || timeoutMs < 100 || timeoutMs > 3_600_000) return { ok: false, error: 'Between 0.1 and 3600 seconds, or empty for the default (120)' };
  return { ok: true, timeoutMs };
}

const ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function parseModelList(raw: string): string[] {
  return [...new Set(raw.split(/[\s,]+/).map((model) => model.trim()).filter(Boolean))];
}

export type ProviderFormResult = { ok: true; id: string; provider: ProviderInput; apiKey?: string } | { ok: false; errors: ProviderFormErrors };

/**
 * Checks the form and builds the request. `existing` is the provider as configured when editing: its key
 * reference is kept unless a new key is typed; `takenIds` only matter for a new one.
 */
export function validateProviderForm(values: ProviderFormValues, preset: Preset, options: { takenIds?: readonly string[]; existing?: ProviderInput | null } = {}): ProviderFormResult {
  const errors: ProviderFormErrors = {};
  const id = values.id.trim();
  if (!id) errors.id = 'Give it a name: requests address its models as name/model';
  else if (!ID.test(id)) errors.id = 'Lowercase letters, digits, “-” or “_”, starting with a letter or digit';
  else if (!options.existing && options.takenIds?.includes(id)) errors.id = `A provider named “${id}” already exists`;

  const baseUrl = values.baseUrl.trim();
  if (!baseUrl && !preset.defaultBaseUrl) errors.baseUrl = 'The address of its API, e.g. http://127.0.0.1:8000/v1';
  else if (baseUrl) {
    try {
      const url = new URL(baseUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') errors.baseUrl = 'An http:// or https:// address';
    } catch {
      errors.baseUrl = 'An http:// or https:// address';
    }
  }

  const apiKey = values.apiKey.trim();
  const keptRef = options.existing?.apiKey;
  if (!apiKey && preset.requiresKey && !keptRef) errors.apiKey = `${preset.label} needs an API key`;
  else if (apiKey && /\s/.test(apiKey)) errors.apiKey = 'A key has no spaces: check what was pasted';

  const models = parseModelList(values.models);
  const timeout = parseTimeout(values.timeoutSeconds);
  if (!timeout.ok) errors.timeoutSeconds = timeout.error;
  const headers = parseHeaders(values.headers);
  if (!headers.ok) errors.headers = headers.error;
  if (Object.keys(errors).length || !timeout.ok || !headers.ok) return { ok: false, errors };
  const provider: ProviderInput = {
    ...(options.existing ?? {}),
    type: preset.type,
    ...(baseUrl && baseUrl !== preset.defaultBaseUrl ? { baseUrl } : {}),
  };
  if (!(baseUrl && baseUrl !== preset.defaultBaseUrl)) delete provider.baseUrl;
  if (models.length) provider.models = models;
  else delete provider.models;
  if (timeout.timeoutMs !== undefined) provider.timeoutMs = timeout.timeoutMs;
  else delete provider.timeoutMs;
  if (Object.keys(headers.headers).length) provider.headers = headers.headers;
  else delete provider.headers;
  if (values.enabled) delete provider.enabled;
  else provider.enabled = false;
  if (apiKey) delete provider.apiKey;
  return { ok: true, id, provider, ...(apiKey ? { apiKey } : {}) };
}

/** A gateway param (`providers.groq.baseUrl`, `provider.baseUrl`, `apiKey`) → the form field that shows it. */
export function providerFieldFromParam(param: string | null | undefined): keyof ProviderFormErrors {
  if (!param) return 'form';
  const parts = param.replace(/\[\d+\]/g, '').split('.');
  const rest = parts[0] === 'providers' ? (parts.length <= 2 ? ['id'] : parts.slice(2)) : parts[0] === 'provider' ? parts.slice(1) : parts;
  const head = rest[0];
  if (head === 'baseUrl' || head === 'models' || head === 'apiKey' || head === 'id' || head === 'headers') return head;
  if (head === 'timeoutMs') return 'timeoutSeconds';
  if (head === 'type') return 'form';
  return 'form';
}

/** How a provider's key is described: a masked hint, where it comes from, or what is missing. */
export function describeKey(providerId: string, configuredRef: string | undefined, hasKey: boolean, secrets: SecretsAnswer | undefined): { text: string; tone: 'ok' | 'warn' | 'muted' } {
  const entry = secrets?.secrets.find((secret) => secret.usedBy.includes(providerId) || (configuredRef !== undefined && secret.ref === configuredRef));
  if (!configuredRef && !entry) return { text: 'no key (none needed)', tone: 'muted' };
  if (entry?.source === 'keychain') return entry.set ? { text: `${entry.hint ?? '••••'} · in the keychain`, tone: 'ok' } : { text: `keychain entry “${entry.name}” is empty: add the key`, tone: 'warn' };
  if (entry?.source === 'env') return entry.set ? { text: `from $${entry.name}`, tone: 'ok' } : { text: `$${entry.name} is not set`, tone: 'warn' };
  return hasKey ? { text: 'set (kept by the gateway, never shown)', tone: 'ok' } : { text: 'missing', tone: 'warn' };
}
