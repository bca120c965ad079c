/**
 * One live connection for the whole app: trace events from `/admin/traces/live` go into the trace store
 * (lists and detail read it), and a finished request invalidates what it changed (usage, limits, circuits,
 * key last-use), at most every 1.5 s. A reconnect resyncs everything, since events may have been missed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { authHeaders } from '../api/admin-auth';
import { useAdmin } from '../api/AdminProvider';
import { AFFECTED_BY_REQUESTS, queryKeys, SLOWLY_AFFECTED_BY_REQUESTS } from '../api/query-keys';
import { openLiveConnection, type LiveState } from './live-connection';
import type { LiveTrace } from './live-trace';
import { decodeStreamNotice, decodeTraceEvent } from './trace-events';
import { createTraceStore, type TraceStore } from './trace-store';

export const LIVE_PATH = '/admin/traces/live';

interface LiveContextValue {
  state: LiveState;
  store: TraceStore;
}

const LiveContext = createContext<LiveContextValue | null>(null);

export function LiveProvider({ children, enabled = true }: { children: ReactNode; enabled?: boolean }) {
  const { client, markSignedOut } = useAdmin();
  const queries = useQueryClient();
  const store = useMemo(() => createTraceStore(), []);
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    if (!enabled) return;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    // Leading and trailing: the first change refreshes at once, a burst refreshes at most every `ms`.
    const throttled = (keys: ReadonlyArray<readonly unknown[]>, ms: number) => {
      let last = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const run = () => {
        last = Date.now();
        for (const queryKey of keys) void queries.invalidateQueries({ queryKey });
      };
      return () => {
        if (timer) return;
        const wait = last + ms - Date.now();
        if (wait <= 0) return run();
        timer = setTimeout(() => {
          if (timer) timers.delete(timer);
          timer = undefined;
          run();
        }, wait);
        timers.add(timer);
      };
    };
    const invalidateSoon = throttled(AFFECTED_BY_REQUESTS, 1_500);
    const invalidateLater = throttled(SLOWLY_AFFECTED_BY_REQUESTS, 10_000);

    const connection = openLiveConnection({
      url: LIVE_PATH,
      headers: authHeaders(client.auth),
      onMessage(message) {
        const event = decodeTraceEvent(message.data, message.event);
        if (!event) {
          const notice = decodeStreamNotice(message.data, message.event);
          // Tolerate silence for three of the server's heartbeats.
          if (notice?.type === 'ready' && notice.heartbeatMs) connection.setStallTimeout(notice.heartbeatMs * 3 + 5_000);
          // Events were missed (too slow, or older than the replay buffer): resync from the ledger.
          if (notice?.type === 'missed' || notice?.type === 'dropped') void queries.invalidateQueries({ queryKey: queryKeys.requestsAll });
          return;
        }
        store.apply(event);
        if (event.type === 'received') invalidateSoon();
        if (event.type === 'finished') {
          invalidateSoon();
          invalidateLater();
        }
        if (event.type === 'attempt-ended' && event.attempt.outcome === 'error') void queries.invalidateQueries({ queryKey: queryKeys.routingHealth });
      },
      onState(next) {
        setState(next);
        if (next === 'signed-out') markSignedOut();
      },
      onResume() {
        void queries.invalidateQueries();
      },
    });
    return () => {
      connection.close();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [client, enabled, markSignedOut, queries, store]);

  const value = useMemo(() => ({ state, store }), [state, store]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

function useLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('live hooks need a LiveProvider');
  return value;
}

/** The live connection's state, for the header and for the fallback polling of queries. */
export function useLiveState(): LiveState {
  return useContext(LiveContext)?.state ?? 'unavailable';
}

/** Live traces, newest first (a new array only when something changed). */
export function useLiveTraces(): readonly LiveTrace[] {
  const { store } = useLive();
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** One live trace by id, if the stream saw it. */
export function useLiveTrace(id: string | undefined): LiveTrace | undefined {
  const { store } = useLive();
  return useSyncExternalStore(store.subscribe, () => (id ? store.get(id) : undefined));
}
