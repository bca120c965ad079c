import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../store/types.js';
import { subscribeAccessLog } from './access-log.js';
import { createLogger, type LogLevel } from './log.js';
import { createTraceBus } from './trace-bus.js';
import type { FinishedEvent } from './trace-events.js';

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'sbr_abc',
    startedAt: 1_700_000_000_000,
    clientKey: 'cursor',
    endpoint: 'openai-chat',
    model: 'fast',
    route: 'fast',
    provider: 'groq',
    upstreamModel: 'llama-3.3-70b',
    stream: true,
    status: 'ok',
    httpStatus: 200,
    errorKind: null,
    attempts: 2,
    latencyMs: 840,
    firstByteMs: 210,
    upstreamMs: 820,
    usage: { inputUncached: 100, inputCacheRead: 20, inputCacheWrite: 5, outputText: 40, outputReasoning: 10 },
    usageEstimated: false,
    cost: { inputMicros: 100, cacheReadMicros: 2, cacheWriteMicros: 3, outputMicros: 1495, totalMicros: 1600 },
    finishReasons: ['stop'],
    attemptLog: [],
    ...overrides,
  };
}

function finished(overrides: Partial<FinishedEvent> = {}): FinishedEvent {
  return { type: 'finished', id: 'sbr_abc', at: 1_700_000_000_840, record: record(), overheadMs: 20, warnings: [], error: null, ...overrides };
}

function setup(level: LogLevel) {
  const lines: string[] = [];
  const bus = createTraceBus();
  const stop = subscribeAccessLog(bus, createLogger(level, (line) => lines.push(line)));
  return { bus, stop, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('access log', () => {
  it('writes one info line per finished request, with the request id and the ledger figures', () => {
    const { bus, lines } = setup('info');
    bus.publish({ type: 'received', id: 'sbr_abc', at: 1, endpoint: 'openai-chat', clientKey: 'cursor', traceparent: null, tracestate: null, userAgent: 'x' });
    bus.publish(finished({ warnings: ['cache_control dropped'] }));
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      id: 'sbr_abc',
      endpoint: 'openai-chat',
      model: 'fast',
      route: 'fast',
      provider: 'groq',
      upstreamModel: 'llama-3.3-70b',
      stream: true,
      status: 'ok',
      httpStatus: 200,
      errorKind: null,
      errorCode: null,
      attempts: 2,
      latencyMs: 840,
      firstByteMs: 210,
      overheadMs: 20,
      inputTokens: 125,
      cachedTokens: 20,
      outputTokens: 50,
      usageEstimated: false,
      costUsd: 0.0016,
      client: 'cursor',
      warnings: 1,
    });
  });

  it('logs failures with their kind and code, never the provider message; attempts at debug', () => {
    const failed = finished({
      record: record({ status: 'error', httpStatus: 429, errorKind: 'rate_limited', usage: null, cost: null, provider: null }),
      error: { kind: 'rate_limited', message: 'Rate limit reached for org-1', code: 'rate_limit_exceeded' },
    });
    const info = setup('info');
    info.bus.publish(failed);
    expect(info.lines()).toHaveLength(1);
    expect(info.lines()[0]).toMatchObject({ status: 'error', httpStatus: 429, errorKind: 'rate_limited', errorCode: 'rate_limit_exceeded', inputTokens: null, costUsd: null });
    expect(JSON.stringify(info.lines())).not.toContain('Rate limit reached');

    const attempt = {
      n: 1,
      model: 'groq/llama',
      provider: 'groq',
      upstreamModel: 'llama-3.3-70b',
      startedAt: 1,
      latencyMs: 30,
      outcome: 'error' as const,
      errorKind: 'rate_limited',
      upstreamStatus: 429,
      message: 'Rate limit reached for org-1',
      decision: 'fallback' as const,
      why: 'the provider asked to wait 20s; another target is ready',
      waitMs: null,
    };
    const debug = setup('debug');
    debug.bus.publish({ type: 'attempt-ended', id: 'sbr_abc', at: 2, attempt });
    debug.bus.publish(failed);
    expect(debug.lines().map((line) => line.msg)).toEqual(['attempt', 'request']);
    expect(debug.lines()[0]).toMatchObject({
      level: 'debug',
      id: 'sbr_abc',
      n: 1,
      provider: 'groq',
      outcome: 'error',
      errorKind: 'rate_limited',
      upstreamStatus: 429,
      decision: 'fallback',
      why: 'the provider asked to wait 20s; another target is ready',
    });
    expect(JSON.stringify(debug.lines())).not.toContain('Rate limit reached');
    // Attempts are not logged at info.
    info.bus.publish({ type: 'attempt-ended', id: 'sbr_abc', at: 2, attempt });
    expect(info.lines()).toHaveLength(1);
  });

  it('stops when unsubscribed', () => {
    const { bus, stop, lines } = setup('info');
    stop();
    bus.publish(finished());
    expect(lines()).toEqual([]);
  });
});
