/**
 * The Settings page's logic, pure: the fields (by config path) grouped into sections, the form values
 * made from `GET /admin/settings`, the patch of only the changed fields, client-side checks mirroring
 * the gateway's schemas (the gateway validates again and names the path), and an error's path → field.
 */

export interface SettingEntry {
  path: string;
  value: unknown;
  live: boolean;
  nextStart?: unknown;
}

export interface SettingsAnswer {
  file: string | null;
  settings: SettingEntry[];
}

export interface SettingsSaveAnswer extends SettingsAnswer {
  applied: string[];
  restartRequired: string[];
  persisted: boolean;
}

export type FieldKind =
  | { type: 'toggle' }
  | { type: 'int'; min: number; max: number; unit?: string; scale?: number }
  | { type: 'number'; min: number; max: number; unit?: string }
  | { type: 'text'; optional?: boolean; placeholder?: string; check?: (value: string) => string | undefined }
  | { type: 'list'; placeholder?: string; check?: (item: string) => string | undefined }
  | { type: 'choice'; options: readonly string[] };

export interface FieldDef {
  path: string;
  label: string;
  help: string;
  kind: FieldKind;
  /** Optional settings: an empty input resets to the default (`null` in the patch). */
  optional?: boolean;
}

export type SectionId = 'gateway' | 'data' | 'logs' | 'telemetry';

export interface SectionDef {
  id: SectionId;
  title: string;
  description: string;
  fields: FieldDef[];
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const hostPort = (item: string) => (/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(item) ? undefined : `${item}: must be host:port, e.g. 192.168.1.20:6464`);
const origin = (item: string) => {
  try {
    const url = new URL(item);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === item.replace(/\/$/, '') ? undefined : `${item}: must be an origin like http://localhost:5173`;
  } catch {
    return `${item}: must be an origin like http://localhost:5173`;
  }
};
export const otlpUrlProblem = (value: string): string | undefined => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Must be an http(s) URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Must be an http(s) URL.';
  if (url.username || url.password) return 'Must not contain credentials.';
  if (url.search || url.hash) return 'Must not contain a query or fragment.';
  return undefined;
};

export const SECTIONS: SectionDef[] = [
  {
    id: 'gateway',
    title: 'Gateway',
    description: 'Where Signalbox listens and who may reach it.',
    fields: [
      { path: 'server.host', label: 'Host', help: 'The interface to bind. 127.0.0.1 keeps it on this machine.', kind: { type: 'text', placeholder: '127.0.0.1' } },
      { path: 'server.port', label: 'Port', help: 'Tools connect to http://host:port. 0 picks a free port.', kind: { type: 'int', min: 0, max: 65535 } },
      {
        path: 'server.allowRemote',
        label: 'Allow remote access',
        help: 'Lets Signalbox bind a non-loopback interface (e.g. 0.0.0.0). Other machines on the network can then reach it; every request still needs a client key, so create one first.',
        kind: { type: 'toggle' },
      },
      { path: 'server.allowedHosts', label: 'Allowed hosts', help: 'Host headers accepted besides localhost, one per line (host:port), for a LAN bind.', kind: { type: 'list', placeholder: '192.168.1.20:6464', check: hostPort } },
      { path: 'server.allowedOrigins', label: 'Allowed origins', help: 'Browser origins allowed to call the API (CORS), one per line.', kind: { type: 'list', placeholder: 'http://localhost:5173', check: origin } },
    ],
  },
  {
    id: 'data',
    title: 'Data & privacy',
    description: 'What is kept on this machine, and for how long.',
    fields: [
      {
        path: 'traces.bodies',
        label: 'Keep request and response bodies',
        help: 'Stores the inbound request, what was sent upstream on each attempt and the response, so trace detail can show and diff them. API keys and other secrets are always redacted.',
        kind: { type: 'toggle' },
      },
      { path: 'traces.retentionDays', label: 'Keep bodies for', help: 'Older bodies are deleted (checked daily).', kind: { type: 'int', min: 1, max: 3650, unit: 'days' } },
      { path: 'traces.maxBodyBytes', label: 'Largest body kept', help: 'Each body is cut at this size and marked truncated (1 KB to 16,384 KB).', kind: { type: 'int', min: 1, max: 16384, unit: 'KB', scale: 1024 } },
      { path: 'ledger.retentionDays', label: 'Keep request history for', help: 'Requests (tokens, cost, latency) older than this are deleted from the ledger.', kind: { type: 'int', min: 1, max: 36500, unit: 'days' } },
      { path: 'ledger.costInResponses', label: 'Cost in responses', help: 'Adds cost and latency objects to non-streamed OpenAI-style responses. Turn off for strict clients.', kind: { type: 'toggle' } },
      { path: 'ledger.costHeader', label: 'Cost header', help: 'Sends x-signalbox-cost-usd on responses (a trailer on streams).', kind: { type: 'toggle' } },
    ],
  },
  {
    id: 'logs',
    title: 'Logs',
    description: 'What Signalbox writes about itself. Never bodies, headers or keys.',
    fields: [
      { path: 'logging.level', label: 'Log level', help: 'SIGNALBOX_LOG_LEVEL and --log-level override it.', kind: { type: 'choice', options: LOG_LEVELS } },
      { path: 'logging.requests', label: 'One line per request', help: 'Id, endpoint, model, provider, status, latency, tokens and cost at info level.', kind: { type: 'toggle' } },
      { path: 'logging.file.enabled', label: 'Write a log file', help: '<data dir>/logs/signalbox.log. Unset: on in the desktop app, off for signalbox serve.', kind: { type: 'toggle' } },
      { path: 'logging.file.maxSizeMb', label: 'Rotate the file at', help: 'The file is rotated before it grows beyond this size.', kind: { type: 'number', min: 0.01, max: 1024, unit: 'MB' } },
      { path: 'logging.file.keep', label: 'Rotated files kept', help: 'Older ones are deleted.', kind: { type: 'int', min: 1, max: 100, unit: 'files' } },
    ],
  },
  {
    id: 'telemetry',
    title: 'Telemetry',
    description: 'Export traces to your own OpenTelemetry collector, and Prometheus metrics. Nothing is sent anywhere else.',
    fields: [
      { path: 'otel.enabled', label: 'Export traces over OTLP', help: 'Unset: on when an endpoint is given here or in OTEL_EXPORTER_OTLP_ENDPOINT.', kind: { type: 'toggle' } },
      { path: 'otel.endpoint', label: 'OTLP endpoint', help: 'Your collector’s OTLP/HTTP URL. Empty: OTEL_EXPORTER_OTLP_ENDPOINT.', optional: true, kind: { type: 'text', placeholder: 'http://localhost:4318', check: otlpUrlProblem } },
      { path: 'otel.serviceName', label: 'Service name', help: 'service.name of the spans. Empty: OTEL_SERVICE_NAME, else signalbox.', optional: true, kind: { type: 'text', placeholder: 'signalbox', check: (value) => (value.length > 256 ? 'At most 256 characters.' : undefined) } },
      { path: 'otel.sampleRatio', label: 'Sample ratio', help: 'Share of requests exported, 0 to 1. Empty: all of them.', optional: true, kind: { type: 'number', min: 0, max: 1 } },
      { path: 'metrics.enabled', label: 'Prometheus metrics', help: 'Serve GET /metrics (client key or admin token required).', kind: { type: 'toggle' } },
    ],
  },
];

export const FIELDS: FieldDef[] = SECTIONS.flatMap((section) => section.fields);
const BY_PATH = new Map(FIELDS.map((field) => [field.path, field]));
export const fieldFor = (path: string): FieldDef | undefined => BY_PATH.get(path);

/** A field with what the gateway says about it. */
export interface FieldView {
  def: FieldDef;
  entry: SettingEntry;
}

/** The sections with the fields the gateway lists (unknown paths are left out; missing ones too). */
export function sectionsFrom(settings: readonly SettingEntry[]): Array<{ section: SectionDef; fields: FieldView[] }> {
  const entries = new Map(settings.map((entry) => [entry.path, entry]));
  return SECTIONS.map((section) => ({
    section,
    fields: section.fields.flatMap((def) => {
      const entry = entries.get(def.path);
      return entry ? [{ def, entry }] : [];
    }),
  })).filter((group) => group.fields.length > 0);
}

/** Form values: toggles are booleans (or null when unset), everything else the text in its input. */
export type FormValue = string | boolean | null;
export type FormValues = Record<string, FormValue>;

/** The value the form starts from: what is saved for the next start, else the current one. */
export const effectiveValue = (entry: SettingEntry): unknown => ('nextStart' in entry ? entry.nextStart : entry.value);

export function toFormValue(def: FieldDef, value: unknown): FormValue {
  const kind = def.kind;
  if (kind.type === 'toggle') return typeof value === 'boolean' ? value : null;
  if (value === null || value === undefined) return '';
  if (kind.type === 'list') return Array.isArray(value) ? value.join('\n') : '';
  if (kind.type === 'int' && kind.scale && typeof value === 'number') return String(Math.round((value / kind.scale) * 100) / 100);
  return String(value);
}

export function formFrom(settings: readonly SettingEntry[]): FormValues {
  const values: FormValues = {};
  for (const entry of settings) {
    const def = fieldFor(entry.path);
    if (def) values[entry.path] = toFormValue(def, effectiveValue(entry));
  }
  return values;
}

/**
 * The form after a fresh list from the gateway (a save, a config reload): fields the user has not touched
 * take the new values, fields with unsaved edits keep them.
 */
export function rebaseForm(before: readonly SettingEntry[], after: readonly SettingEntry[], current: FormValues): FormValues {
  const base = formFrom(before);
  const next = formFrom(after);
  const values: FormValues = {};
  for (const [path, value] of Object.entries(next)) values[path] = Object.hasOwn(current, path) && current[path] !== base[path] ? (current[path] ?? null) : value;
  return values;
}

/** Parses a form value to what the config holds; `{ error }` when it cannot be. `null` resets to the default. */
export function parseFormValue(def: FieldDef, raw: FormValue): { value: unknown } | { error: string } {
  const kind = def.kind;
  if (kind.type === 'toggle') return { value: raw };
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (kind.type === 'list') {
    const items = text
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter(Boolean);
    for (const item of items) {
      const problem = kind.check?.(item);
      if (problem) return { error: problem };
    }
    return { value: items };
  }
  if (text === '') return def.optional ? { value: null } : { error: 'Required.' };
  if (kind.type === 'choice') return kind.options.includes(text) ? { value: text } : { error: `One of ${kind.options.join(', ')}.` };
  if (kind.type === 'text') {
    const problem = kind.check?.(text);
    return problem ? { error: problem } : { value: text };
  }
  const number = Number(text);
  const unit = kind.unit ? ` ${kind.unit}` : '';
  if (!Number.isFinite(number)) return { error: 'Must be a number.' };
  if (kind.type === 'int' && !kind.scale && !Number.isInteger(number)) return { error: 'Must be a whole number.' };
  if (number < kind.min || number > kind.max) return { error: `Must be between ${kind.min.toLocaleString('en-US')} and ${kind.max.toLocaleString('en-US')}${unit}.` };
  if (kind.type === 'int' && kind.scale) return { value: Math.round(number * kind.scale) };
  return { value: number };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The nested patch of only the changed fields (`{ traces: { bodies: true } }`), or the errors by path
 * when a changed field does not parse. Unchanged fields are never sent, even if invalid.
 */
export function diffPatch(settings: readonly SettingEntry[], form: FormValues): { patch: Record<string, unknown>; changed: string[]; errors: Record<string, string> } {
  const patch: Record<string, unknown> = {};
  const changed: string[] = [];
  const errors: Record<string, string> = {};
  for (const entry of settings) {
    const def = fieldFor(entry.path);
    if (!def || !(entry.path in form)) continue;
    const raw = form[entry.path] ?? null;
    if (same(raw, toFormValue(def, effectiveValue(entry)))) continue;
    const parsed = parseFormValue(def, raw);
    if ('error' in parsed) {
      errors[entry.path] = parsed.error;
      continue;
    }
    if (same(parsed.value, effectiveValue(entry))) continue;
    changed.push(entry.path);
    setPath(patch, entry.path, parsed.value);
  }
  return { patch, changed, errors };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = value;
}

/**
 * The field an error's `param` belongs to: the path itself, else the longest field path it starts with
 * (`server.allowedHosts.0` → `server.allowedHosts`); undefined when no field matches (shown on top).
 */
export function fieldForError(param: string | null | undefined): string | undefined {
  if (!param) return undefined;
  if (BY_PATH.has(param)) return param;
  let best: string | undefined;
  for (const path of BY_PATH.keys()) if ((param.startsWith(`${path}.`) || param.startsWith(`${path}[`)) && (!best || path.length > best.length)) best = path;
  return best;
}

/** A value as the page shows it in "next start" notes. */
export function describeValue(def: FieldDef | undefined, value: unknown): string {
  if (value === null || value === undefined) return 'default';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (def?.kind.type === 'int' && def.kind.scale && typeof value === 'number') return `${(value / def.kind.scale).toLocaleString('en-US')} ${def.kind.unit ?? ''}`.trim();
  if (def && (def.kind.type === 'int' || def.kind.type === 'number') && def.kind.unit && typeof value === 'number') return `${value.toLocaleString('en-US')} ${def.kind.unit}`;
  return String(value);
}

/** What a save did, per path: applied now, or saved for the next start. */
export type SaveOutcome = Record<string, 'applied' | 'restart'>;
export function outcomeOf(answer: Pick<SettingsSaveAnswer, 'applied' | 'restartRequired'>): SaveOutcome {
  const outcome: SaveOutcome = {};
  for (const path of answer.applied) outcome[path] = 'applied';
  for (const path of answer.restartRequired) outcome[path] = 'restart';
  return outcome;
}
