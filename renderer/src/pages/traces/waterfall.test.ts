import { describe, expect, it } from 'vitest';
import type { AttemptLogEntry } from '../../api/types';
import { record } from '../../testing/fixtures';
import { emptyTrace } from '../../live/live-trace';
import { timingsOf, tokenLines, traceFromDetail } from './trace-detail';
import { axisTicks } from '../../lib/ticks';
import { formatTick, layoutWaterfall, percent } from './waterfall';

const entry = (overrides: Partial<AttemptLogEntry>): AttemptLogEntry => ({
  n: 1,
  model: 'fast',
  provider: 'mock',
  upstreamModel: 'gpt-500',
  startedAt: 1_000,
  latencyMs: 20,
  outcome: 'error',
  errorKind: 'upstream_server_error',
  upstreamStatus: 500,
  message: 'boom',
  decision: 'retry',
  why: 'retriable',
  waitMs: 30,
  ...overrides,
});

describe('attempt waterfall', () => {
  it('places attempts on the request’s axis: failure, backoff, then the answer until the request ended', () => {
    const attempts = [entry({}), entry({ n: 2, startedAt: 1_055, latencyMs: 15, outcome: 'ok', errorKind: null, upstreamStatus: null, decision: null, waitMs: null })];
    const { scaleMs, bars } = layoutWaterfall(1_000, 120, attempts);
    expect(scaleMs).toBe(120);
    expect(bars[0]).toMatchObject({ start: 0, firstByte: 20, end: 20, wait: { start: 20, end: 50 } });
    expect(bars[1]).toMatchObject({ start: 55, firstByte: 70, end: 120, wait: null, outcome: 'ok' });
  });

  it('shows the attempt in flight growing with time', () => {
    const { bars, scaleMs } = layoutWaterfall(1_000, null, [], { n: 1, provider: 'oai', upstreamModel: 'gpt', startedAt: 1_010, now: 1_300 });
    expect(bars[0]).toMatchObject({ outcome: 'running', start: 10, firstByte: 300 });
    expect(scaleMs).toBe(300);
  });

  it('keeps zero-length bars visible and ticks round', () => {
    expect(percent(0, 100, 0.6)).toBe('0.60%');
    expect(percent(150, 100)).toBe('100.00%');
    expect(axisTicks(1000)).toEqual([0, 250, 500, 750, 1000]);
    expect(axisTicks(1.3)).toEqual([0, 0.5, 1]);
    expect(axisTicks(0.0034)).toEqual([0, 0.001, 0.002, 0.003]);
    expect(formatTick(0.25, 1)).toBe('0.25 ms');
    expect(formatTick(500, 1000)).toBe('500 ms');
    expect(formatTick(1500, 3000)).toBe('1.5 s');
  });
});

describe('trace detail', () => {
  it('computes overhead from the ledger when the stream did not say', () => {
    expect(timingsOf(record({ latencyMs: 100, upstreamMs: 80, attemptLog: [entry({ waitMs: 12 })] }), undefined)).toEqual({ totalMs: 100, firstByteMs: 10, upstreamMs: 80, overheadMs: 8, waitMs: 12 });
    expect(timingsOf(record(), { ...emptyTrace('x', 1), overheadMs: 3 }).overheadMs).toBe(3);
  });

  it('lists tokens by kind with their cost; reasoning is within output', () => {
    const lines = tokenLines({ inputUncached: 10, inputCacheRead: 0, inputCacheWrite: 0, outputText: 5, outputReasoning: 2 }, { inputMicros: 1, cacheReadMicros: 0, cacheWriteMicros: 0, outputMicros: 7, totalMicros: 8 });
    expect(lines.map((line) => [line.kind, line.tokens, line.costMicros])).toEqual([
      ['Input', 10, 1],
      ['Output', 7, 7],
      ['of which reasoning', 2, null],
    ]);
    expect(tokenLines(null, null)).toEqual([]);
  });

  it('rebuilds a trace from the trace API’s events, with the summary’s warnings', () => {
    const trace = traceFromDetail({
      summary: { warnings: ['w1'] },
      events: [
        { type: 'received', id: 'r', at: 5, endpoint: 'anthropic-messages', clientKey: null, userAgent: null, offsetMs: 0 },
        { type: 'bogus', id: 'r', at: 6 },
      ],
    });
    expect(trace).toMatchObject({ id: 'r', endpoint: 'anthropic-messages', warnings: ['w1'] });
    expect(traceFromDetail({ events: [] })).toBeUndefined();
    expect(traceFromDetail(null)).toBeUndefined();
  });
});
