/** What the gateway persists, behind an interface (SQLite in the app, memory in some tests). */
import type { Usage } from '../core/usage.js';

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
}

export interface Store {
  /** Queues a record; never throws and never blocks the request path. */
  record(entry: RequestRecord): void;
  /** Newest first. Flushes pending writes first. */
  recentRequests(limit: number): RequestRecord[];
  isOpen(): boolean;
  /** Writes still pending and writes dropped after a storage failure (for /admin/status). */
  stats(): { pending: number; dropped: number };
  close(): void;
}
