/** The models that cost the most over the range, with their share of spend. */
import { Link } from 'wouter';
import type { UsageRow } from '../../api/types';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { formatCount, formatUsd } from '../../lib/format';

export function TopModels({ rows, loading }: { rows: readonly UsageRow[] | undefined; loading: boolean }) {
  const total = (rows ?? []).reduce((sum, row) => sum + row.costMicros, 0);
  const top = [...(rows ?? [])].filter((row) => row.requests > 0).sort((a, b) => b.costMicros - a.costMicros || b.requests - a.requests).slice(0, 5);
  return (
    <Panel title="Top models" description="By spend over the range" id="top-models">
      <div className="panel-body">
        {loading && !rows ? (
          <Skeleton lines={4} wide />
        ) : top.length === 0 ? (
          <p className="muted">No requests in this range.</p>
        ) : (
          <ol className="top-models" data-testid="top-models">
            {top.map((row) => (
              <li key={row.key}>
                <div className="top-model-line">
                  <Link href={`/traces?model=${encodeURIComponent(row.key)}`} className="mono truncate">
                    {row.key || '(none)'}
                  </Link>
                  <span className="num">{formatUsd(row.costMicros / 1_000_000)}</span>
                </div>
                <div className="share-bar">
                  <div className="share-fill" style={{ width: `${total ? (row.costMicros / total) * 100 : 0}%` }} />
                </div>
                <div className="top-model-sub muted num">{formatCount(row.requests)} requests</div>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Panel>
  );
}
