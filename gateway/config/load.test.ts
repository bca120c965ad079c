import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.js';
import { ConfigError, parseConfig } from './load.js';
import { defaultDataDir } from './data-dir.js';
import { firstRunConfig } from './first-run.js';

function problems(text: string): readonly string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('config', () => {
  it('parses the documented YAML example with defaults filled in', () => {
    const config = parseConfig(
      `providers:
  oai:
    type: openai
    baseUrl: https://api.openai.com/v1
    apiKey: env:OPENAI_API_KEY
    models: [gpt-4o-mini, gpt-4o]
clientKeys:
  - name: my-ide
    key: env:SIGNALBOX_KEY
`,
      'x.yaml',
    );
    expect(config.providers.oai).toMatchObject({ type: 'openai', enabled: true, models: ['gpt-4o-mini', 'gpt-4o'] });
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 6464,
      bodyLimitMb: 32,
      shutdownGraceMs: 10_000,
      requestTimeoutMs: 60_000,
      allowRemote: false,
      allowedHosts: [],
      allowedOrigins: [],
      authFailures: { burst: 100, perMinute: 600 },
    });
    expect(config.clientKeys).toEqual([{ name: 'my-ide', key: 'env:SIGNALBOX_KEY' }]);
  });

  it('accepts the example in README.md', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const config = parseConfig(example.replace('sha256: 3737f2…', `sha256: ${'a'.repeat(64)}`), 'README.md');
    expect(Object.keys(config.routes)).toEqual(['fast', 'balanced', 'cheap-coder', 'snappy']);
    expect(config.routing.defaultRoute).toBe('fast');
  });

  it('parses JSON too', () => {
    expect(parseConfig('{"providers":{"g":{"type":"groq","apiKey":"env:GROQ"}}}', 'x.json').providers.g?.type).toBe('groq');
  });

  it('names the path of every bad field', () => {
    expect(problems('providers:\n  oai:\n    type: openia\n')[0]).toMatch(/^providers\.oai\.type: expected one of openai \| openai-compatible \| anthropic \| .*groq/);
    expect(problems('server:\n  port: "6464"\n')).toEqual(['server.port: expected number, received string']);
    expect(problems('providers:\n  x:\n    type: openai-compatible\n')).toEqual(['providers.x.baseUrl: is required for type openai-compatible']);
    expect(problems('providers:\n  x:\n    type: groq\n    apikey: env:K\n')).toEqual(['providers.x.apikey: unknown field']);
    expect(problems('clientKeys:\n  - name: a\n    key: sk-plaintext\n')[0]).toMatch(/^clientKeys\[0\]\.key: must be a secret reference/);
    expect(problems('providers:\n  Bad_Id:\n    type: groq\n')[0]).toMatch(/^providers\.Bad_Id/);
    expect(problems('providers:\n  x:\n    type: ollama\n    baseUrl: ftp://host\n')[0]).toMatch(/^providers\.x\.baseUrl: must be an http\(s\) URL/);
    expect(problems('providers:\n  x:\n    type: ollama\n    baseUrl: http://host/v1?key=abc\n')[0]).toMatch(/^providers\.x\.baseUrl: must be an http\(s\) URL without credentials, query/);
  });

  it('validates routes: strategies, targets naming configured providers, no routes of routes, the default route', () => {
    const config = parseConfig(
      `providers:
  groq: { type: groq, apiKey: env:GROQ }
  oai: { type: openai, apiKey: env:OAI }
routes:
  fast:
    strategy: fallback
    timeoutMs: 30000
    targets: [{ model: groq/llama-3.3-70b }, { model: oai/gpt-4o-mini }]
  balanced:
    strategy: weighted
    targets: [{ model: oai/gpt-4o-mini, weight: 3 }, { model: claude-haiku-4-5, weight: 1 }]
routing:
  defaultRoute: fast
  retry: { maxRetries: 1 }
prices:
  oai/gpt-4o-mini: { input: 0.15, output: 0.6 }
`,
      'routes.yaml',
    );
    expect(config.routes.fast).toMatchObject({ strategy: 'fallback', timeoutMs: 30_000 });
    expect(config.routes.balanced?.targets[0]).toEqual({ model: 'oai/gpt-4o-mini', weight: 3 });
    expect(config.routing.retry).toMatchObject({ maxRetries: 1, baseDelayMs: 250, maxRetryAfterMs: 20_000, maxTotalWaitMs: 60_000 });
    expect(config.routing.breaker).toMatchObject({ consecutiveFailures: 5, cooldownMs: 30_000 });
    expect(config.providers.groq).toMatchObject({ maxConcurrency: 64, maxQueue: 256 });

    const base = 'providers:\n  oai: { type: openai, apiKey: env:OAI }\n';
    expect(problems(`${base}routes:\n  r:\n    strategy: random\n    targets: [{ model: oai/x }]\n`)[0]).toMatch(/^routes\.r\.strategy: expected one of fallback \| weighted \| cheapest \| fastest/);
    expect(problems(`${base}routes:\n  r:\n    targets: []\n`)[0]).toMatch(/^routes\.r\.targets: /);
    expect(problems(`${base}routes:\n  r:\n    targets: [{ model: groq/llama }]\n`)).toEqual(['routes.r.targets[0].model: provider "groq" is not configured']);
    expect(problems(`${base}routes:\n  a:\n    targets: [{ model: oai/x }]\n  b:\n    targets: [{ model: a }]\n`)).toEqual(['routes.b.targets[0].model: routes cannot target other routes']);
    expect(problems(`${base}routes:\n  a/b:\n    targets: [{ model: oai/x }]\n`)[0]).toMatch(/^routes\.a\/b: must be letters, digits/);
    expect(problems(`${base}routing:\n  defaultRoute: nope\n`)).toEqual(['routing.defaultRoute: route "nope" is not defined']);
    expect(problems(`${base}routes:\n  r:\n    targets: [{ model: oai/x, weight: 0 }]\n`)[0]).toMatch(/^routes\.r\.targets\[0\]\.weight: /);
    expect(problems(`${base}prices:\n  gpt-4o: { input: 1, output: 2 }\n`)[0]).toMatch(/^prices\.gpt-4o: must be "<provider>\/<model>"/);
  });

  it('refuses plaintext API keys in the file', () => {
    expect(problems('providers:\n  oai:\n    type: openai\n    apiKey: sk-live-123\n')[0]).toMatch(/^providers\.oai\.apiKey: must be a secret reference such as env:OPENAI_API_KEY/);
  });

  it('reports YAML syntax errors and duplicate keys', () => {
    expect(problems('providers: [\n')[0]).toBeTruthy();
    expect(problems('server:\n  port: 1\n  port: 2\n')[0]).toMatch(/unique/i);
  });

  it('accepts the first-run config it writes', () => {
    const config = parseConfig(firstRunConfig(), 'first-run');
    expect(config.clientKeys).toEqual([]);
    expect(config.providers).toEqual({});
    expect(config.routes).toEqual({});
  });

  it('generates a JSON Schema from the same definition', () => {
    const schema = configJsonSchema() as { properties: Record<string, any> };
    expect(schema.properties.providers.additionalProperties.properties.type.enum).toContain('groq');
    expect(schema.properties.server.properties.port.default).toBe(6464);
  });

  it('places the data directory where each OS keeps app data', () => {
    expect(defaultDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/signalbox');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/signalbox');
    expect(defaultDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/Signalbox');
    expect(defaultDataDir('linux', { SIGNALBOX_DATA_DIR: '/d' }, '/home/u')).toBe('/d');
  });
});
