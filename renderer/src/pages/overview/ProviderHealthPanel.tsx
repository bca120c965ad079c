/** Each provider: usable or not and why, circuits, traffic and errors over 24 hours, slots in use. */
import { Link } from 'wouter';
import { useCatalog, useRoutingHealth, useStatus, useUsage } from '../../api/queries';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { formatCount, formatMs, formatPercent } from '../../lib/format';
import { providerHealth } from './provider-health';

const DAY = 86_400_000;

export function ProviderHealthPanel() {
  const status = useStatus();
  const health = useRoutingHealth();
  const catalog = useCatalog();
  const usage = useUsage('24h', 'provider', () => ({ from: Date.now() - DAY, to: Date.now() + 1 }));
  const requiresKey = (type: string) => catalog.data?.find((entry) => entry.type === type)?.requiresKey !== false;
  const rows = status.data ? providerHealth(status.data.providers, health.data, usage.data?.data, requiresKey) : [];

  return (
    <Panel title="Providers" description="Health and the last 24 hours" id="providers" actions={<Link href="/providers" className="button button-small button-ghost">Details</Link>}>
      {status.isError ? (
        <div className="panel-body">
          <ErrorPanel error={status.error} onRetry={() => void status.refetch()} compact />
        </div>
      ) : !status.data ? (
        <div className="panel-body">
          <Skeleton lines={3} wide />
        </div>
      ) : rows.length === 0 ? (
        <EmptyState icon="providers" title="No providers yet">
          <p>
            Signalbox routes every call to a provider. Add one to <code>providers:</code> in the config file — e.g. <code>openai: {'{'} type: openai, apiKey: keychain:openai {'}'}</code> — and store its key with{' '}
            <code>signalbox keys set openai</code>.
          </p>
        </EmptyState>
      ) : (
        <ul className="provider-list" data-testid="provider-health">
          {rows.map((row) => (
            <li key={row.id} className="provider-row">
              <div className="provider-name">
                <strong>{row.id}</strong>
                <span className="muted">{row.label}</span>
              </div>
              <Badge tone={row.state.tone} dot title={row.state.detail ?? undefined}>
                {row.state.label}
              </Badge>
              <div className="provider-metrics num">
                <span title="Requests in the last 24 hours">{formatCount(row.requests)} req</span>
                <span className={row.errorRate && row.errorRate >= 0.05 ? 'text-bad' : ''} title="Error rate over 24 hours">
                  {row.errorRate === null ? '—' : formatPercent(row.errorRate)} err
                </span>
                <span title="Median latency over 24 hours">{formatMs(row.p50LatencyMs)}</span>
              </div>
              {row.state.detail && row.state.tone !== 'neutral' && <div className="provider-detail">{row.state.detail}</div>}
              {row.active + row.queued > 0 && (
                <div className="provider-detail muted">
                  {row.active} in flight{row.maxConcurrency ? ` of ${row.maxConcurrency}` : ''}
                  {row.queued ? ` · ${row.queued} queued` : ''}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
