/**
 * What the detail view shows for one request, from what is known: the ledger record, the live trace (if the
 * stream saw it) and the trace ring's answer (`/admin/traces/:id`, read leniently: its events if it has
 * them). Pure functions.
 */
import type { Cost, RequestRecord, Usage } from '../../api/types';
import { reduceTrace, type LiveTrace } from '../../live/live-trace';
import { decodeTraceEvent } from '../../live/trace-events';

/** A LiveTrace from the trace ring's detail answer, when it carries events. */
export function traceFromDetail(detail: unknown): LiveTrace | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  const events = (detail as { events?: unknown }).events ?? (detail as { trace?: { events?: unknown } }).trace?.events;
  if (!Array.isArray(events)) return undefined;
  let trace: LiveTrace | undefined;
  for (const raw of events) {
    const event = decodeTraceEvent(JSON.stringify(raw));
    if (event) trace = reduceTrace(trace, event);
  }
  const extra = (detail as { warnings?: unknown }).warnings ?? (detail as { summary?: { warnings?: unknown } }).summary?.warnings;
  if (trace && Array.isArray(extra)) trace = { ...trace, warnings: [...new Set([...trace.warnings, ...extra.filter((item): item is string => typeof item === 'string')])] };
  return trace;
}

export interface Timings {
  totalMs: number | null;
  firstByteMs: number | null;
  upstreamMs: number | null;
  overheadMs: number | null;
  waitMs: number;
}

export function timingsOf(record: RequestRecord | null, live: LiveTrace | undefined): Timings {
  const totalMs = record?.latencyMs ?? null;
  const upstreamMs = record?.upstreamMs ?? null;
  const attempts = record?.attemptLog ?? live?.attempts ?? [];
  const waitMs = attempts.reduce((sum, attempt) => sum + (attempt.waitMs ?? 0), 0);
  // The gateway's own time: latency minus provider time and backoff waits (as the finished event reports it).
  const overheadMs = live?.overheadMs ?? (totalMs !== null && upstreamMs !== null ? Math.max(0, totalMs - upstreamMs - waitMs) : null);
  return { totalMs, firstByteMs: record?.firstByteMs ?? live?.firstByteMs ?? null, upstreamMs, overheadMs, waitMs };
}

export interface TokenLine {
  kind: string;
  tokens: number;
  /** Micro-USD, null when unknown or billed within another line. */
  costMicros: number | null;
  note?: string;
}

/** Tokens by kind with their cost (reasoning is billed as output, so its cost is within the output line). */
export function tokenLines(usage: Usage | null, cost: Cost | null): TokenLine[] {
  if (!usage) return [];
  const lines: TokenLine[] = [
    { kind: 'Input', tokens: usage.inputUncached, costMicros: cost?.inputMicros ?? null },
    { kind: 'Cache read', tokens: usage.inputCacheRead, costMicros: cost?.cacheReadMicros ?? null },
    { kind: 'Cache write', tokens: usage.inputCacheWrite, costMicros: cost?.cacheWriteMicros ?? null },
    { kind: 'Output', tokens: usage.outputText + usage.outputReasoning, costMicros: cost?.outputMicros ?? null },
  ];
  if (usage.outputReasoning) lines.push({ kind: 'of which reasoning', tokens: usage.outputReasoning, costMicros: null, note: 'billed as output' });
  return lines.filter((line) => line.tokens > 0 || line.kind === 'Input' || line.kind === 'Output');
}

const FINISH_LABELS: Record<string, string> = {
  stop: 'stop (the model finished)',
  length: 'length (hit max tokens)',
  'tool-calls': 'tool calls',
  'content-filter': 'content filter',
  other: 'other',
};

/** How generation ended, in words: one reason, or each choice's (`#0 stop · #1 length`) when they differ. */
export function finishLabel(reasons: readonly string[]): string {
  const distinct = [...new Set(reasons)];
  if (distinct.length === 1) return FINISH_LABELS[distinct[0] as string] ?? (distinct[0] as string);
  return reasons.map((reason, index) => `#${index} ${FINISH_LABELS[reason]?.split(' (')[0] ?? reason}`).join(' · ');
}
