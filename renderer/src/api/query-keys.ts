/** TanStack Query keys for the admin API, in one place so the live stream can invalidate by prefix. */
import type { TraceFilter } from '../lib/trace-filter';
import type { UsageGroup } from './types';

export const queryKeys = {
  status: ['status'] as const,
  config: ['config'] as const,
  catalog: ['catalog'] as const,
  models: ['models'] as const,
  secrets: ['secrets'] as const,
  limits: ['limits'] as const,
  routingHealth: ['routing-health'] as const,
  clientKeys: ['client-keys'] as const,
  firstRun: ['first-run'] as const,
  usageAll: ['usage'] as const,
  usage: (window: string, groupBy: UsageGroup) => ['usage', window, groupBy] as const,
  requestsAll: ['requests'] as const,
  requests: (filter: TraceFilter) => ['requests', 'list', filter] as const,
  requestsSince: (window: string) => ['requests', 'since', window] as const,
  request: (id: string) => ['request', id] as const,
  trace: (id: string) => ['trace', id] as const,
};

/** What changes when a request finishes (the live stream invalidates these, at most every 1.5 s). */
export const AFFECTED_BY_REQUESTS = [queryKeys.usageAll, queryKeys.limits, queryKeys.routingHealth, queryKeys.status, queryKeys.clientKeys, ['requests', 'since']];

/** The same, for queries heavy enough (whole ledger windows) to refresh at most every 10 s. */
export const SLOWLY_AFFECTED_BY_REQUESTS = [['requests', 'window']];
