/**
 * The headline numbers: requests per minute (with the last 30 minutes), today's spend (against the daily
 * budget, if any), the error rate over 24 hours, and latency over the last hour. Live: the stream adds
 * requests as they start and refreshes the sums when they finish.
 */
import { useMemo } from 'react';
import { useLimits, useRequestsSince, useUsage } from '../../api/queries';
import { ProgressBar } from '../../components/ProgressBar';
import { Sparkline } from '../../components/Sparkline';
import { Stat } from '../../components/Stat';
import { formatCount, formatMs, formatPercent, formatUsd } from '../../lib/format';
import { startOfLocalDay } from '../../lib/ranges';
import { countSince, perMinuteBins, quantile } from '../../lib/rate';
import { useNow } from '../../lib/use-now';
import { useLiveTraces } from '../../live/LiveProvider';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function OverviewStats() {
  const now = useNow(5_000);
  const lastHour = useRequestsSince('hour', () => Date.now() - HOUR);
  const live = useLiveTraces();
  const today = useUsage('today', 'provider', () => ({ from: startOfLocalDay(Date.now()), to: Date.now() + 1 }));
  const day = useUsage('24h', 'provider', () => ({ from: Date.now() - DAY, to: Date.now() + 1 }));
  const limits = useLimits();

  const starts = useMemo(() => {
    const byId = new Map<string, number>();
    for (const record of lastHour.data?.data ?? []) byId.set(record.id, record.startedAt);
    for (const trace of live) byId.set(trace.id, trace.startedAt);
    return [...byId.values()];
  }, [lastHour.data, live]);
  const perMinute = countSince(starts, now - 60_000);
  const bins = perMinuteBins(starts, now, 30);
  const latencies = (lastHour.data?.data ?? []).map((record) => record.latencyMs);
  const truncated = Boolean(lastHour.data?.nextCursor);

  const dayRows = day.data?.data ?? [];
  const requests = dayRows.reduce((sum, row) => sum + row.requests, 0);
  const errors = dayRows.reduce((sum, row) => sum + row.errors, 0);
  const unpriced = (today.data?.data ?? []).reduce((sum, row) => sum + row.unpriced, 0);
  const budget = limits.data?.scopes.find((scope) => scope.scope === 'global')?.limits.find((limit) => limit.limit === 'usdPerDay');

  return (
    <div className="stat-row">
      <Stat label="Requests / min" value={formatCount(perMinute)} sub={truncated ? 'over 1,000 in the last hour' : `${formatCount(starts.length)} in the last hour`} testId="stat-rpm">
        <Sparkline values={bins} label="Requests per minute, last 30 minutes" width={160} />
      </Stat>
      <Stat
        label="Today's spend"
        value={today.data ? formatUsd(today.data.totalCostUsd) : '…'}
        sub={budget ? `of ${formatUsd(budget.max)} daily budget (UTC)` : unpriced ? `${formatCount(unpriced)} requests without a price` : 'since local midnight'}
        testId="stat-spend"
      >
        {budget && <ProgressBar share={budget.share} warnAt={limits.data?.warnAt} label="Daily budget used" />}
      </Stat>
      <Stat
        label="Error rate · 24 h"
        value={day.data ? formatPercent(requests ? errors / requests : 0) : '…'}
        sub={`${formatCount(errors)} of ${formatCount(requests)} requests`}
        tone={requests && errors / requests >= 0.05 ? 'bad' : undefined}
        testId="stat-errors"
      />
      <Stat label="Latency p50 · last hour" value={formatMs(quantile(latencies, 0.5))} sub={`p95 ${formatMs(quantile(latencies, 0.95))}`} testId="stat-latency" />
    </div>
  );
}
