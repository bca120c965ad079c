import { describe, expect, it } from 'vitest';
import { EWMA_ALPHA, latencyScore, NO_LATENCY, observeLatency, STALE_AFTER_MS, type LatencyStats } from './latency.js';

const observeAll = (samples: Array<{ ttftMs?: number; totalMs?: number; at: number }>): LatencyStats => samples.reduce(observeLatency, NO_LATENCY);

describe('latency EWMA', () => {
  it('uses alpha 0.3 and a 10 minute staleness', () => {
    expect(EWMA_ALPHA).toBe(0.3);
    expect(STALE_AFTER_MS).toBe(600_000);
  });

  it.each([
    { name: 'first sample is taken as is', samples: [1_000], expected: 1_000 },
    { name: 'second sample moves 30% of the way', samples: [1_000, 2_000], expected: 1_300 },
    { name: 'third', samples: [1_000, 2_000, 0], expected: 910 },
    { name: 'a constant stays constant', samples: [500, 500, 500, 500], expected: 500 },
    { name: 'a drop', samples: [1_000, 100], expected: 730 },
  ])('$name', ({ samples, expected }) => {
    const stats = observeAll(samples.map((totalMs, at) => ({ totalMs, at })));
    expect(stats.totalMs).toBeCloseTo(expected, 9);
    expect(stats.ttftMs).toBeUndefined();
    expect(stats.samples).toBe(samples.length);
    expect(stats.updatedAt).toBe(samples.length - 1);
  });

  it('averages ttft and total independently; a missing figure keeps its average', () => {
    const stats = observeAll([
      { ttftMs: 100, totalMs: 1_000, at: 1 },
      { totalMs: 2_000, at: 2 },
      { ttftMs: 200, at: 3 },
    ]);
    expect(stats.ttftMs).toBeCloseTo(130, 9);
    expect(stats.totalMs).toBeCloseTo(1_300, 9);
    expect(stats.samples).toBe(3);
    expect(stats.updatedAt).toBe(3);
  });

  it('does not modify its input', () => {
    const first = observeLatency(NO_LATENCY, { totalMs: 10, at: 1 });
    observeLatency(first, { totalMs: 20, at: 2 });
    expect(first).toEqual({ ttftMs: undefined, totalMs: 10, samples: 1, updatedAt: 1 });
    expect(NO_LATENCY).toEqual({ ttftMs: undefined, totalMs: undefined, samples: 0, updatedAt: undefined });
  });
});

describe('latencyScore', () => {
  const both = observeLatency(NO_LATENCY, { ttftMs: 120, totalMs: 900, at: 1_000 });
  const ttftOnly = observeLatency(NO_LATENCY, { ttftMs: 120, at: 1_000 });
  const totalOnly = observeLatency(NO_LATENCY, { totalMs: 900, at: 1_000 });

  it.each([
    { name: 'stream → time to first token', stats: both, stream: true, expected: 120 },
    { name: 'non-stream → total time', stats: both, stream: false, expected: 900 },
    { name: 'stream without ttft → total', stats: totalOnly, stream: true, expected: 900 },
    { name: 'non-stream without total → ttft', stats: ttftOnly, stream: false, expected: 120 },
    { name: 'never measured', stats: NO_LATENCY, stream: true, expected: undefined },
  ])('$name', ({ stats, stream, expected }) => {
    expect(latencyScore(stats, stream, 1_000)).toBe(expected);
  });

  it.each([
    { age: 0, expected: 900 },
    { age: 60_000, expected: 900 },
    { age: STALE_AFTER_MS, expected: 900 },
    { age: STALE_AFTER_MS + 1, expected: undefined },
    { age: 24 * 3_600_000, expected: undefined },
  ])('a measurement $age ms old scores $expected', ({ age, expected }) => {
    expect(latencyScore(both, false, 1_000 + age)).toBe(expected);
  });

  it('a fresh sample makes a stale target measured again', () => {
    const fresh = observeLatency(both, { totalMs: 100, at: 1_000 + STALE_AFTER_MS + 5 });
    expect(latencyScore(fresh, false, 1_000 + STALE_AFTER_MS + 5)).toBeCloseTo(900 + 0.3 * (100 - 900), 9);
  });
});
