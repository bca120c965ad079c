/**
 * Counter and histogram families that accumulate in plain numbers and render through the prom-client
 * registry at scrape time. prom-client's own `inc`/`observe` re-hash and re-validate the label object on
 * every call (≈0.5 µs each, a dozen per request); here a request costs one Map lookup per family, and the
 * label-set cap (see metrics-labels.ts) is applied once, when a series is first seen.
 *
 * The registered objects follow the contract prom-client's registry reads from its own metrics
 * (`name`, `help`, `type`, `get()` → values with `labels`, `value` and, for histograms, `metricName`), so
 * the text format, escaping and content type stay prom-client's.
 */
import type { Metric, Registry } from 'prom-client';
import { OTHER } from './metrics-labels.js';

export interface FamilyOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** Labels whose values may be client-chosen: `other` in series created beyond the cap. */
  open?: readonly string[];
  /** Distinct label sets before folding. */
  maxSeries: number;
  /** Called for every observation recorded under a folded label set. */
  onFold?: () => void;
}

/** Label values in `labelNames` order. */
export type LabelValues = readonly string[];

export interface CounterFamily {
  inc(values: LabelValues, by?: number): void;
  /** Distinct label sets (for tests). */
  size(): number;
}

export interface HistogramFamily {
  observe(values: LabelValues, value: number): void;
  size(): number;
}

interface Series<T> {
  labels: Record<string, string>;
  data: T;
}

const SEPARATOR = '\u0001';

/** The series store of one family: lookup by joined label values, creation under the cap. */
function seriesStore<T>(options: FamilyOptions, create: () => T) {
  const series = new Map<string, Series<T>>();
  const open = options.labelNames.map((name) => options.open?.includes(name) ?? false);
  const make = (key: string, values: LabelValues): Series<T> => {
    const labels: Record<string, string> = {};
    options.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
    const created = { labels, data: create() };
    series.set(key, created);
    return created;
  };
  return {
    series,
    get(values: LabelValues): Series<T> {
      const key = values.join(SEPARATOR);
      const found = series.get(key);
      if (found) return found;
      if (series.size < options.maxSeries) return make(key, values);
      options.onFold?.();
      // Folded sets differ only in bounded labels (status, dialect, kind…): always admitted.
      const folded = values.map((value, index) => (open[index] && value !== '' ? OTHER : value));
      const foldedKey = folded.join(SEPARATOR);
      return series.get(foldedKey) ?? make(foldedKey, folded);
    },
  };
}

function register(registry: Registry, metric: { name: string; help: string; type: 'counter' | 'histogram'; values: () => unknown[]; reset: () => void }): void {
  const { values, ...rest } = metric;
  const registered = { ...rest, aggregator: 'sum', get: async () => ({ name: metric.name, help: metric.help, type: metric.type, aggregator: 'sum', values: values() }) };
  registry.registerMetric(registered as unknown as Metric);
}

export function counterFamily(registry: Registry, options: FamilyOptions): CounterFamily {
  const store = seriesStore(options, () => ({ value: 0 }));
  register(registry, {
    name: options.name,
    help: options.help,
    type: 'counter',
    values: () => [...store.series.values()].map(({ labels, data }) => ({ labels, value: data.value })),
    reset: () => store.series.clear(),
  });
  return {
    inc(values, by = 1) {
      store.get(values).data.value += by;
    },
    size: () => store.series.size,
  };
}

export function histogramFamily(registry: Registry, options: FamilyOptions & { buckets: readonly number[] }): HistogramFamily {
  const bounds = [...options.buckets].sort((a, b) => a - b);
  // counts[i]: observations in (bounds[i-1], bounds[i]]; counts[bounds.length]: above the last bound.
  const store = seriesStore(options, () => ({ counts: new Array<number>(bounds.length + 1).fill(0), sum: 0, count: 0 }));
  register(registry, {
    name: options.name,
    help: options.help,
    type: 'histogram',
    values: () =>
      [...store.series.values()].flatMap(({ labels, data }) => {
        let cumulative = 0;
        const buckets = bounds.map((bound, index) => {
          cumulative += data.counts[index] ?? 0;
          return { labels: { ...labels, le: bound }, value: cumulative, metricName: `${options.name}_bucket` };
        });
        return [
          ...buckets,
          { labels: { ...labels, le: '+Inf' }, value: data.count, metricName: `${options.name}_bucket` },
          { labels, value: data.sum, metricName: `${options.name}_sum` },
          { labels, value: data.count, metricName: `${options.name}_count` },
        ];
      }),
    reset: () => store.series.clear(),
  });
  return {
    observe(values, value) {
      if (!Number.isFinite(value)) return;
      const { data } = store.get(values);
      let index = 0;
      while (index < bounds.length && value > (bounds[index] as number)) index++;
      data.counts[index] = (data.counts[index] ?? 0) + 1;
      data.sum += value;
      data.count++;
    },
    size: () => store.series.size,
  };
}
