/**
 * The four orderings of a route's eligible targets. Pure; each result carries its score and a one-line
 * reason, shown by the routing preview and the traces.
 */
import { formatMicros } from '../accounting/cost.js';
import type { Strategy } from '../config/routing-schema.js';
import type { Availability } from './breaker.js';
import type { ModelTarget } from './resolve-model.js';

export interface Candidate {
  /** Position in the route's target list. */
  index: number;
  model: string;
  target: ModelTarget;
  key: string;
  weight: number;
  /** Estimated cost of this request in micro-USD; undefined when the price is unknown. */
  costMicros: number | undefined;
  /** Measured latency for this kind of request; undefined when not measured (recently). */
  latencyMs: number | undefined;
  timeoutMs: number;
  circuit: Availability;
}

export interface Ordered {
  candidate: Candidate;
  score: number | null;
  why: string;
}

const byIndex = (a: Candidate, b: Candidate): number => a.index - b.index;

function fallback(candidates: Candidate[]): Ordered[] {
  return [...candidates].sort(byIndex).map((candidate, position) => ({
    candidate,
    score: null,
    why: position === 0 ? 'first in route order' : `fallback #${position} in route order`,
  }));
}

/** One target drawn by weight; the rest follow by descending weight (then route order) as fallbacks. */
function weighted(candidates: Candidate[], random: number): Ordered[] {
  const total = candidates.reduce((sum, candidate) => sum + candidate.weight, 0);
  const share = (candidate: Candidate): number => (total > 0 ? candidate.weight / total : 0);
  const sorted = [...candidates].sort(byIndex);
  let point = random * total;
  let chosen = sorted[sorted.length - 1];
  for (const candidate of sorted) {
    if (point < candidate.weight) {
      chosen = candidate;
      break;
    }
    point -= candidate.weight;
  }
  const rest = sorted.filter((candidate) => candidate !== chosen).sort((a, b) => b.weight - a.weight || a.index - b.index);
  const percent = (candidate: Candidate): string => `${Math.round(share(candidate) * 1000) / 10}%`;
  return [
    ...(chosen ? [{ candidate: chosen, score: share(chosen), why: `drawn by weight (${percent(chosen)} of traffic)` }] : []),
    ...rest.map((candidate) => ({ candidate, score: share(candidate), why: `fallback (weight ${percent(candidate)})` })),
  ];
}

function cheapest(candidates: Candidate[]): Ordered[] {
  const known = candidates.filter((candidate) => candidate.costMicros !== undefined);
  const unknown = candidates.filter((candidate) => candidate.costMicros === undefined).sort(byIndex);
  known.sort((a, b) => (a.costMicros as number) - (b.costMicros as number) || a.index - b.index);
  return [
    ...known.map((candidate, position) => ({
      candidate,
      score: (candidate.costMicros as number) / 1_000_000,
      why: `${position === 0 ? 'cheapest' : `#${position + 1} by price`}: about ${formatMicros(candidate.costMicros as number)} for this request`,
    })),
    ...unknown.map((candidate) => ({ candidate, score: null, why: 'price unknown: tried after the priced targets' })),
  ];
}

/** Unmeasured targets first (so each gets measured), then by measured latency. */
function fastest(candidates: Candidate[]): Ordered[] {
  const unmeasured = candidates.filter((candidate) => candidate.latencyMs === undefined).sort(byIndex);
  const measured = candidates.filter((candidate) => candidate.latencyMs !== undefined);
  measured.sort((a, b) => (a.latencyMs as number) - (b.latencyMs as number) || a.index - b.index);
  return [
    ...unmeasured.map((candidate) => ({ candidate, score: null, why: 'no recent latency measurement: tried to measure it' })),
    ...measured.map((candidate, position) => ({
      candidate,
      score: Math.round(candidate.latencyMs as number),
      why: `${position === 0 && !unmeasured.length ? 'fastest' : `#${unmeasured.length + position + 1} by latency`}: ~${Math.round(candidate.latencyMs as number)} ms measured`,
    })),
  ];
}

export function orderTargets(strategy: Strategy, candidates: Candidate[], random: number): Ordered[] {
  switch (strategy) {
    case 'fallback':
      return fallback(candidates);
    case 'weighted':
      return weighted(candidates, random);
    case 'cheapest':
      return cheapest(candidates);
    case 'fastest':
      return fastest(candidates);
  }
}
