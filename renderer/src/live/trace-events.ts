/**
 * Trace events as they arrive over `/admin/traces/live` (mirrors gateway/telemetry/trace-events.ts), and a
 * lenient decoder: an event the UI does not know, or a malformed one, is ignored rather than trusted.
 */
import type { AttemptLogEntry, RequestRecord } from '../api/types';

interface EventBase {
  id: string;
  at: number;
}

export interface ReceivedEvent extends EventBase {
  type: 'received';
  endpoint: string;
  clientKey: string | null;
  userAgent: string | null;
}

export interface PlannedEvent extends EventBase {
  type: 'planned';
  requested: string;
  route: string | null;
  strategy: string;
  stream: boolean;
  attempts: Array<{ model: string; provider: string; upstreamModel: string; score: number | null; why: string; timeoutMs: number }>;
  skipped: Array<{ model: string; provider: string | null; code: string; reason: string }>;
}

export interface AttemptStartedEvent extends EventBase {
  type: 'attempt-started';
  n: number;
  model: string;
  provider: string;
  upstreamModel: string;
  timeoutMs: number;
}

export interface AttemptEndedEvent extends EventBase {
  type: 'attempt-ended';
  attempt: AttemptLogEntry;
}

export interface FirstByteEvent extends EventBase {
  type: 'first-byte';
  ms: number;
  provider: string;
  upstreamModel: string;
}

export interface WarningsEvent extends EventBase {
  type: 'warnings';
  warnings: string[];
}

export interface FinishedEvent extends EventBase {
  type: 'finished';
  record: RequestRecord;
  overheadMs: number;
  warnings: string[];
  error: { kind: string; message: string; code: string | null } | null;
}

export type TraceEvent = ReceivedEvent | PlannedEvent | AttemptStartedEvent | AttemptEndedEvent | FirstByteEvent | WarningsEvent | FinishedEvent;

const TYPES = new Set<string>(['received', 'planned', 'attempt-started', 'attempt-ended', 'first-byte', 'warnings', 'finished']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A trace event from an SSE `data:` payload, or undefined when it is not one (heartbeats, unknown types). */
export function decodeTraceEvent(data: string, eventName?: string): TraceEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  // The type rides in the payload; an SSE `event:` name is the fallback.
  const type = typeof value.type === 'string' ? value.type : eventName;
  if (!type || !TYPES.has(type) || typeof value.id !== 'string' || typeof value.at !== 'number') return undefined;
  if (type === 'finished' && !isObject(value.record)) return undefined;
  if (type === 'attempt-ended' && !isObject(value.attempt)) return undefined;
  return { ...value, type } as TraceEvent;
}

/** What the stream says about itself: `ready` (with the heartbeat interval), `missed`, `dropped`, `shutdown`. */
export interface StreamNotice {
  type: 'ready' | 'missed' | 'dropped' | 'shutdown';
  heartbeatMs?: number;
}

const NOTICES = new Set(['ready', 'missed', 'dropped', 'shutdown']);

export function decodeStreamNotice(data: string, eventName?: string): StreamNotice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    value = {};
  }
  const body = isObject(value) ? value : {};
  const type = typeof body.type === 'string' ? body.type : eventName;
  if (!type || !NOTICES.has(type)) return undefined;
  return { type: type as StreamNotice['type'], ...(typeof body.heartbeatMs === 'number' ? { heartbeatMs: body.heartbeatMs } : {}) };
}
