/** One configured provider: type, address, key, availability, models, and each target's circuit and latency. */
import type { ProviderStatus, RoutingHealth, TargetHealth } from '../../api/types';
import { Badge } from '../../components/Badge';
import { formatMs } from '../../lib/format';

const CIRCUIT_TONE = { closed: 'ok', open: 'bad', 'half-open': 'warn', probing: 'warn' } as const;

export function ProviderCard({ provider, targets, load }: { provider: ProviderStatus; targets: TargetHealth[]; load: RoutingHealth['providers'][number] | undefined }) {
  return (
    <article className="panel provider-card" data-provider={provider.id}>
      <header className="provider-card-head">
        <div>
          <h2 className="mono">{provider.id}</h2>
          <span className="muted">
            {provider.label} · <code>{provider.type}</code>
          </span>
        </div>
        {!provider.enabled ? <Badge>disabled</Badge> : provider.unavailable ? <Badge tone="bad">unavailable</Badge> : <Badge tone="ok">ready</Badge>}
      </header>
      {provider.unavailable && <p className="provider-problem">{provider.unavailable}</p>}
      <dl className="facts">
        <dt>Base URL</dt>
        <dd className="mono">{provider.baseUrl}</dd>
        <dt>API key</dt>
        <dd>{provider.hasKey ? 'set (kept by the gateway, never shown)' : 'none'}</dd>
        <dt>Models</dt>
        <dd>{provider.models?.length ? provider.models.map((model) => <code key={model} className="chip">{model}</code>) : <span className="muted">discovered from the provider</span>}</dd>
        {load && (
          <>
            <dt>Concurrency</dt>
            <dd className="num">
              {load.active} of {load.maxConcurrency} in use{load.queued ? `, ${load.queued} queued` : ''}
            </dd>
          </>
        )}
      </dl>
      {targets.length > 0 && (
        <table className="table target-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Circuit</th>
              <th className="right">Failures</th>
              <th className="right">TTFT</th>
              <th className="right">Total</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.target}>
                <td className="mono">{target.target.slice(provider.id.length + 1)}</td>
                <td>
                  <Badge tone={CIRCUIT_TONE[target.state]} title={target.openReason ?? undefined}>
                    {target.state}
                  </Badge>
                </td>
                <td className="right num">
                  {target.window.failures}/{target.window.attempts}
                </td>
                <td className="right num">{formatMs(target.latency.ttftMs)}</td>
                <td className="right num">{formatMs(target.latency.totalMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
