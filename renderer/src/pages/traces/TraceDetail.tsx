/**
 * One request in full: timings, the attempt waterfall, routing, tokens and cost, warnings, error. Built from
 * the live trace while it runs, then from the ledger record (and the trace ring's events, when kept).
 */
import { useEffect, useMemo, useRef } from 'react';
import { AdminApiError } from '../../api/admin-client';
import { useRequest, useTrace } from '../../api/queries';
import { CopyButton } from '../../components/CopyButton';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { Skeleton } from '../../components/Skeleton';
import { formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useLiveTrace } from '../../live/LiveProvider';
import { AttemptWaterfall } from './AttemptWaterfall';
import { dialectLabel } from './dialects';
import { ReplayPanel } from './ReplayPanel';
import { bodiesFromDetail } from './replay-request';
import { RoutingPlan } from './RoutingPlan';
import { TimingStrip } from './TimingStrip';
import { TokenTable } from './TokenTable';
import { finishLabel, timingsOf, traceFromDetail } from './trace-detail';
import { TraceBodiesView } from './TraceBodiesView';

export function TraceDetail({ id }: { id: string }) {
  const liveTrace = useLiveTrace(id);
  const running = Boolean(liveTrace && !liveTrace.record);
  const ledger = useRequest(running ? undefined : id);
  const ring = useTrace(id);
  const now = useNow(running ? 250 : 60_000);
  const ringTrace = traceFromDetail(ring.data);
  const trace = liveTrace ?? ringTrace;
  const record = liveTrace?.record ?? ledger.data ?? ringTrace?.record ?? null;
  const warnings = [...new Set([...(liveTrace?.warnings ?? []), ...(ringTrace?.warnings ?? [])])];
  const error = liveTrace?.error ?? ringTrace?.error ?? null;
  // Memoized: the detail re-renders often (live events, the clock) and the diff below keys on these objects.
  const bodies = useMemo(() => bodiesFromDetail(ring.data), [ring.data]);
  // Bodies are complete once the request has finished: read the detail again when a running one ends.
  const wasRunning = useRef(running);
  const refetchRing = ring.refetch;
  useEffect(() => {
    if (wasRunning.current && !running) void refetchRing();
    wasRunning.current = running;
  }, [running, refetchRing]);

  if (!record && !trace) {
    if (ledger.isError) {
      const missing = ledger.error instanceof AdminApiError && ledger.error.status === 404;
      return missing ? (
        <p className="muted">This request is not in the ledger: it may be older than the retention period, or the id is wrong.</p>
      ) : (
        <ErrorPanel error={ledger.error} onRetry={() => void ledger.refetch()} />
      );
    }
    return <Skeleton lines={6} wide />;
  }

  const startedAt = record?.startedAt ?? trace?.startedAt ?? now;
  const attempts = record?.attemptLog ?? trace?.attempts ?? [];
  const current = trace?.current ? { ...trace.current, now } : null;
  return (
    <>
      <dl className="facts trace-facts">
        <dt>Request id</dt>
        <dd className="mono id-line">
          {id} <CopyButton value={id} compact label="Copy request id" />
        </dd>
        <dt>Started</dt>
        <dd>{formatDateTime(startedAt)}</dd>
        <dt>Client key</dt>
        <dd>{record?.clientKey ?? trace?.clientKey ?? '—'}</dd>
        <dt>Dialect</dt>
        <dd>
          {dialectLabel(record?.endpoint ?? trace?.endpoint ?? null)}
          {(record?.stream ?? trace?.stream) ? ' · streamed' : ''}
        </dd>
        <dt>Routed to</dt>
        <dd className="mono">{record?.provider ? `${record.provider}/${record.upstreamModel ?? '?'}` : trace?.current ? `${trace.current.provider}/${trace.current.upstreamModel}` : '—'}</dd>
        {record?.route && (
          <>
            <dt>Route</dt>
            <dd className="mono">{record.route}</dd>
          </>
        )}
        {record?.finishReasons && record.finishReasons.length > 0 && (
          <>
            <dt>Finished by</dt>
            <dd data-testid="finish-reasons">{finishLabel(record.finishReasons)}</dd>
          </>
        )}
      </dl>

      {error && (
        <div className="error-panel" role="alert">
          <Icon name="alert" />
          <div className="error-panel-text">
            <strong>{error.kind}</strong>
            <span>{error.message}</span>
          </div>
        </div>
      )}
      {!error && record?.status === 'error' && (
        <div className="error-panel" role="alert">
          <Icon name="alert" />
          <div className="error-panel-text">
            <strong>{record.errorKind ?? 'error'}</strong>
            <span>Answered HTTP {record.httpStatus}. The attempts below say what each provider answered.</span>
          </div>
        </div>
      )}

      <section className="detail-section">
        <h3>Timings</h3>
        <TimingStrip timings={timingsOf(record, trace)} />
      </section>

      <section className="detail-section">
        <h3>Attempts</h3>
        <AttemptWaterfall requestStart={startedAt} totalMs={record?.latencyMs ?? (running ? now - startedAt : null)} attempts={attempts} running={current} />
      </section>

      {trace && (trace.planned.length > 0 || trace.skipped.length > 0) && (
        <section className="detail-section">
          <h3>Routing plan</h3>
          <RoutingPlan trace={trace} />
        </section>
      )}

      <section className="detail-section">
        <h3>Tokens and cost</h3>
        <TokenTable usage={record?.usage ?? null} cost={record?.cost ?? null} estimated={record?.usageEstimated ?? false} />
      </section>

      <section className="detail-section">
        <h3>Translation warnings</h3>
        {warnings.length ? (
          <ul className="warning-list" data-testid="warnings">
            {warnings.map((warning) => (
              <li key={warning}>
                <Icon name="alert" size={14} />
                {warning}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{trace ? 'None: nothing was changed or dropped in translation.' : 'None recorded (warnings are kept for recent requests only).'}</p>
        )}
      </section>

      <section className="detail-section" aria-labelledby={`bodies-${id}`}>
        <h3 id={`bodies-${id}`}>Request and response bodies</h3>
        {bodies ? (
          <TraceBodiesView key={id} bodies={bodies} attempts={attempts} />
        ) : ring.isPending ? (
          <Skeleton lines={3} wide />
        ) : (
          <p className="muted">{ring.isError ? 'The bodies could not be read.' : 'No bodies are known for this request.'}</p>
        )}
      </section>

      {bodies?.retained && (
        <section className="detail-section" aria-labelledby={`replay-${id}`}>
          <h3 id={`replay-${id}`}>Replay against another model</h3>
          <ReplayPanel key={id} endpoint={record?.endpoint ?? trace?.endpoint ?? null} request={bodies.request} originalModel={record?.model ?? trace?.model ?? null} />
        </section>
      )}
    </>
  );
}
