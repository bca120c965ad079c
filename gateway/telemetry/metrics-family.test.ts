import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../test/helpers/prometheus-text.js';
import { counterFamily, histogramFamily } from './metrics-family.js';

describe('metric families', () => {
  it('render counters through the prom-client registry, label values escaped', async () => {
    const registry = new Registry();
    const requests = counterFamily(registry, { name: 'x_requests_total', help: 'Requests.', labelNames: ['model', 'status'], maxSeries: 10 });
    requests.inc(['a"b\\c', 'ok']);
    requests.inc(['a"b\\c', 'ok'], 2);
    requests.inc(['plain', 'error']);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE x_requests_total counter');
    expect(text).toContain('x_requests_total{model="a\\"b\\\\c",status="ok"} 3');
    const m = parseExposition(text);
    expect(m.value('x_requests_total', { model: 'a"b\\c' })).toBe(3);
    expect(m.value('x_requests_total', { model: 'plain', status: 'error' })).toBe(1);
  });

  it('render histograms with cumulative buckets, upper bounds inclusive (le), +Inf, sum and count', async () => {
    const registry = new Registry();
    const latency = histogramFamily(registry, { name: 'x_seconds', help: 'Latency.', labelNames: ['route'], maxSeries: 10, buckets: [1, 0.5, 2] });
    for (const value of [0.1, 0.5, 0.7, 2, 5, Number.NaN, Infinity]) latency.observe(['r'], value);
    const m = parseExposition(await registry.metrics());
    expect(m.types.get('x_seconds')).toBe('histogram');
    expect(m.select('x_seconds_bucket', { route: 'r' }).map((sample) => [sample.labels.le, sample.value])).toEqual([
      ['0.5', 2],
      ['1', 3],
      ['2', 4],
      ['+Inf', 5],
    ]);
    expect(m.value('x_seconds_count')).toBe(5);
    expect(m.value('x_seconds_sum')).toBeCloseTo(8.3, 12);
  });

  it('fold open labels to "other" beyond the cap, keep existing series, and reset with the registry', async () => {
    const registry = new Registry();
    let folds = 0;
    const tokens = counterFamily(registry, { name: 'x_tokens_total', help: 'Tokens.', labelNames: ['model', 'kind'], open: ['model'], maxSeries: 2, onFold: () => folds++ });
    tokens.inc(['m1', 'input'], 5);
    tokens.inc(['m2', 'input'], 5);
    tokens.inc(['m3', 'input'], 7);
    tokens.inc(['m4', 'output'], 1);
    tokens.inc(['m1', 'input'], 1);
    tokens.inc(['', 'input'], 1);
    const m = parseExposition(await registry.metrics());
    expect(m.select('x_tokens_total').map((sample) => [sample.labels.model, sample.labels.kind, sample.value])).toEqual([
      ['m1', 'input', 6],
      ['m2', 'input', 5],
      ['other', 'input', 7],
      ['other', 'output', 1],
      ['', 'input', 1],
    ]);
    expect(folds).toBe(3);
    registry.resetMetrics();
    expect(parseExposition(await registry.metrics()).select('x_tokens_total')).toEqual([]);
    expect(tokens.size()).toBe(0);
  });
});
