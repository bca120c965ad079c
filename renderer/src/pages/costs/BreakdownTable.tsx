/** Spend by the chosen dimension over the range: requests, errors, tokens, cost and share, latency. */
import type { UsageRow } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { formatCount, formatMs, formatPercent, formatTokens, formatUsd } from '../../lib/format';
import { DIMENSIONS, seriesOfUsageKey, type Dimension } from './chart-data';

export function BreakdownTable({ rows, dimension }: { rows: readonly UsageRow[]; dimension: Dimension }) {
  const label = DIMENSIONS.find((entry) => entry.value === dimension)?.label ?? dimension;
  const total = rows.reduce((sum, row) => sum + row.costMicros, 0);
  const sorted = [...rows].sort((a, b) => b.costMicros - a.costMicros || b.requests - a.requests);
  if (!sorted.length) {
    return (
      <EmptyState icon="costs" title="No traffic in this range">
        <p>Spend appears here once requests go through the gateway.</p>
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
    <table className="table breakdown-table" data-testid="breakdown">
      <thead>
        <tr>
          <th>{label}</th>
          <th className="right">Requests</th>
          <th className="right">Errors</th>
          <th className="right">Input</th>
          <th className="right">Output</th>
          <th className="right">p50 / p95</th>
          <th className="right">Cost</th>
          <th className="share-col">Share</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => {
          const share = total ? row.costMicros / total : 0;
          return (
            <tr key={row.key}>
              <td className="mono truncate-cell">
                {seriesOfUsageKey(row.key, dimension)}
                {row.unpriced > 0 && (
                  <span className="unpriced" title={`${row.unpriced} requests with usage but no known price`}>
                    {' '}
                    · {formatCount(row.unpriced)} unpriced
                  </span>
                )}
              </td>
              <td className="right num">{formatCount(row.requests)}</td>
              <td className={`right num ${row.errors ? 'text-bad' : 'muted'}`}>{row.errors ? `${formatCount(row.errors)} (${formatPercent(row.errors / row.requests)})` : '0'}</td>
              <td className="right num">{formatTokens(row.inputUncached + row.inputCacheRead + row.inputCacheWrite)}</td>
              <td className="right num">{formatTokens(row.outputText + row.outputReasoning)}</td>
              <td className="right num muted">
                {formatMs(row.p50LatencyMs)} / {formatMs(row.p95LatencyMs)}
              </td>
              <td className="right num">
                <strong>{formatUsd(row.costMicros / 1_000_000)}</strong>
              </td>
              <td className="share-col">
                <div className="share">
                  <div className="share-bar">
                    <div className="share-fill" style={{ width: `${share * 100}%` }} />
                  </div>
                  <span className="num muted">{formatPercent(share)}</span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}
