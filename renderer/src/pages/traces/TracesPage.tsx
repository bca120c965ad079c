/**
 * Traces: every request, live, filterable (filters live in the address, so a view is a link), with the
 * detail of one request in a drawer at `#/traces/<id>`.
 */
import { useCallback, useMemo, useRef } from 'react';
import { useLocation, useParams } from 'wouter';
import { useAdmin } from '../../api/AdminProvider';
import { Drawer } from '../../components/Drawer';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { RequestStatus } from '../../components/RequestStatus';
import { Skeleton } from '../../components/Skeleton';
import { downloadFile } from '../../lib/download';
import { useHashSearch } from '../../lib/hash-location';
import { toast } from '../../lib/toast-store';
import { filterFromSearch, filterToLedgerQuery, filterToSearch, isFiltered, type TraceFilter } from '../../lib/trace-filter';
import { rowFromLive, rowFromRecord } from '../../lib/trace-row';
import { useTraceRows } from '../../lib/use-trace-rows';
import { useLiveState, useLiveTrace } from '../../live/LiveProvider';
import { useRequest } from '../../api/queries';
import { TraceDetail } from './TraceDetail';
import { TraceFilters } from './TraceFilters';
import { TraceList } from './TraceList';
import { useSlashToFilter } from './use-slash-to-filter';
import './traces.css';

export function TracesPage() {
  const params = useParams<{ id?: string }>();
  const search = useHashSearch();
  const [, navigate] = useLocation();
  const { client } = useAdmin();
  const live = useLiveState();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const { rows, pages } = useTraceRows(filter);
  const toolbar = useRef<HTMLDivElement>(null);
  useSlashToFilter(toolbar);

  const openId = params.id;
  const query = filterToSearch(filter);
  const setFilter = (next: TraceFilter) => {
    const nextQuery = filterToSearch(next);
    navigate(`/traces${openId ? `/${openId}` : ''}${nextQuery ? `?${nextQuery}` : ''}`, { replace: true });
  };
  const open = useCallback((id: string) => navigate(`/traces/${id}${query ? `?${query}` : ''}`), [navigate, query]);
  const close = () => navigate(`/traces${query ? `?${query}` : ''}`);

  const exportCsv = () => {
    const params = new URLSearchParams({ format: 'csv', limit: '1000', ...filterToLedgerQuery(filter) });
    downloadFile(client, `/admin/requests?${params.toString()}`, 'signalbox-requests.csv').catch((error: Error) => toast('Export failed', { tone: 'bad', detail: error.message }));
  };

  return (
    <div className="traces-page">
      <PageHeader
        title="Traces"
        description={live === 'live' ? 'Every request through the gateway, as it happens.' : 'Every request through the gateway (refreshing every few seconds).'}
        actions={
          <button type="button" className="button" onClick={exportCsv}>
            <Icon name="download" />
            Export CSV
          </button>
        }
      />
      <div className="traces-toolbar" ref={toolbar}>
        <TraceFilters filter={filter} onChange={setFilter} rows={rows} />
        <span className="muted traces-count num">
          {rows.length.toLocaleString()}
          {pages.hasNextPage ? '+' : ''} request{rows.length === 1 ? '' : 's'}
        </span>
      </div>
      {pages.isError && !rows.length ? (
        <ErrorPanel error={pages.error} onRetry={() => void pages.refetch()} />
      ) : pages.isPending && !rows.length ? (
        <div className="panel panel-body-pad">
          <Skeleton lines={8} wide />
        </div>
      ) : rows.length === 0 ? (
        <div className="panel">
          {isFiltered(filter) ? (
            <EmptyState icon="filter" title="No requests match these filters" actions={<button type="button" className="button" onClick={() => setFilter({})}>Clear filters</button>}>
              <p>Requests that match will appear here as they happen.</p>
            </EmptyState>
          ) : (
            <EmptyState icon="traces" title="No requests yet" actions={<a className="button button-primary" href="#/connect">Connect a tool</a>}>
              <p>Every call a tool makes through Signalbox lands here the moment it starts: where it went, each retry and fallback, tokens, cost and timings.</p>
              <pre className="code-inline">curl {location.origin}/v1/models -H "Authorization: Bearer $SIGNALBOX_KEY"</pre>
            </EmptyState>
          )}
        </div>
      ) : (
        <TraceList rows={rows} onOpen={open} openId={openId} hasMore={Boolean(pages.hasNextPage)} loadingMore={pages.isFetchingNextPage} onLoadMore={() => void pages.fetchNextPage()} />
      )}
      {openId && <TraceDrawer id={openId} onClose={close} />}
    </div>
  );
}

function TraceDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const liveTrace = useLiveTrace(id);
  const ledger = useRequest(liveTrace ? undefined : id);
  const row = liveTrace ? rowFromLive(liveTrace) : ledger.data ? rowFromRecord(ledger.data) : undefined;
  return (
    <Drawer
      open
      onClose={onClose}
      title={<span className="mono">{row?.model ?? 'Request'}</span>}
      description={row && <RequestStatus status={row.status} httpStatus={row.httpStatus} errorKind={row.errorKind} />}
    >
      <TraceDetail id={id} />
    </Drawer>
  );
}
