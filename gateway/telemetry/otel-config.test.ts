import { describe, expect, it } from 'vitest';
import { OtelConfig } from '../config/otel-schema.js';
import { describeOtel, otelKeychainNames, parseKeyValueList, resolveOtel, tracesUrl, type OtelSettings } from './otel-config.js';

const config = (input: Record<string, unknown> = {}): OtelConfig => OtelConfig.parse(input);
const settingsOf = (resolution: ReturnType<typeof resolveOtel>): OtelSettings => {
  if (!resolution.enabled) throw new Error(`expected export on, got off: ${resolution.why}`);
  return resolution.settings;
};

describe('otel config schema', () => {
  it('is off-by-default and empty when absent', () => {
    expect(config()).toEqual({ maxQueueSize: 2048 });
  });

  it('accepts http(s) endpoints only, without credentials, query or fragment', () => {
    expect(OtelConfig.safeParse({ endpoint: 'http://127.0.0.1:4318' }).success).toBe(true);
    expect(OtelConfig.safeParse({ endpoint: 'https://otel.example.com/otlp' }).success).toBe(true);
    for (const endpoint of ['ftp://collector:4318', 'file:///tmp/x', 'http://user:pass@collector:4318', 'http://collector:4318/?token=abc', 'not a url']) {
      expect(OtelConfig.safeParse({ endpoint }).success, endpoint).toBe(false);
    }
  });

  it('requires secret references for credential headers, and allows plain values for the rest', () => {
    expect(OtelConfig.safeParse({ headers: { authorization: 'env:OTEL_TOKEN', 'x-honeycomb-team': 'keychain:honeycomb', 'x-scope-orgid': 'team-a' } }).success).toBe(true);
    const plain = OtelConfig.safeParse({ headers: { Authorization: 'Bearer abc123' } });
    expect(plain.success).toBe(false);
    expect(JSON.stringify(plain.error?.issues)).toContain('secret reference');
    // The rejected value is not repeated in the message.
    expect(JSON.stringify(plain.error?.issues)).not.toContain('abc123');
    expect(OtelConfig.safeParse({ headers: { 'x-api-key': 'raw-key' } }).success).toBe(false);
    expect(OtelConfig.safeParse({ headers: { 'bad header': 'x' } }).success).toBe(false);
    expect(OtelConfig.safeParse({ headers: { 'x-ok': 'line\r\nInjected: 1' } }).success).toBe(false);
  });
});

describe('resolveOtel', () => {
  it('is off without config or OTLP endpoint variables', () => {
    expect(resolveOtel(config(), {})).toMatchObject({ enabled: false, why: 'no collector endpoint configured' });
    // Other OTEL variables alone do not turn it on.
    expect(resolveOtel(config(), { OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_HEADERS: 'a=b' }).enabled).toBe(false);
  });

  it('is turned on by the standard endpoint variables, appending /v1/traces to the generic one only', () => {
    expect(settingsOf(resolveOtel(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).url).toBe('http://collector:4318/v1/traces');
    expect(settingsOf(resolveOtel(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/otlp/' })).url).toBe('https://otel.example.com/otlp/v1/traces');
    const specific = resolveOtel(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://specific:9999/custom/path' });
    expect(settingsOf(specific).url).toBe('http://specific:9999/custom/path');
  });

  it('lets the config endpoint win over the environment, and uses localhost:4318 when enabled without any', () => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://from-env:4318/v1/traces' };
    expect(settingsOf(resolveOtel(config({ endpoint: 'http://127.0.0.1:14318' }), env)).url).toBe('http://127.0.0.1:14318/v1/traces');
    expect(settingsOf(resolveOtel(config({ endpoint: 'http://127.0.0.1:14318/v1/traces' }), {})).url).toBe('http://127.0.0.1:14318/v1/traces');
    expect(settingsOf(resolveOtel(config({ enabled: true }), {})).url).toBe('http://localhost:4318/v1/traces');
    // An endpoint in config is enough to turn it on.
    expect(resolveOtel(config({ endpoint: 'http://127.0.0.1:4318' }), {}).enabled).toBe(true);
  });

  it('is off when disabled in config, by OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none, whatever else is set', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(resolveOtel(config({ enabled: false }), env)).toMatchObject({ enabled: false, why: 'otel.enabled is false' });
    const disabled = resolveOtel(config({ enabled: true }), { ...env, OTEL_SDK_DISABLED: 'TRUE' });
    expect(disabled).toMatchObject({ enabled: false, why: 'OTEL_SDK_DISABLED=true' });
    expect(disabled.problems.join()).toContain('overrides otel.enabled');
    expect(resolveOtel(config(), { ...env, OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
    expect(resolveOtel(config(), { ...env, OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(resolveOtel(config(), { ...env, OTEL_TRACES_EXPORTER: 'console' }).enabled).toBe(false);
    expect(resolveOtel(config(), { ...env, OTEL_TRACES_EXPORTER: 'otlp' }).enabled).toBe(true);
  });

  it('turns export off, with a problem, when an environment endpoint is not http(s)', () => {
    const resolution = resolveOtel(config(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' });
    expect(resolution.enabled).toBe(false);
    expect(resolution.problems.join()).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/);
    expect(resolveOtel(config(), { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://u:p@collector:4318/v1/traces' }).enabled).toBe(false);
  });

  it('merges headers: generic variable, then the traces one, then config (names case-insensitive)', () => {
    const settings = settingsOf(
      resolveOtel(config({ endpoint: 'http://c:4318', headers: { 'X-Tenant': 'from-config', authorization: 'env:OTEL_AUTH' } }), {
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=generic,x-generic=1,Authorization=Basic%20ZnJvbS1lbnY%3D',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-generic=2',
        OTEL_AUTH: 'Bearer from-env-ref',
      }),
    );
    expect(settings.headers).toEqual({ 'x-tenant': 'from-config', 'x-generic': '2', authorization: 'Bearer from-env-ref' });
  });

  it('percent-decodes header lists and reports malformed entries by position, never by value', () => {
    const problems: string[] = [];
    expect(parseKeyValueList('a=1, b = hello%20world ,broken-secret-value,=x,c=%E0%A4%A', 'X', problems)).toEqual({ a: '1', b: 'hello world' });
    expect(problems).toHaveLength(3);
    expect(problems.join()).not.toContain('broken-secret-value');
  });

  it('resolves keychain references, and turns export off when a referenced secret is missing', () => {
    const withKeychain = config({ endpoint: 'http://c:4318', headers: { authorization: 'keychain:otel', 'x-key': 'env:MISSING' } });
    expect(otelKeychainNames(withKeychain)).toEqual(['otel']);
    const missingEnv = resolveOtel(withKeychain, {}, new Map([['otel', { ok: true as const, value: 'Bearer k' }]]));
    expect(missingEnv).toMatchObject({ enabled: false });
    expect(missingEnv.problems.join()).toContain('otel.headers.x-key: environment variable MISSING is not set');
    const onlyKeychain = config({ endpoint: 'http://c:4318', headers: { authorization: 'keychain:otel' } });
    expect(settingsOf(resolveOtel(onlyKeychain, {}, new Map([['otel', { ok: true as const, value: 'Bearer k' }]]))).headers).toEqual({ authorization: 'Bearer k' });
    const locked = resolveOtel(onlyKeychain, {}, new Map([['otel', { ok: false as const, reason: 'keychain entry "otel" cannot be read: locked', unreachable: true }]]));
    expect(locked.enabled).toBe(false);
    expect(locked.problems.join()).toContain('locked');
  });

  it('takes service name, sampler and timeout from config first, then the environment', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=dev,service.name=from-resource',
    };
    const fromEnv = settingsOf(resolveOtel(config(), env));
    expect(fromEnv).toMatchObject({ serviceName: 'from-env', sampler: { kind: 'parentbased_traceidratio', ratio: 0.25 }, timeoutMs: 5000, compression: 'none' });
    expect(fromEnv.resourceAttributes).toMatchObject({ 'deployment.environment': 'dev' });
    const fromConfig = settingsOf(resolveOtel(config({ serviceName: 'cfg', sampleRatio: 0.5, timeoutMs: 800 }), env));
    expect(fromConfig).toMatchObject({ serviceName: 'cfg', sampler: { kind: 'parentbased_traceidratio', ratio: 0.5 }, timeoutMs: 800 });
    const defaults = settingsOf(resolveOtel(config({ enabled: true }), {}));
    expect(defaults).toMatchObject({ serviceName: 'signalbox', sampler: { kind: 'parentbased_always_on' }, timeoutMs: 3000 });
    expect(settingsOf(resolveOtel(config({ enabled: true }), { OTEL_RESOURCE_ATTRIBUTES: 'service.name=res' })).serviceName).toBe('res');
  });

  it('falls back on bad sampler, timeout and protocol values, saying so', () => {
    const resolution = resolveOtel(config({ enabled: true }), {
      OTEL_TRACES_SAMPLER: 'jaeger_remote',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'soon',
      OTEL_EXPORTER_OTLP_TIMEOUT: '999999',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    });
    const settings = settingsOf(resolution);
    expect(settings.sampler).toEqual({ kind: 'parentbased_always_on' });
    expect(settings.timeoutMs).toBe(30_000);
    expect(settings.compression).toBe('gzip');
    const problems = resolution.problems.join('\n');
    expect(problems).toContain('OTEL_TRACES_SAMPLER "jaeger_remote" is not supported');
    expect(problems).toContain('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT is not a positive number');
    expect(problems).toContain('grpc is not supported');
    const ratio = resolveOtel(config({ enabled: true }), { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '7' });
    expect(settingsOf(ratio).sampler).toEqual({ kind: 'traceidratio', ratio: 1 });
  });

  it('describes settings for the log with header names but never their values', () => {
    const settings = settingsOf(
      resolveOtel(config({ endpoint: 'http://c:4318/base', headers: { authorization: 'env:TOKEN', 'x-team': 'visible-team' } }), { TOKEN: 'Bearer hidden-token-value' }),
    );
    const described = JSON.stringify(describeOtel(settings));
    expect(described).toContain('authorization');
    expect(described).toContain('x-team');
    expect(described).not.toContain('hidden-token-value');
    expect(described).not.toContain('visible-team');
    expect(describeOtel(settings).endpoint).toBe('http://c:4318/base/v1/traces');
  });

  it('builds traces URLs', () => {
    expect(tracesUrl('http://a:1')).toBe('http://a:1/v1/traces');
    expect(tracesUrl('http://a:1/')).toBe('http://a:1/v1/traces');
    expect(tracesUrl('http://a:1/v1/traces')).toBe('http://a:1/v1/traces');
    expect(tracesUrl('http://a:1/prefix')).toBe('http://a:1/prefix/v1/traces');
  });
});
