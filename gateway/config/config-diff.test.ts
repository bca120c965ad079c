import { describe, expect, it } from 'vitest';
import { diffConfig, isLivePath } from './config-diff.js';

describe('config diff', () => {
  it('names changed entries of keyed sections, and leaves elsewhere', () => {
    const running = {
      providers: { a: { type: 'openai', models: ['x'] }, b: { type: 'groq' } },
      routes: { fast: { targets: [{ model: 'a/x' }] } },
      prices: { 'a/x': { input: 1, output: 2 } },
      server: { port: 6464, host: '127.0.0.1' },
      limits: { global: { usdPerDay: 5 }, clients: { ci: { requestsPerMinute: 10 } } },
      traces: { bodies: false, live: { maxBuffered: 1 } },
      logging: { file: { enabled: true } },
    };
    const next = {
      providers: { a: { type: 'openai', models: ['x', 'y'] }, c: { type: 'mistral' } },
      routes: { fast: { targets: [{ model: 'a/x' }] }, slow: { targets: [{ model: 'a/y' }] } },
      prices: { 'a/x': { input: 1, output: 3 } },
      server: { port: 7000, host: '127.0.0.1' },
      limits: { global: { usdPerDay: 6 }, clients: { ci: { requestsPerMinute: 20 } } },
      traces: { bodies: true, live: { maxBuffered: 2 } },
      logging: { file: { enabled: false } },
    };
    expect(diffConfig(running, next)).toEqual([
      'limits.clients.ci',
      'limits.global.usdPerDay',
      'logging.file.enabled',
      'prices.a/x',
      'providers.a',
      'providers.b',
      'providers.c',
      'routes.slow',
      'server.port',
      'traces.bodies',
      'traces.live.maxBuffered',
    ]);
    expect(diffConfig(running, structuredClone(running))).toEqual([]);
  });

  it('tells what applies live and what needs a restart', () => {
    for (const path of ['providers.a', 'routes.slow', 'prices.a/x', 'limits.clients.ci', 'traces.bodies', 'ledger.retentionDays', 'routing.defaultRoute']) expect(isLivePath(path), path).toBe(true);
    for (const path of ['server.port', 'limits.global.usdPerDay', 'logging.file.enabled', 'traces.live.maxBuffered', 'routing.retry.maxRetries', 'clientKeys', 'otel.enabled']) expect(isLivePath(path), path).toBe(false);
  });
});
