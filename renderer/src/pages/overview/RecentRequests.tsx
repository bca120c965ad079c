/** The latest requests, live: new ones slide in as they start and settle when they finish. */
import { Link, useLocation } from 'wouter';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { RequestStatus } from '../../components/RequestStatus';
import { Skeleton } from '../../components/Skeleton';
import { formatMs, formatTime, formatTokens, formatUsd, microsToUsd } from '../../lib/format';
import { useTraceRows } from '../../lib/use-trace-rows';

const NO_FILTER = {};

export function RecentRequests({ limit = 10 }: { limit?: number }) {
  const { rows, pages } = useTraceRows(NO_FILTER);
  const [, navigate] = useLocation();
  const recent = rows.slice(0, limit);
  return (
    <Panel
      title="Recent requests"
      description="Live from the gateway"
      id="recent"
      actions={
        <Link href="/traces" className="button button-small button-ghost">
          All traces
          <Icon name="arrowRight" />
        </Link>
      }
    >
      {pages.isError && !rows.length ? (
        <div className="panel-body">
          <ErrorPanel error={pages.error} onRetry={() => void pages.refetch()} compact />
        </div>
      ) : pages.isPending && !rows.length ? (
        <div className="panel-body">
          <Skeleton lines={5} wide />
        </div>
      ) : recent.length === 0 ? (
        <EmptyState icon="traces" title="No requests yet" actions={<Link href="/connect" className="button button-primary">Connect a tool</Link>}>
          <p>Point a tool or an SDK at this gateway and its calls show up here the moment they start.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
        <table className="table recent-table" data-testid="recent-requests">
          <thead>
            <tr>
              <th>Time</th>
              <th>Model</th>
              <th>Status</th>
              <th className="right">Tokens</th>
              <th className="right">Cost</th>
              <th className="right">Latency</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((row) => (
              <tr key={row.id} className="clickable" onClick={() => navigate(`/traces/${row.id}`)}>
                <td className="num muted">{formatTime(row.startedAt)}</td>
                <td className="truncate-cell">
                  <Link href={`/traces/${row.id}`} className="row-link mono" onClick={(event) => event.stopPropagation()}>
                    {row.model}
                  </Link>
                  {row.provider && row.model.split('/')[0] !== row.provider && <span className="muted"> → {row.provider}</span>}
                </td>
                <td>
                  <RequestStatus status={row.status} httpStatus={row.httpStatus} errorKind={row.errorKind} />
                </td>
                <td className="right num">{row.inputTokens === null ? '—' : `${formatTokens(row.inputTokens)} → ${formatTokens(row.outputTokens)}`}</td>
                <td className="right num">{row.costMicros === null ? '—' : formatUsd(microsToUsd(row.costMicros))}</td>
                <td className="right num">{row.status === 'running' ? '…' : formatMs(row.latencyMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </Panel>
  );
}
