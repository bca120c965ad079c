/** The filter chips above the trace list; the choices come from what the gateway knows and what was seen. */
import { useMemo } from 'react';
import { useClientKeys, useConfig, useStatus } from '../../api/queries';
import { FilterMenu } from '../../components/FilterMenu';
import { distinctValues, isFiltered, type TraceFilter } from '../../lib/trace-filter';
import type { TraceRow } from '../../lib/trace-row';
import { DIALECTS, dialectLabel } from './dialects';

const STATUSES = ['ok', 'error', 'cancelled', 'running'];

export function TraceFilters({ filter, onChange, rows }: { filter: TraceFilter; onChange(filter: TraceFilter): void; rows: readonly TraceRow[] }) {
  const status = useStatus();
  const keys = useClientKeys();
  const config = useConfig();
  const options = useMemo(() => {
    const union = (...lists: Array<readonly string[]>) => [...new Set(lists.flat())].sort((a, b) => a.localeCompare(b));
    return {
      client: union(distinctValues(rows, (row) => row.clientKey), (keys.data?.data ?? []).filter((key) => !key.revokedAt).map((key) => key.name)),
      model: union(distinctValues(rows, (row) => row.model), Object.keys(config.data?.routes ?? {})),
      provider: union(distinctValues(rows, (row) => row.provider), (status.data?.providers ?? []).map((provider) => provider.id)),
      dialect: union(distinctValues(rows, (row) => row.endpoint), Object.keys(DIALECTS)),
    };
  }, [rows, keys.data, config.data, status.data]);
  const set = (key: keyof TraceFilter) => (value: string | undefined) => onChange({ ...filter, [key]: value });
  return (
    <div className="filters" role="group" aria-label="Filters">
      <FilterMenu label="Model" value={filter.model} options={options.model} onChange={set('model')} />
      <FilterMenu label="Provider" value={filter.provider} options={options.provider} onChange={set('provider')} />
      <FilterMenu label="Status" value={filter.status} options={STATUSES} onChange={set('status')} free={false} />
      <FilterMenu label="Client key" value={filter.client} options={options.client} onChange={set('client')} />
      <FilterMenu label="Dialect" value={filter.dialect} options={options.dialect} onChange={set('dialect')} format={dialectLabel} />
      {isFiltered(filter) && (
        <button type="button" className="button button-ghost button-small" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}
