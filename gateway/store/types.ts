/** What the gateway persists, behind an interface (SQLite in the app, memory in some tests). */
import type { Usage } from '../core/usage.js';
import type { AttemptLogEntry } from '../routing/run-plan.js';

export type RequestStatus = 'ok' | 'error' | 'cancelled';

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
  usage: Usage | null;
  /** Every upstream attempt in order (retries, fallbacks, skips). Stored without provider messages. */
  attemptLog: AttemptLogEntry[];
}

export interface Store {
  /** Queues a record; never throws and never blocks the request path. */
  record(entry: RequestRecord): void;
  /** Newest first. Flushes pending writes first. */
  recentRequests(limit: number): RequestRecord[];
  /** One request with its attempts, if recorded. Flushes pending writes first. */
  request(id: string): RequestRecord | undefined;
  isOpen(): boolean;
  /** Writes still pending and writes dropped after a storage failure (for /admin/status). */
  stats(): { pending: number; dropped: number };
  close(): void;
}
