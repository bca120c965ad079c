/**
 * Every upstream attempt of a request on one time axis: waiting for the first byte (or the failure), the
 * answer streaming in, the backoff before the next attempt; each with its outcome and the gateway's decision.
 */
import type { AttemptLogEntry } from '../../api/types';
import { Badge } from '../../components/Badge';
import { formatErrorKind, formatMs } from '../../lib/format';
import { axisTicks } from '../../lib/ticks';
import { formatTick, layoutWaterfall, percent } from './waterfall';

const DECISION: Record<string, string> = { retry: 'retried', fallback: 'fell back', stop: 'stopped' };

export function AttemptWaterfall({
  requestStart,
  totalMs,
  attempts,
  running,
}: {
  requestStart: number;
  totalMs: number | null;
  attempts: readonly AttemptLogEntry[];
  running?: { n: number; provider: string; upstreamModel: string; startedAt: number; now: number } | null;
}) {
  const { scaleMs, bars } = layoutWaterfall(requestStart, totalMs, attempts, running);
  if (bars.length === 0) return <p className="muted">No upstream attempt was made (the request was refused before routing).</p>;
  return (
    <div className="waterfall" data-testid="waterfall">
      <div className="waterfall-axis" aria-hidden="true">
        {axisTicks(scaleMs).map((tick) => (
          <span key={tick} className="waterfall-tick" style={{ left: percent(tick, scaleMs) }}>
            {formatTick(tick, scaleMs)}
          </span>
        ))}
      </div>
      <ol className="waterfall-rows">
        {bars.map((bar) => (
          <li key={bar.n} className={`waterfall-row outcome-${bar.outcome}`}>
            <div className="waterfall-label">
              <span className="waterfall-n">#{bar.n}</span>
              <span className="mono truncate" title={`${bar.provider}/${bar.upstreamModel}`}>
                {bar.provider}/{bar.upstreamModel}
              </span>
            </div>
            <div className="waterfall-track" role="img" aria-label={`Attempt ${bar.n}: ${bar.outcome}, ${formatMs(bar.firstByte - bar.start)} to ${bar.outcome === 'ok' ? 'first byte' : 'failure'}`}>
              <span className="waterfall-bar is-wait-first" style={{ left: percent(bar.start, scaleMs), width: percent(bar.firstByte - bar.start, scaleMs, 0.6) }} />
              {bar.end > bar.firstByte && <span className="waterfall-bar is-body" style={{ left: percent(bar.firstByte, scaleMs), width: percent(bar.end - bar.firstByte, scaleMs) }} />}
              {bar.wait && <span className="waterfall-bar is-backoff" style={{ left: percent(bar.wait.start, scaleMs), width: percent(bar.wait.end - bar.wait.start, scaleMs, 0.6) }} />}
            </div>
            <div className="waterfall-outcome">
              {bar.outcome === 'ok' && <Badge tone="ok">ok · {formatMs(bar.firstByte - bar.start)}</Badge>}
              {bar.outcome === 'running' && <Badge tone="info" dot>running</Badge>}
              {bar.outcome === 'skipped' && <Badge>skipped</Badge>}
              {bar.outcome === 'error' && (
                <Badge tone="bad" title={`${bar.entry?.errorKind ?? 'error'}${bar.entry?.upstreamStatus ? ` (HTTP ${bar.entry.upstreamStatus})` : ''}`}>
                  {formatErrorKind(bar.entry?.errorKind)}
                  {bar.entry?.upstreamStatus ? ` ${bar.entry.upstreamStatus}` : ''}
                </Badge>
              )}
            </div>
            {bar.entry && (bar.entry.message || bar.entry.decision) && (
              <div className="waterfall-note">
                {bar.entry.decision && <strong>{DECISION[bar.entry.decision] ?? bar.entry.decision}</strong>}
                {bar.entry.decision && bar.entry.why && ': '}
                {bar.entry.why}
                {bar.entry.waitMs ? ` · waited ${formatMs(bar.entry.waitMs)}` : ''}
                {bar.entry.message && <div className="muted">{bar.entry.message}</div>}
              </div>
            )}
          </li>
        ))}
      </ol>
      <div className="waterfall-legend muted">
        <span>
          <i className="swatch is-wait-first" /> to first byte
        </span>
        <span>
          <i className="swatch is-body" /> answer
        </span>
        <span>
          <i className="swatch is-backoff" /> backoff
        </span>
      </div>
    </div>
  );
}
