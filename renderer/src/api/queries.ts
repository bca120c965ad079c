/**
 * TanStack Query hooks, one per admin endpoint. Freshness comes from the live trace stream (it invalidates
 * what a finished request changes); polling is only the fallback when the stream is not connected, and for
 * state no stream reports (provider availability, circuits cooling down).
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { filterToLedgerQuery, type TraceFilter } from '../lib/trace-filter';
import { useLiveState } from '../live/LiveProvider';
import { AdminApiError } from './admin-client';
import { useAdmin } from './AdminProvider';
import { queryKeys } from './query-keys';
import type {
  CatalogEntry,
  ClientKey,
  CreatedClientKey,
  GatewayConfig,
  LimitSet,
  LimitsAnswer,
  RequestPage,
  RequestRecord,
  RoutingHealth,
  RoutingPreview,
  Status,
  UsageAnswer,
  UsageGroup,
} from './types';

/** Refetch interval: none while the live stream keeps things fresh, `fallbackMs` otherwise. */
function useFallbackInterval(fallbackMs: number): number | false {
  return useLiveState() === 'live' ? false : fallbackMs;
}

const search = (params: Record<string, string | number | undefined>): string => {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}` : '';
};

export function useStatus() {
  const { client } = useAdmin();
  return useQuery({ queryKey: queryKeys.status, queryFn: ({ signal }) => client.get<Status>('/admin/status', signal), refetchInterval: 30_000 });
}

export function useConfig() {
  const { client } = useAdmin();
  return useQuery({ queryKey: queryKeys.config, queryFn: ({ signal }) => client.get<GatewayConfig>('/admin/config', signal), staleTime: 60_000 });
}

export function useCatalog() {
  const { client } = useAdmin();
  return useQuery({ queryKey: queryKeys.catalog, queryFn: ({ signal }) => client.get<CatalogEntry[]>('/admin/providers/catalog', signal), staleTime: Infinity });
}

/**
 * Usage sums over a window computed when fetched (`bounds` is called then, so "today" and "the last 7
 * days" move with time); `window` names the window in the cache key.
 */
export function useUsage(window: string, groupBy: UsageGroup, bounds: () => { from: number; to: number }) {
  const { client } = useAdmin();
  return useQuery({
    queryKey: queryKeys.usage(window, groupBy),
    queryFn: ({ signal }) => {
      const { from, to } = bounds();
      return client.get<UsageAnswer>(`/admin/usage${search({ from, to, groupBy })}`, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval: useFallbackInterval(10_000),
  });
}

/** Usage by time and a second dimension at once (`groupBy=hour&splitBy=provider`), with the bounds asked for. */
export function useSplitUsage(window: string, groupBy: 'day' | 'hour', splitBy: UsageGroup, bounds: () => { from: number; to: number }) {
  const { client } = useAdmin();
  return useQuery({
    queryKey: [...queryKeys.usage(window, groupBy), 'split', splitBy],
    queryFn: async ({ signal }) => {
      const { from, to } = bounds();
      const answer = await client.get<UsageAnswer>(`/admin/usage${search({ from, to, groupBy, splitBy })}`, signal);
      return { rows: answer.data, from, to };
    },
    placeholderData: keepPreviousData,
    refetchInterval: useFallbackInterval(10_000),
  });
}

export function useLimits() {
  const { client } = useAdmin();
  return useQuery({ queryKey: queryKeys.limits, queryFn: ({ signal }) => client.get<LimitsAnswer>('/admin/limits', signal), refetchInterval: useFallbackInterval(10_000) });
}

export function useRoutingHealth() {
  const { client } = useAdmin();
  const fallback = useFallbackInterval(10_000);
  return useQuery({
    queryKey: queryKeys.routingHealth,
    queryFn: ({ signal }) => client.get<RoutingHealth>('/admin/routing/health', signal),
    // A circuit cools down with time, not with an event: look again while any is not closed.
    refetchInterval: (query) => (query.state.data?.targets.some((target) => target.state !== 'closed') ? 5_000 : fallback),
  });
}

/** The ledger, newest first, page by page (cursor), filtered server-side where it can be. */
export function useRequestPages(filter: TraceFilter, pageSize = 200) {
  const { client } = useAdmin();
  return useInfiniteQuery({
    queryKey: queryKeys.requests(filter),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      filter.status === 'running'
        ? Promise.resolve<RequestPage>({ data: [], nextCursor: null })
        : client.get<RequestPage>(`/admin/requests${search({ limit: pageSize, cursor: pageParam, ...filterToLedgerQuery(filter) })}`, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: useFallbackInterval(5_000),
    placeholderData: keepPreviousData,
  });
}

/** Every request since a moment (up to `limit`), e.g. for requests per minute over the last hour. */
export function useRequestsSince(window: string, since: () => number, limit = 1000) {
  const { client } = useAdmin();
  return useQuery({
    queryKey: queryKeys.requestsSince(window),
    queryFn: ({ signal }) => client.get<RequestPage>(`/admin/requests${search({ limit, from: since() })}`, signal),
    refetchInterval: useFallbackInterval(10_000),
  });
}

export function useRequest(id: string | undefined) {
  const { client } = useAdmin();
  return useQuery({
    queryKey: queryKeys.request(id ?? ''),
    queryFn: ({ signal }) => client.get<RequestRecord>(`/admin/requests/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
    retry: (count, error) => !(error instanceof AdminApiError && error.status === 404) && count < 2,
  });
}

/** The trace ring's detail of one request (warnings, events), or null when the gateway has none. */
export function useTrace(id: string | undefined) {
  const { client } = useAdmin();
  return useQuery({
    queryKey: queryKeys.trace(id ?? ''),
    queryFn: async ({ signal }) => {
      try {
        return await client.get<unknown>(`/admin/traces/${encodeURIComponent(id ?? '')}`, signal);
      } catch (error) {
        if (error instanceof AdminApiError && (error.status === 404 || error.status === 405)) return null;
        throw error;
      }
    },
    enabled: Boolean(id),
    retry: false,
  });
}

export function useClientKeys() {
  const { client } = useAdmin();
  return useQuery({ queryKey: queryKeys.clientKeys, queryFn: ({ signal }) => client.get<{ data: ClientKey[] }>('/admin/client-keys', signal) });
}

/** The key made on first run: the gateway hands it out once, so it is never refetched. */
export function useFirstRunKey() {
  const { client } = useAdmin();
  return useQuery({
    queryKey: queryKeys.firstRun,
    queryFn: () => client.get<{ name: string | null; key: string | null }>('/admin/client-keys/first-run'),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function useCreateClientKey() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; models?: string[] | null; limits?: LimitSet | null }) => client.send<CreatedClientKey>('POST', '/admin/client-keys', input),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.clientKeys }).then(() => queries.invalidateQueries({ queryKey: queryKeys.status })),
  });
}

export function useUpdateClientKey() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ ref, patch }: { ref: string; patch: { name?: string; models?: string[] | null; limits?: LimitSet | null } }) =>
      client.send<ClientKey>('PATCH', `/admin/client-keys/${encodeURIComponent(ref)}`, patch),
    onSuccess: () => Promise.all([queries.invalidateQueries({ queryKey: queryKeys.clientKeys }), queries.invalidateQueries({ queryKey: queryKeys.limits })]),
  });
}

export function useRevokeClientKey() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (ref: string) => client.send<ClientKey>('DELETE', `/admin/client-keys/${encodeURIComponent(ref)}`),
    onSuccess: () => Promise.all([queries.invalidateQueries({ queryKey: queryKeys.clientKeys }), queries.invalidateQueries({ queryKey: queryKeys.status })]),
  });
}

/**
 * Every ledger row in a window, page by page, up to `cap` rows (`truncated` says when there were more):
 * what the spend chart stacks when the usage endpoint cannot group by time and dimension at once.
 */
export function useLedgerWindow(window: string, bounds: () => { from: number; to: number }, cap = 5000) {
  const { client } = useAdmin();
  return useQuery({
    queryKey: ['requests', 'window', window, cap],
    queryFn: async ({ signal }) => {
      const { from, to } = bounds();
      const records: RequestRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.get<RequestPage>(`/admin/requests${search({ limit: 1000, from, to, cursor })}`, signal);
        records.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && records.length < cap);
      return { records, truncated: Boolean(cursor), from, to };
    },
    placeholderData: keepPreviousData,
    refetchInterval: useFallbackInterval(15_000),
  });
}

/** The routing plan for a request body, without sending it (the very function requests use). */
export function useRoutingPreview() {
  const { client } = useAdmin();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => client.send<RoutingPreview>('POST', '/admin/routing/preview?dialect=openai-chat', body),
  });
}
