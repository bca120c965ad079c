/**
 * A week of plausible history for the screenshot run, written straight into the gateway's ledger: several
 * providers, models and client keys, a daily rhythm, streams, cache reads, a few errors and fallbacks.
 * Deterministic (seeded), so screenshots change only when the UI does.
 */
import type { Harness } from '../helpers/harness.js';
import type { AttemptLogEntry } from '../../gateway/routing/run-plan.js';
import type { RequestRecord } from '../../gateway/store/types.js';

const MODELS = [
  { model: 'ant/claude-sonnet-4-5', provider: 'ant', upstream: 'claude-sonnet-4-5', input: 3, output: 15, cacheRead: 0.3, weight: 5, latency: 2400 },
  { model: 'oai/gpt-4o-mini', provider: 'oai', upstream: 'gpt-4o-mini', input: 0.15, output: 0.6, cacheRead: 0.075, weight: 6, latency: 900 },
  { model: 'gem/gemini-2.5-flash', provider: 'gem', upstream: 'gemini-2.5-flash', input: 0.3, output: 2.5, cacheRead: 0.075, weight: 3, latency: 1100 },
  { model: 'fast', provider: 'mock', upstream: 'gpt-test', input: 2.5, output: 10, cacheRead: 1.25, weight: 2, latency: 700 },
];
const KEYS = [
  { name: 'claude-code', weight: 5, endpoint: 'anthropic-messages' },
  { name: 'cursor', weight: 4, endpoint: 'openai-chat' },
  { name: 'ci', weight: 2, endpoint: 'openai-responses' },
];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T extends { weight: number }>(items: readonly T[], roll: number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let left = roll * total;
  for (const item of items) {
    left -= item.weight;
    if (left <= 0) return item;
  }
  return items[items.length - 1] as T;
}

/** Records about `perHour` requests an hour (fewer at night) over the last `days` days, ending a minute ago. */
export function seedHistory(h: Harness, days = 7, perHour = 9): number {
  const next = random(42);
  const store = h.gateway.context.store;
  const end = Date.now() - 60_000;
  let count = 0;
  for (let at = end - days * 86_400_000; at < end; at += 3_600_000) {
    const hour = new Date(at).getHours();
    const rhythm = hour >= 9 && hour <= 19 ? 1 : hour >= 7 && hour <= 22 ? 0.45 : 0.08;
    const n = Math.round(perHour * rhythm * (0.6 + next() * 0.8));
    for (let i = 0; i < n; i++) {
      const startedAt = Math.floor(at + next() * 3_600_000);
      if (startedAt >= end) continue;
      const target = pick(MODELS, next());
      const key = pick(KEYS, next());
      const failed = next() < 0.03;
      const fellBack = target.model === 'fast' && next() < 0.3;
      const input = Math.round(1500 + next() * 18_000);
      const cacheRead = next() < 0.5 ? Math.round(input * (0.3 + next() * 0.5)) : 0;
      const output = Math.round(150 + next() * 1800);
      const reasoning = target.provider === 'gem' ? Math.round(output * 0.4) : 0;
      const latencyMs = Math.round(target.latency * (0.5 + next()));
      const firstByteMs = Math.round(latencyMs * (0.2 + next() * 0.2));
      const usage = failed ? null : { inputUncached: input - cacheRead, inputCacheRead: cacheRead, inputCacheWrite: 0, outputText: output - reasoning, outputReasoning: reasoning };
      const micros = (tokens: number, perMillion: number) => Math.round(tokens * perMillion);
      const cost = usage
        ? (() => {
            const parts = { inputMicros: micros(usage.inputUncached, target.input), cacheReadMicros: micros(usage.inputCacheRead, target.cacheRead), cacheWriteMicros: 0, outputMicros: micros(output, target.output) };
            return { ...parts, totalMicros: parts.inputMicros + parts.cacheReadMicros + parts.outputMicros };
          })()
        : null;
      const attempt = (n: number, outcome: AttemptLogEntry['outcome'], upstream: string, offset: number, ms: number): AttemptLogEntry => ({
        n,
        model: target.model,
        provider: target.provider,
        upstreamModel: upstream,
        startedAt: startedAt + offset,
        latencyMs: ms,
        outcome,
        errorKind: outcome === 'error' ? 'upstream_server_error' : null,
        upstreamStatus: outcome === 'error' ? 500 : null,
        message: outcome === 'error' ? 'The server had an error while processing your request.' : null,
        decision: outcome === 'error' ? 'fallback' : null,
        why: outcome === 'error' ? 'provider error (500): trying the next target' : null,
        waitMs: null,
      });
      const attemptLog = fellBack ? [attempt(1, 'error', 'gpt-500', 2, 40), attempt(2, 'ok', target.upstream, 45, firstByteMs)] : [attempt(1, failed ? 'error' : 'ok', target.upstream, 2, firstByteMs)];
      const record: RequestRecord = {
        id: `sbr_seed${String(count).padStart(6, '0')}`,
        startedAt,
        clientKey: key.name,
        endpoint: key.endpoint,
        model: target.model,
        route: target.model === 'fast' ? 'fast' : null,
        provider: target.provider,
        upstreamModel: target.upstream,
        stream: next() < 0.7,
        status: failed ? 'error' : 'ok',
        httpStatus: failed ? 502 : 200,
        errorKind: failed ? 'upstream_server_error' : null,
        attempts: attemptLog.length,
        latencyMs,
        firstByteMs: failed ? null : firstByteMs,
        upstreamMs: latencyMs - 1,
        usage,
        usageEstimated: false,
        cost,
        finishReasons: failed ? [] : ['stop'],
        attemptLog,
      };
      store.record(record);
      count++;
    }
  }
  return count;
}
