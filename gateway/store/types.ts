/** What the gateway persists, behind an interface (SQLite in the app, memory in some tests). */
import type { ClientKeyRepository } from '../client-keys/types.js';
import type { FinishReasonKind } from '../core/response.js';
import type { Usage } from '../core/usage.js';
import type { AttemptLogEntry } from '../routing/run-plan.js';
import type { TraceBodyStore } from './trace-bodies.js';

export type RequestStatus = 'ok' | 'error' | 'cancelled';

/** A request's cost in integer micro-USD, by part (reasoning is billed as output). */
export interface Cost {
  inputMicros: number;
  cacheReadMicros: number;
  cacheWriteMicros: number;
  outputMicros: number;
  totalMicros: number;
}

/** One client request, as the ledger records it. Never prompts, completions or credentials. */
export interface RequestRecord {
  id: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  clientKey: string | null;
  /** Inbound dialect / endpoint, e.g. `openai-chat`, `openai-embeddings`. */
  endpoint: string;
  model: string;
  /** The route the model named, if it named one. */
  route: string | null;
  provider: string | null;
  upstreamModel: string | null;
  stream: boolean;
  status: RequestStatus;
  httpStatus: number;
  errorKind: string | null;
  attempts: number;
  latencyMs: number;
  /** Time until the first canonical part (streams) or the whole answer (non-streams). */
  firstByteMs: number | null;
  /** Time spent waiting on providers (all attempts, backoff excluded); latencyMs minus this is the gateway's own. */
  upstreamMs: number | null;
  usage: Usage | null;
  /** The usage was estimated with a tokenizer because the provider reported none (or the client left early). */
  usageEstimated: boolean;
  /** Null when there is no usage or the model's price is unknown (never a silent 0). */
  cost: Cost | null;
  /** Every upstream attempt in order (retries, fallbacks, skips). Stored without provider messages. */
  attemptLog: AttemptLogEntry[];
  /** How generation ended, per choice in order (`stop`, `length`, `tool-calls`, `content-filter`, `other`); empty when it did not end normally. */
  finishReasons: FinishReasonKind[];
}

export type UsageGroup = 'day' | 'hour' | 'provider' | 'model' | 'client' | 'route';

export interface UsageQuery {
  /** Inclusive lower bound, ms since the epoch. */
  from: number;
  /** Exclusive upper bound. */
  to: number;
  groupBy: UsageGroup;
  /** A second dimension: each row is one (groupBy, splitBy) pair, e.g. spend per day per provider. */
  splitBy?: UsageGroup;
}

export interface UsageRow {
  /** `2026-11-23` (day, UTC), `2026-11-23T14` (hour, UTC), or the provider/model/client/route name ('' when none). */
  key: string;
  /** The `splitBy` value, when the query had one. */
  split?: string;
  requests: number;
  errors: number;
  inputUncached: number;
  inputCacheRead: number;
  inputCacheWrite: number;
  outputText: number;
  outputReasoning: number;
  /** Sum of known costs. */
  costMicros: number;
  /** Requests with usage whose cost is unknown (price missing). */
  unpriced: number;
  /** Requests whose usage was estimated. */
  estimated: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

export interface RequestQuery {
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  from?: number;
  to?: number;
  clientKey?: string;
  provider?: string;
  model?: string;
  route?: string;
  status?: RequestStatus;
  /** Inbound dialect, e.g. `openai-chat`, `anthropic-messages`. */
  endpoint?: string;
}

export interface StoreHealth {
  open: boolean;
  /** Rows waiting to be written (including rows kept after a failed write). */
  pending: number;
  /** Rows lost because the buffer was full while storage kept failing. */
  dropped: number;
  /** The current storage problem (busy, disk full, …), or null when writes succeed. */
  problem: string | null;
}

export interface Store {
  /** The client keys (hashed), kept in the same database as the ledger. */
  readonly clientKeys: ClientKeyRepository;
  /** Retained request/response bodies (only written when `traces.bodies` is on). */
  readonly traceBodies: TraceBodyStore;
  /** Queues a record; never throws and never blocks the request path. */
  record(entry: RequestRecord): void;
  /** Newest first. Flushes pending writes first. */
  recentRequests(limit: number): RequestRecord[];
  /** Newest first, filtered, paginated by cursor; rows include their attempt logs. */
  listRequests(query: RequestQuery): { data: RequestRecord[]; nextCursor: string | null };
  /** Sums over [from, to) grouped by time bucket or dimension, sorted by key. */
  usage(query: UsageQuery): UsageRow[];
  /** Known cost (micro-USD) of requests started at or after `since`, for one client key or all. */
  spend(since: number, clientKey?: string): number;
  /** Deletes requests (and their attempts) started before `before`; returns how many. */
  prune(before: number): number;
  /** One request with its attempts, if recorded. Flushes pending writes first. */
  request(id: string): RequestRecord | undefined;
  isOpen(): boolean;
  /** Writes still pending and writes dropped after a storage failure (for /admin/status). */
  stats(): { pending: number; dropped: number };
  health(): StoreHealth;
  close(): void;
}
