/** The range's totals: spend, requests, average cost per request, tokens. */
import { Stat } from '../../components/Stat';
import { formatCount, formatTokens, formatUsd } from '../../lib/format';
import type { usageTotals } from './chart-data';

export function CostStats({ totals, label }: { totals: ReturnType<typeof usageTotals> | undefined; label: string }) {
  return (
    <div className="stat-row">
      <Stat label={`Spend · ${label}`} value={totals ? formatUsd(totals.costUsd) : '…'} sub={totals?.unpriced ? `${formatCount(totals.unpriced)} requests have no price` : 'known prices only, never guessed'} testId="cost-total" />
      <Stat label="Requests" value={totals ? formatCount(totals.requests) : '…'} sub={totals ? `${formatCount(totals.errors)} failed` : undefined} />
      <Stat label="Average per request" value={totals ? formatUsd(totals.avgCostUsd) : '…'} sub="successful, priced requests" />
      <Stat
        label="Tokens in / out"
        value={totals ? `${formatTokens(totals.inputTokens)} / ${formatTokens(totals.outputTokens)}` : '…'}
        sub={totals?.cacheReadTokens ? `${formatTokens(totals.cacheReadTokens)} read from cache` : totals?.estimated ? `${formatCount(totals.estimated)} requests estimated` : 'input includes cache'}
      />
    </div>
  );
}
