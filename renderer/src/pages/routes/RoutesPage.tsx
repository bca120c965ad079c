/** Routes (read-only for now): each named route's strategy and ordered targets, with their circuits. */
import { Link } from 'wouter';
import { useConfig, useRoutingHealth } from '../../api/queries';
import { ComingNote } from '../../components/ComingNote';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { RouteCard } from './RouteCard';
import './routes.css';

const EXAMPLE = `routes:
  fast:
    strategy: fallback        # or weighted, cheapest, fastest
    targets:
      - model: groq/llama-3.3-70b-versatile
      - model: oai/gpt-4o-mini`;

export function RoutesPage() {
  const config = useConfig();
  const health = useRoutingHealth();
  const routes = Object.entries(config.data?.routes ?? {});
  const defaultRoute = config.data?.routing.defaultRoute ?? (config.data?.routes.auto ? 'auto' : routes[0]?.[0]);
  return (
    <div className="stack">
      <PageHeader title="Routes" description="Names your tools use as model names; each tries its targets by its strategy, with retries, timeouts and circuit breakers." />
      <ComingNote>
        Creating and editing routes here (inline validation, applied live and written to the config file) is on its way. Until then, edit <code>routes:</code> in the config file; try a route in the{' '}
        <Link href="/playground">Playground</Link> preview.
      </ComingNote>
      {config.isError ? (
        <ErrorPanel error={config.error} onRetry={() => void config.refetch()} />
      ) : !config.data ? (
        <Skeleton lines={6} wide />
      ) : routes.length === 0 ? (
        <Panel>
          <EmptyState icon="routes" title="No routes yet">
            <p>A route is a model name of your own that falls back, balances, or picks the cheapest or fastest target. Add one to the config file:</p>
            <pre className="code-inline route-example">{EXAMPLE}</pre>
          </EmptyState>
        </Panel>
      ) : (
        <div className="route-cards">
          {routes.map(([name, route]) => (
            <RouteCard key={name} name={name} route={route} isDefault={name === defaultRoute} targets={health.data?.targets ?? []} />
          ))}
        </div>
      )}
    </div>
  );
}
