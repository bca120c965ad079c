/**
 * Costs: spend over time stacked by provider, model, client key or route; totals; the breakdown; top
 * models; budgets. Range and grouping live in the address (`#/costs?range=30d&by=model`).
 */
import { lazy, Suspense, useMemo } from 'react';
import { useLocation } from 'wouter';
import { useSplitUsage, useUsage } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Segmented } from '../../components/Segmented';
import { Skeleton } from '../../components/Skeleton';
import { formatCount } from '../../lib/format';
import { useHashSearch } from '../../lib/hash-location';
import { parseRange, rangeBounds, RANGES, type RangeId } from '../../lib/ranges';
import { BreakdownTable } from './BreakdownTable';
import { BudgetsPanel } from './BudgetsPanel';
import { DIMENSIONS, parseDimension, stackUsage, usageTotals, type Dimension } from './chart-data';
import { CostStats } from './CostStats';
import { ExportMenu } from './ExportMenu';
import { TopModels } from './TopModels';
import './costs.css';

const SpendChart = lazy(() => import('./SpendChart'));

export function CostsPage() {
  const search = useHashSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const range = parseRange(params.get('range'));
  const dimension = parseDimension(params.get('by'));
  const spec = RANGES.find((entry) => entry.id === range) ?? RANGES[1];
  const bucket = spec?.bucket ?? 'day';
  const bounds = () => rangeBounds(range, Date.now());
  const setParams = (next: { range?: RangeId; by?: Dimension }) => {
    const merged = new URLSearchParams({ range: next.range ?? range, by: next.by ?? dimension });
    navigate(`/costs?${merged.toString()}`, { replace: true });
  };

  const byDimension = useUsage(`costs-${range}`, dimension, bounds);
  const byModel = useUsage(`costs-${range}`, 'model', bounds);
  const byTime = useUsage(`costs-${range}`, bucket, bounds);
  // Hours from the gateway, whatever the range: they are put into local days here (the gateway's days are UTC).
  const spend = useSplitUsage(`costs-${range}`, 'hour', dimension, bounds);

  const totals = byTime.data ? usageTotals(byTime.data.data) : undefined;
  const chart = useMemo(() => (spend.data ? stackUsage(spend.data.rows, { from: spend.data.from, to: spend.data.to, bucket }, dimension) : undefined), [spend.data, bucket, dimension]);

  const rangeLabel = spec?.label.toLowerCase() ?? range;
  return (
    <div className="stack">
      <PageHeader
        title="Costs"
        description="What every request cost, at the providers' published prices (or yours, from prices: in the config)."
        actions={
          <>
            <Segmented label="Range" value={range} onChange={(next) => setParams({ range: next })} options={RANGES.map((entry) => ({ value: entry.id, label: entry.id }))} />
            <ExportMenu bounds={bounds} bucket={bucket} dimension={dimension} />
          </>
        }
      />
      {byTime.isError ? <ErrorPanel error={byTime.error} onRetry={() => void byTime.refetch()} /> : <CostStats totals={totals} label={rangeLabel} />}
      <Panel
        title="Spend over time"
        description={`Per ${bucket === 'hour' ? 'hour' : 'day'}, local time`}
        id="spend"
        actions={<Segmented label="Stack by" value={dimension} onChange={(next) => setParams({ by: next })} options={DIMENSIONS} />}
      >
        <div className="panel-body">
          {spend.isError ? (
            <ErrorPanel error={spend.error} onRetry={() => void spend.refetch()} compact />
          ) : !chart ? (
            <div className="chart-placeholder">
              <Skeleton lines={4} wide />
            </div>
          ) : chart.totalUsd === 0 ? (
            <div className="chart-empty">
              <Icon name="costs" size={20} />
              <p>
                No spend {rangeLabel}.{' '}
                {totals && totals.requests > 0
                  ? `${formatCount(totals.requests)} requests went through, but none had a known price — add prices under prices: in the config to see their cost.`
                  : 'Costs appear here as requests go through the gateway.'}
              </p>
            </div>
          ) : (
            <Suspense fallback={<div className="chart-placeholder" />}>
              <SpendChart data={chart} bucket={bucket} utc={false} />
            </Suspense>
          )}
        </div>
      </Panel>
      <div className="grid-3-1">
        <Panel title={`By ${DIMENSIONS.find((entry) => entry.value === dimension)?.label.toLowerCase()}`} description={`Totals ${rangeLabel}`} id="breakdown">
          {byDimension.isError ? (
            <div className="panel-body">
              <ErrorPanel error={byDimension.error} onRetry={() => void byDimension.refetch()} compact />
            </div>
          ) : !byDimension.data ? (
            <div className="panel-body">
              <Skeleton lines={4} wide />
            </div>
          ) : (
            <BreakdownTable rows={byDimension.data.data} dimension={dimension} />
          )}
        </Panel>
        <div className="stack">
          <TopModels rows={byModel.data?.data} loading={byModel.isPending} />
          <BudgetsPanel />
        </div>
      </div>
    </div>
  );
}
