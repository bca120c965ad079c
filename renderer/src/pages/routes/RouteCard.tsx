/** One route: strategy, timeouts, and its targets in order with weight, timeout, price and circuit state. */
import type { ModelPrice, RouteConfig, TargetHealth } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { formatMs, formatPercent } from '../../lib/format';
import { describePrice } from '../providers/model-price';

const STRATEGY: Record<RouteConfig['strategy'], string> = {
  fallback: 'in order, next on failure',
  weighted: 'by weight, then the rest',
  cheapest: 'cheapest estimated cost first',
  fastest: 'fastest measured latency first',
};

export function RouteCard({
  name,
  route,
  isDefault,
  pinned = false,
  targets,
  prices,
  onEdit,
  onDelete,
}: {
  name: string;
  route: RouteConfig;
  isDefault: boolean;
  /** routing.defaultRoute names it: it cannot be deleted. */
  pinned?: boolean;
  targets: readonly TargetHealth[];
  prices?: ReadonlyMap<string, ModelPrice | null>;
  onEdit?: () => void;
  onDelete?: () => void;
}) {
  const totalWeight = route.targets.reduce((sum, target) => sum + (target.weight ?? 1), 0);
  return (
    <article className="panel route-card" data-route={name}>
      <header className="route-card-head">
        <h2 className="mono">{name}</h2>
        {isDefault && (
          <Badge tone="accent" title={pinned ? 'routing.defaultRoute: the model "auto" goes here' : 'The model "auto" goes here'}>
            auto
          </Badge>
        )}
        <Badge>{route.strategy}</Badge>
        {onEdit && (
          <button type="button" className="button button-icon" aria-label={`Edit ${name}`} onClick={onEdit}>
            <Icon name="edit" />
          </button>
        )}
        {onDelete && (
          <button
            type="button"
            className="button button-icon"
            aria-label={`Delete ${name}`}
            onClick={onDelete}
            disabled={pinned}
            title={pinned ? 'routing.defaultRoute names this route: choose another default in the config file first' : undefined}
          >
            <Icon name="trash" />
          </button>
        )}
      </header>
      <p className="muted route-strategy">
        {STRATEGY[route.strategy]}
        {route.description ? ` — ${route.description}` : ''}
      </p>
      <ol className="route-targets">
        {route.targets.map((target, index) => {
          const health = targets.find((entry) => entry.target === target.model);
          const price = prices?.get(target.model);
          return (
            <li key={`${target.model}/${index}`}>
              <span className="mono">{target.model}</span>
              {route.strategy === 'weighted' && <span className="muted">{formatPercent((target.weight ?? 1) / totalWeight)}</span>}
              {target.timeoutMs !== undefined && <span className="muted">first byte ≤ {formatMs(target.timeoutMs)}</span>}
              {price && <span className="muted route-price">{describePrice(price)}</span>}
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
