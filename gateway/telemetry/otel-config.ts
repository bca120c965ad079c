/**
 * Resolves the `otel` config section and the standard OpenTelemetry environment variables (from the env
 * handed to createGateway, never process.env directly) into export settings. Pure: secret references are
 * resolved from the env and from keychain results looked up beforehand.
 *
 * Precedence: the config file, then `OTEL_EXPORTER_OTLP_TRACES_*`, then `OTEL_EXPORTER_OTLP_*`, then
 * defaults. `OTEL_SDK_DISABLED=true` and `OTEL_TRACES_EXPORTER=none` turn export off whatever the config
 * says. Header values are credentials: they are kept in `headers` only, and `describeOtel` (what is logged)
 * names headers without their values.
 */
import { OTEL_SECRET_REF, otlpUrlProblem, type OtelConfig } from '../config/otel-schema.js';
import type { KeychainResult } from '../secrets/keychain-lookup.js';

type Env = Readonly<Record<string, string | undefined>>;

export type SamplerSetting =
  | { kind: 'always_on' | 'always_off' | 'parentbased_always_on' | 'parentbased_always_off' }
  | { kind: 'traceidratio' | 'parentbased_traceidratio'; ratio: number };

export interface OtelSettings {
  /** Full URL of the traces endpoint (`…/v1/traces`). */
  url: string;
  /** Header values resolved: may hold credentials. Never log them. */
  headers: Record<string, string>;
  serviceName: string;
  /** From OTEL_RESOURCE_ATTRIBUTES (service.name is set from `serviceName`). */
  resourceAttributes: Record<string, string>;
  sampler: SamplerSetting;
  timeoutMs: number;
  /** From OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION. */
  compression: 'none' | 'gzip';
  maxQueueSize: number;
}

export type OtelResolution =
  | { enabled: false; why: string; problems: string[] }
  | { enabled: true; settings: OtelSettings; problems: string[] };

export const DEFAULT_OTLP_BASE = 'http://localhost:4318';
export const DEFAULT_EXPORT_TIMEOUT_MS = 3_000;
const MAX_EXPORT_TIMEOUT_MS = 30_000;

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
};

/** `…/v1/traces` for a collector base URL (kept as is when it already ends so). */
export function tracesUrl(base: string): string {
  const url = new URL(base);
  if (!/\/v1\/traces\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}

/**
 * `key1=value1,key2=value2` (W3C baggage-like, values percent-encoded), as OTEL_EXPORTER_OTLP_HEADERS and
 * OTEL_RESOURCE_ATTRIBUTES are written. Malformed entries are reported by position, never by value.
 */
export function parseKeyValueList(raw: string | undefined, what: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  raw.split(',').forEach((entry, index) => {
    if (!entry.trim()) return;
    const equals = entry.indexOf('=');
    const key = equals > 0 ? entry.slice(0, equals).trim() : '';
    let decoded: string | undefined;
    try {
      decoded = equals > 0 ? decodeURIComponent(entry.slice(equals + 1).trim()) : undefined;
    } catch {
      decoded = undefined;
    }
    if (!key || decoded === undefined || /[\r\n\0]/.test(decoded)) {
      problems.push(`${what}: entry ${index + 1} is not key=value; ignored`);
      return;
    }
    out[key] = decoded;
  });
  return out;
}

function lower(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, entry]) => [key.toLowerCase(), entry]));
}

function envUrl(env: Env): { url: string } | { problem: string } | undefined {
  const specific = value(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (specific) {
    const problem = otlpUrlProblem(specific);
    return problem ? { problem: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ${problem}` } : { url: new URL(specific).toString() };
  }
  const generic = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (generic) {
    const problem = otlpUrlProblem(generic);
    return problem ? { problem: `OTEL_EXPORTER_OTLP_ENDPOINT ${problem}` } : { url: tracesUrl(generic) };
  }
  return undefined;
}

function samplerFrom(config: OtelConfig, env: Env, problems: string[]): SamplerSetting {
  if (config.sampleRatio !== undefined) return { kind: 'parentbased_traceidratio', ratio: config.sampleRatio };
  const name = value(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase() ?? 'parentbased_always_on';
  const ratio = (): number => {
    const raw = value(env, 'OTEL_TRACES_SAMPLER_ARG');
    if (raw === undefined) return 1;
    const parsed = Number(raw);
    if (Number.isFinite(parsed) && parsed >= 0 && parsed <= 1) return parsed;
    problems.push('OTEL_TRACES_SAMPLER_ARG is not a number between 0 and 1; using 1');
    return 1;
  };
  switch (name) {
    case 'always_on':
    case 'always_off':
    case 'parentbased_always_on':
    case 'parentbased_always_off':
      return { kind: name };
    case 'traceidratio':
    case 'parentbased_traceidratio':
      return { kind: name, ratio: ratio() };
    default:
      problems.push(`OTEL_TRACES_SAMPLER "${name.slice(0, 40)}" is not supported; using parentbased_always_on`);
      return { kind: 'parentbased_always_on' };
  }
}

function timeoutFrom(config: OtelConfig, env: Env, problems: string[]): number {
  if (config.timeoutMs !== undefined) return config.timeoutMs;
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const raw = value(env, name);
    if (raw === undefined) continue;
    const parsed = Number(raw);
    if (Number.isFinite(parsed) && parsed > 0) return Math.min(Math.max(Math.round(parsed), 100), MAX_EXPORT_TIMEOUT_MS);
    problems.push(`${name} is not a positive number of milliseconds; ignored`);
  }
  return DEFAULT_EXPORT_TIMEOUT_MS;
}

function compressionFrom(env: Env, problems: string[]): 'none' | 'gzip' {
  const raw = (value(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION') ?? value(env, 'OTEL_EXPORTER_OTLP_COMPRESSION'))?.toLowerCase();
  if (raw === undefined || raw === 'none') return 'none';
  if (raw === 'gzip') return 'gzip';
  problems.push(`OTLP compression ${raw.slice(0, 20)} is not supported; sending uncompressed`);
  return 'none';
}

/** The keychain entries named by `keychain:` header values (looked up before `resolveOtel`). */
export function otelKeychainNames(config: OtelConfig): string[] {
  return Object.values(config.headers ?? {})
    .filter((entry) => OTEL_SECRET_REF.test(entry) && entry.startsWith('keychain:'))
    .map((entry) => entry.slice('keychain:'.length));
}

export function resolveOtel(config: OtelConfig, env: Env, keychain: ReadonlyMap<string, KeychainResult> = new Map()): OtelResolution {
  const problems: string[] = [];
  if (value(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') {
    if (config.enabled) problems.push('OTEL_SDK_DISABLED=true overrides otel.enabled');
    return { enabled: false, why: 'OTEL_SDK_DISABLED=true', problems };
  }
  const exporters = value(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase().split(',').map((entry) => entry.trim());
  if (exporters && !exporters.includes('otlp')) {
    if (config.enabled) problems.push(`OTEL_TRACES_EXPORTER=${exporters.join(',').slice(0, 40)} overrides otel.enabled`);
    return { enabled: false, why: `OTEL_TRACES_EXPORTER=${exporters.join(',').slice(0, 40)}`, problems };
  }
  if (config.enabled === false) return { enabled: false, why: 'otel.enabled is false', problems };

  const fromEnv = config.endpoint ? undefined : envUrl(env);
  if (config.enabled === undefined && !config.endpoint && !fromEnv) return { enabled: false, why: 'no collector endpoint configured', problems };
  if (fromEnv && 'problem' in fromEnv) {
    problems.push(`${fromEnv.problem}; OpenTelemetry export is off`);
    return { enabled: false, why: fromEnv.problem, problems };
  }
  const url = config.endpoint ? tracesUrl(config.endpoint) : (fromEnv?.url ?? tracesUrl(DEFAULT_OTLP_BASE));

  const headers: Record<string, string> = {
    ...lower(parseKeyValueList(value(env, 'OTEL_EXPORTER_OTLP_HEADERS'), 'OTEL_EXPORTER_OTLP_HEADERS', problems)),
    ...lower(parseKeyValueList(value(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'), 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', problems)),
  };
  for (const [rawName, given] of Object.entries(config.headers ?? {})) {
    const name = rawName.toLowerCase();
    if (!OTEL_SECRET_REF.test(given)) {
      headers[name] = given;
      continue;
    }
    let resolved: string | undefined;
    let why = '';
    if (given.startsWith('env:')) {
      const variable = given.slice('env:'.length);
      resolved = env[variable];
      why = `environment variable ${variable} is not set`;
    } else {
      const entry = given.slice('keychain:'.length);
      const result = keychain.get(entry);
      if (result?.ok) resolved = result.value;
      else why = result?.reason ?? `keychain entry "${entry}" was not looked up`;
    }
    if (resolved === undefined || resolved === '' || /[\r\n\0]/.test(resolved)) {
      const problem = `otel.headers.${rawName}: ${resolved ? 'the value is not a single line' : why}`;
      problems.push(`${problem}; OpenTelemetry export is off`);
      return { enabled: false, why: problem, problems };
    }
    headers[name] = resolved;
  }

  const protocol = value(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? value(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol && protocol !== 'http/json') problems.push(`OTLP protocol ${protocol.slice(0, 20)} is not supported; exporting http/json`);

  const resourceAttributes = parseKeyValueList(value(env, 'OTEL_RESOURCE_ATTRIBUTES'), 'OTEL_RESOURCE_ATTRIBUTES', problems);
  const serviceName = config.serviceName ?? value(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'signalbox';
  return {
    enabled: true,
    settings: {
      url,
      headers,
      serviceName,
      resourceAttributes,
      sampler: samplerFrom(config, env, problems),
      timeoutMs: timeoutFrom(config, env, problems),
      compression: compressionFrom(env, problems),
      maxQueueSize: config.maxQueueSize,
    },
    problems,
  };
}

/** What may be logged about the settings: the endpoint without query, header names (never values), sampler. */
export function describeOtel(settings: OtelSettings): Record<string, string | number> {
  const url = new URL(settings.url);
  const sampler = 'ratio' in settings.sampler ? `${settings.sampler.kind}(${settings.sampler.ratio})` : settings.sampler.kind;
  return {
    endpoint: `${url.origin}${url.pathname}`,
    headerNames: Object.keys(settings.headers).sort().join(',') || '(none)',
    serviceName: settings.serviceName,
    sampler,
    timeoutMs: settings.timeoutMs,
  };
}
