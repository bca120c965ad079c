/**
 * A small parser of the Prometheus text exposition format (0.0.4), for tests that assert metric values:
 * samples with their labels, plus the declared TYPE of each family.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
  /** Samples named `name` whose labels include every entry of `match`. */
  select(name: string, match?: Record<string, string>): Sample[];
  /** Sum of the selected samples' values (0 when none). */
  sum(name: string, match?: Record<string, string>): number;
  /** The one sample named `name` matching exactly (throws unless exactly one matches). */
  value(name: string, match?: Record<string, string>): number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/g;

const unescape = (value: string): string => value.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1] as string, type[2] as string);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1] as string] = unescape(label[2] as string);
    const raw = match[3] as string;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    samples.push({ name: match[1] as string, labels, value });
  }
  const select = (name: string, match: Record<string, string> = {}): Sample[] =>
    samples.filter((sample) => sample.name === name && Object.entries(match).every(([key, value]) => (sample.labels[key] ?? '') === value));
  return {
    samples,
    types,
    select,
    sum: (name, match) => select(name, match).reduce((total, sample) => total + sample.value, 0),
    value(name, match) {
      const found = select(name, match);
      if (found.length !== 1) throw new Error(`expected one ${name} ${JSON.stringify(match)}, found ${found.length}`);
      return (found[0] as Sample).value;
    },
  };
}
