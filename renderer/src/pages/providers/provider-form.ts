/**
 * The provider editor's logic, free of React: a preset's defaults (id, base URL, whether a key is needed),
 * form values → the `PUT /admin/providers/:id` body (the key VALUE travels separately, to the keychain),
 * gateway error paths → fields, and how a provider's key is described (masked hint only).
 */
import type { CatalogEntry, ProviderInput, SecretsAnswer } from '../../api/types';

export interface ProviderFormValues {
  id: string;
  type: string;
  baseUrl: string;
  /** A key value typed by the user: sent once, stored in the keychain, never shown again. */
  apiKey: string;
  models: string;
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
  return { id: suggestId(preset.type, taken), type: preset.type, baseUrl: preset.defaultBaseUrl ?? '', apiKey: '', models: '' };
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
  if (Object.keys(errors).length) return { ok: false, errors };
  const provider: ProviderInput = {
    ...(options.existing ?? {}),
    type: preset.type,
    ...(baseUrl && baseUrl !== preset.defaultBaseUrl ? { baseUrl } : {}),
  };
  if (!(baseUrl && baseUrl !== preset.defaultBaseUrl)) delete provider.baseUrl;
  if (models.length) provider.models = models;
  else delete provider.models;
  if (apiKey) delete provider.apiKey;
  return { ok: true, id, provider, ...(apiKey ? { apiKey } : {}) };
}

/** A gateway param (`providers.groq.baseUrl`, `provider.baseUrl`, `apiKey`) → the form field that shows it. */
export function providerFieldFromParam(param: string | null | undefined): keyof ProviderFormErrors {
  if (!param) return 'form';
  const parts = param.replace(/\[\d+\]/g, '').split('.');
  const rest = parts[0] === 'providers' ? (parts.length <= 2 ? ['id'] : parts.slice(2)) : parts[0] === 'provider' ? parts.slice(1) : parts;
  const head = rest[0];
  if (head === 'baseUrl' || head === 'models' || head === 'apiKey' || head === 'id') return head;
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
