/** One route: strategy, timeouts, and its targets in order with weight, timeout and circuit state. */
import type { RouteConfig, TargetHealth } from '../../api/types';
import { Badge } from '../../components/Badge';
import { formatMs } from '../../lib/format';

const STRATEGY: Record<RouteConfig['strategy'], string> = {
  fallback: 'in order, next on failure',
  weighted: 'by weight, then the rest',
  cheapest: 'cheapest estimated cost first',
  fastest: 'fastest measured latency first',
};

export function RouteCard({ name, route, isDefault, targets }: { name: string; route: RouteConfig; isDefault: boolean; targets: readonly TargetHealth[] }) {
  return (
    <article className="panel route-card" data-route={name}>
      <header className="route-card-head">
        <h2 className="mono">{name}</h2>
        {isDefault && <Badge tone="accent">auto</Badge>}
        <Badge>{route.strategy}</Badge>
      </header>
      <p className="muted route-strategy">
        {STRATEGY[route.strategy]}
        {route.description ? ` — ${route.description}` : ''}
      </p>
      <ol className="route-targets">
        {route.targets.map((target, index) => {
          const health = targets.find((entry) => entry.target === target.model);
          return (
            <li key={`${target.model}/${index}`}>
              <span className="mono">{target.model}</span>
              {target.weight !== undefined && <span className="muted">weight {target.weight}</span>}
              {target.timeoutMs !== undefined && <span className="muted">first byte ≤ {formatMs(target.timeoutMs)}</span>}
              {health && health.state !== 'closed' && (
                <Badge tone={health.state === 'open' ? 'bad' : 'warn'} title={health.openReason ?? undefined}>
                  {health.state}
                </Badge>
              )}
            </li>
          );
        })}
      </ol>
      <dl className="facts route-facts">
        <dt>Per attempt</dt>
        <dd>{route.timeoutMs ? `first byte ≤ ${formatMs(route.timeoutMs)}` : 'provider default'}</dd>
        <dt>Deadline</dt>
        <dd>{route.totalTimeoutMs ? formatMs(route.totalTimeoutMs) : 'global default'}</dd>
        <dt>Retries</dt>
        <dd>{route.maxRetries ?? 'global default'}</dd>
      </dl>
    </article>
  );
}
