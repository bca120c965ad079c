/** Request rows for a filter: the live stream's (newest, possibly running) over the ledger's pages. */
import { useMemo } from 'react';
import { useRequestPages } from '../api/queries';
import { useLiveTraces } from '../live/LiveProvider';
import { matchesFilter, type TraceFilter } from './trace-filter';
import { mergeRows, rowFromLive, rowFromRecord, type TraceRow } from './trace-row';

export function useTraceRows(filter: TraceFilter) {
  const pages = useRequestPages(filter);
  const live = useLiveTraces();
  const rows = useMemo<TraceRow[]>(() => {
    const ledger = (pages.data?.pages ?? []).flatMap((page) => page.data.map((record) => rowFromRecord(record)));
    const liveRows = live.map(rowFromLive);
    // The ledger already applied its filters; the dialect and "running" are only known here.
    return mergeRows(liveRows, ledger).filter((row) => matchesFilter(row, filter));
  }, [pages.data, live, filter]);
  return { rows, pages };
}
