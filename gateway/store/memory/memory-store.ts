/**
 * In-memory Store: a bounded ring of the newest records, for tests and for running without a data dir.
 * Same semantics as the SQLite store (cursor format, filters, usage grouping, nearest-rank percentiles).
 */
import { GatewayError } from '../../core/errors.js';
import { createMemoryClientKeys } from './memory-client-keys.js';
import { createMemoryTraceBodies } from './memory-trace-bodies.js';
import type { RequestQuery, RequestRecord, Store, UsageGroup, UsageRow } from '../types.js';

// Cursor: base64url of `${startedAt}:${id}` (the same format as the SQLite store's).
const invalidCursor = (): GatewayError =>
  new GatewayError('invalid_request', 'Invalid cursor.', { param: 'cursor', code: 'invalid_cursor' });

const encodeCursor = (startedAt: number, id: string): string => Buffer.from(`${startedAt}:${id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { startedAt: number; id: string } {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) throw invalidCursor();
  const colon = text.indexOf(':');
  if (colon <= 0) throw invalidCursor();
  const prefix = text.slice(0, colon);
  const startedAt = Number(prefix);
  if (!Number.isFinite(startedAt) || String(startedAt) !== prefix) throw invalidCursor();
  return { startedAt, id: text.slice(colon + 1) };
}

const pageLimit = (limit: number): number => (Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 50);

/** Newest first: startedAt descending, then id descending. */
const newestFirst = (a: RequestRecord, b: RequestRecord): number =>
  b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const USAGE_KEYS: Record<UsageGroup, (entry: RequestRecord) => string> = {
  day: (entry) => new Date(entry.startedAt).toISOString().slice(0, 10),
  hour: (entry) => new Date(entry.startedAt).toISOString().slice(0, 13),
  provider: (entry) => entry.provider ?? '',
  model: (entry) => (entry.upstreamModel === null ? '' : `${entry.provider ?? ''}/${entry.upstreamModel}`),
  client: (entry) => entry.clientKey ?? '',
  route: (entry) => entry.route ?? '',
};

/** Nearest-rank percentile of ascending values: the value at rank ceil(p/100 × n). */
const nearestRank = (sorted: number[], p: number): number | null =>
  sorted.length ? (sorted[Math.floor((sorted.length * p + 99) / 100) - 1] ?? null) : null;

function matches(entry: RequestRecord, query: RequestQuery): boolean {
  if (query.from !== undefined && entry.startedAt < query.from) return false;
  if (query.to !== undefined && entry.startedAt >= query.to) return false;
  if (query.clientKey !== undefined && entry.clientKey !== query.clientKey) return false;
  if (query.provider !== undefined && entry.provider !== query.provider) return false;
  if (
    query.model !== undefined &&
    entry.model !== query.model &&
    (entry.upstreamModel === null || `${entry.provider ?? ''}/${entry.upstreamModel}` !== query.model)
  ) {
    return false;
  }
  if (query.route !== undefined && entry.route !== query.route) return false;
  if (query.status !== undefined && entry.status !== query.status) return false;
  if (query.endpoint !== undefined && entry.endpoint !== query.endpoint) return false;
  return true;
}

export function createMemoryStore(capacity = 10_000): Store {
  let ring: Array<RequestRecord | undefined> = new Array<RequestRecord | undefined>(capacity);
  let next = 0;
  let size = 0;
  let open = true;
  const clientKeys = createMemoryClientKeys();
  const traceBodies = createMemoryTraceBodies();

  /** Newest recorded first. */
  const entries = (): RequestRecord[] => {
    const out: RequestRecord[] = [];
    for (let i = 1; i <= size; i++) out.push(ring[(next - i + capacity) % capacity] as RequestRecord);
    return out;
  };

  return {
    record(entry) {
      if (!open) return;
      ring[next] = entry;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    recentRequests(limit) {
      const out: RequestRecord[] = [];
      for (let i = 1; i <= Math.min(limit, size); i++) out.push(ring[(next - i + capacity) % capacity] as RequestRecord);
      return out;
    },
    listRequests(query) {
      const limit = pageLimit(query.limit);
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const found = entries()
        .filter(
          (entry) =>
            matches(entry, query) &&
            (!cursor || entry.startedAt < cursor.startedAt || (entry.startedAt === cursor.startedAt && entry.id < cursor.id)),
        )
        .sort(newestFirst);
      const data = found.slice(0, limit);
      const last = data[data.length - 1];
      return { data, nextCursor: found.length > limit && last ? encodeCursor(last.startedAt, last.id) : null };
    },
    usage(query) {
      if (!Object.hasOwn(USAGE_KEYS, query.groupBy)) throw new GatewayError('invalid_request', 'Invalid groupBy.', { param: 'groupBy' });
      if (query.splitBy !== undefined && !Object.hasOwn(USAGE_KEYS, query.splitBy)) throw new GatewayError('invalid_request', 'Invalid splitBy.', { param: 'splitBy' });
      const keyOf = USAGE_KEYS[query.groupBy];
      const splitOf = query.splitBy === undefined ? undefined : USAGE_KEYS[query.splitBy];
      const groups = new Map<string, { row: UsageRow; latencies: number[] }>();
      for (const entry of entries()) {
        if (entry.startedAt < query.from || entry.startedAt >= query.to) continue;
        const key = keyOf(entry);
        const split = splitOf?.(entry);
        const id = split === undefined ? key : `${key}\u0000${split}`;
        let group = groups.get(id);
        if (!group) {
          group = {
            row: {
              key,
              ...(split === undefined ? {} : { split }),
              requests: 0,
              errors: 0,
              inputUncached: 0,
              inputCacheRead: 0,
              inputCacheWrite: 0,
              outputText: 0,
              outputReasoning: 0,
              costMicros: 0,
              unpriced: 0,
              estimated: 0,
              p50LatencyMs: null,
              p95LatencyMs: null,
            },
            latencies: [],
          };
          groups.set(id, group);
        }
        const { row } = group;
        row.requests++;
        if (entry.status !== 'ok') row.errors++;
        if (entry.usage) {
          row.inputUncached += entry.usage.inputUncached;
          row.inputCacheRead += entry.usage.inputCacheRead;
          row.inputCacheWrite += entry.usage.inputCacheWrite;
          row.outputText += entry.usage.outputText;
          row.outputReasoning += entry.usage.outputReasoning;
          if (!entry.cost) row.unpriced++;
        }
        if (entry.cost) row.costMicros += entry.cost.totalMicros;
        if (entry.usageEstimated) row.estimated++;
        group.latencies.push(entry.latencyMs);
      }
      return [...groups.values()]
        .map(({ row, latencies }) => {
          latencies.sort((a, b) => a - b);
          return { ...row, p50LatencyMs: nearestRank(latencies, 50), p95LatencyMs: nearestRank(latencies, 95) };
        })
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : (a.split ?? '') < (b.split ?? '') ? -1 : (a.split ?? '') > (b.split ?? '') ? 1 : 0));
    },
    spend(since, clientKey) {
      let total = 0;
      for (const entry of entries()) {
        if (entry.cost && entry.startedAt >= since && (clientKey === undefined || entry.clientKey === clientKey)) {
          total += entry.cost.totalMicros;
        }
      }
      return total;
    },
    prune(before) {
      const kept = entries()
        .reverse()
        .filter((entry) => entry.startedAt >= before);
      const removed = size - kept.length;
      ring = new Array<RequestRecord | undefined>(capacity);
      kept.forEach((entry, index) => (ring[index] = entry));
      size = kept.length;
      next = size % capacity;
      return removed;
    },
    request(id) {
      for (let i = 1; i <= size; i++) {
        const entry = ring[(next - i + capacity) % capacity];
        if (entry?.id === id) return entry;
      }
      return undefined;
    },
    clientKeys,
    traceBodies,
    isOpen: () => open,
    stats: () => ({ pending: 0, dropped: 0 }),
    health: () => ({ open, pending: 0, dropped: 0, problem: null }),
    close() {
      open = false;
    },
  };
}
