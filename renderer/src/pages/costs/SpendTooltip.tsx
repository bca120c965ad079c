/** The chart's hover card: the bucket's time, each series' spend (biggest first) and the total. */
import { formatUsd } from '../../lib/format';
import type { Bucket } from '../../lib/ranges';
import { bucketLabel } from './axis-labels';

export interface TooltipEntry {
  value?: unknown;
  name?: unknown;
  color?: string;
  dataKey?: unknown;
}

export function SpendTooltip({ active, payload, label, bucket, utc }: { active?: boolean; payload?: readonly TooltipEntry[]; label?: unknown; bucket: Bucket; utc: boolean }) {
  if (!active || !payload?.length) return null;
  const entries = payload.filter((entry) => typeof entry.value === 'number' && entry.value > 0).sort((a, b) => Number(b.value) - Number(a.value));
  const total = payload.reduce((sum, entry) => sum + (typeof entry.value === 'number' ? entry.value : 0), 0);
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{bucketLabel(Number(label), bucket, utc, true)}</div>
      {entries.map((entry) => (
        <div key={String(entry.dataKey)} className="chart-tooltip-row">
          <i className="chart-swatch" style={{ background: entry.color }} />
          <span className="truncate">{String(entry.name)}</span>
          <span className="num">{formatUsd(Number(entry.value))}</span>
        </div>
      ))}
      <div className="chart-tooltip-row is-total">
        <span>Total</span>
        <span className="num">{formatUsd(total)}</span>
      </div>
    </div>
  );
}
