/**
 * The Traces page's filters: kept in the address (`#/traces?model=…&status=error`) so a filtered view is a
 * link, sent to the ledger where it can filter (everything but the dialect), and applied to live rows.
 */
import type { TraceRow } from './trace-row';

export interface TraceFilter {
  client?: string;
  model?: string;
  provider?: string;
  status?: 'ok' | 'error' | 'cancelled' | 'running';
  dialect?: string;
}

export const FILTER_KEYS = ['client', 'model', 'provider', 'status', 'dialect'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const STATUSES = new Set(['ok', 'error', 'cancelled', 'running']);

export function filterFromSearch(search: string): TraceFilter {
  const params = new URLSearchParams(search);
  const filter: TraceFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === 'status') {
      if (STATUSES.has(value)) filter.status = value as TraceFilter['status'];
    } else {
      filter[key] = value;
    }
  }
  return filter;
}

export function filterToSearch(filter: TraceFilter): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** The ledger query for a filter (`/admin/requests` filters by all but the dialect; "running" is live only). */
export function filterToLedgerQuery(filter: TraceFilter): Record<string, string> {
  const query: Record<string, string> = {};
  if (filter.client) query.client = filter.client;
  if (filter.model) query.model = filter.model;
  if (filter.provider) query.provider = filter.provider;
  if (filter.status && filter.status !== 'running') query.status = filter.status;
  return query;
}

export function matchesFilter(row: TraceRow, filter: TraceFilter): boolean {
  if (filter.client && row.clientKey !== filter.client) return false;
  // What the client asked for: a model or a route name.
  if (filter.model && row.model !== filter.model && row.route !== filter.model) return false;
  if (filter.provider && row.provider !== filter.provider) return false;
  if (filter.status && row.status !== filter.status) return false;
  if (filter.dialect && row.endpoint !== filter.dialect) return false;
  return true;
}

export const isFiltered = (filter: TraceFilter): boolean => FILTER_KEYS.some((key) => Boolean(filter[key]));

/** Distinct values seen in rows, for the filter menus (sorted, empties dropped). */
export function distinctValues(rows: readonly TraceRow[], pick: (row: TraceRow) => string | null): string[] {
  const values = new Set<string>();
  for (const row of rows) {
    const value = pick(row);
    if (value) values.add(value);
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}
