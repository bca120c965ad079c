/** One request in the trace list (a fixed-height grid row; the list positions it). */
import { memo } from 'react';
import { Icon } from '../../components/Icon';
import { RequestStatus } from '../../components/RequestStatus';
import { formatMs, formatTime, formatTokens, formatUsd, microsToUsd } from '../../lib/format';
import type { TraceRow } from '../../lib/trace-row';
import { dialectLabel } from './dialects';

export const TraceRowView = memo(function TraceRowView({ row, index, selected, onOpen, id }: { row: TraceRow; index: number; selected: boolean; onOpen(id: string, index: number): void; id: string }) {
  const routed = row.provider && row.model.split('/')[0] !== row.provider;
  return (
    <div id={id} role="option" aria-selected={selected} className={`trace-row ${selected ? 'is-selected' : ''} status-${row.status}`} onClick={() => onOpen(row.id, index)} data-request-id={row.id}>
      <span className="num muted" title={new Date(row.startedAt).toLocaleString()}>
        {formatTime(row.startedAt)}
      </span>
      <span>
        <RequestStatus status={row.status} httpStatus={row.httpStatus} errorKind={row.errorKind} />
      </span>
      <span className="trace-model">
        <span className="mono truncate">{row.model}</span>
        {routed && (
          <span className="muted truncate">
            → {row.provider}
            {row.upstreamModel && row.upstreamModel !== row.model.slice(row.model.indexOf('/') + 1) ? `/${row.upstreamModel}` : ''}
          </span>
        )}
      </span>
      <span className="truncate muted">{row.clientKey ?? '—'}</span>
      <span className="truncate muted">{dialectLabel(row.endpoint)}</span>
      <span className="num right">{row.inputTokens === null ? '—' : `${formatTokens(row.inputTokens)} → ${formatTokens(row.outputTokens)}`}</span>
      <span className="num right">{row.costMicros === null ? '—' : formatUsd(microsToUsd(row.costMicros))}</span>
      <span className="num right muted">{formatMs(row.firstByteMs)}</span>
      <span className="num right">{row.status === 'running' ? '…' : formatMs(row.latencyMs)}</span>
      <span className="trace-flags">
        {row.attempts > 1 && (
          <span className="flag" title={`${row.attempts} upstream attempts (retries or fallbacks)`}>
            ↻{row.attempts}
          </span>
        )}
        {row.warnings > 0 && (
          <span className="flag tone-warn" title={`${row.warnings} translation warning${row.warnings > 1 ? 's' : ''}`}>
            <Icon name="alert" size={13} />
          </span>
        )}
        {row.stream && (
          <span className="flag" title="Streamed">
            <Icon name="zap" size={13} />
          </span>
        )}
      </span>
    </div>
  );
});
