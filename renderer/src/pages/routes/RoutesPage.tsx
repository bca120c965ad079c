/** Routes: each named route's strategy and ordered targets with their circuits; create, edit and delete them live. */
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useDeleteRoute, useModels } from '../../api/config-queries';
import { useConfig, useRoutingHealth, useStatus } from '../../api/queries';
import type { RouteConfig } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { toast } from '../../lib/toast-store';
import { priceIndex } from '../providers/model-price';
import { RouteCard } from './RouteCard';
import { RouteEditor } from './RouteEditor';
import './routes.css';

export function RoutesPage() {
  const config = useConfig();
  const health = useRoutingHealth();
  const models = useModels();
  const status = useStatus();
  const remove = useDeleteRoute();
  const [editor, setEditor] = useState<{ open: boolean; editing: { name: string; route: RouteConfig } | null }>({ open: false, editing: null });
  const [deleting, setDeleting] = useState<string | null>(null);
  const routes = Object.entries(config.data?.routes ?? {});
  // Model "auto" goes to routing.defaultRoute, else the route named "auto", else the first route; only the
  // explicit default cannot be deleted (the others just pass the role on).
  const pinnedDefault = config.data?.routing.defaultRoute;
  const defaultRoute = pinnedDefault ?? (config.data?.routes.auto ? 'auto' : routes[0]?.[0]);
  const prices = useMemo(() => priceIndex(models.data), [models.data]);
  const suggestions = useMemo(() => {
    const fromModels = (models.data?.data ?? []).map((entry) => entry.id);
    const fromStatus = (status.data?.providers ?? []).flatMap((provider) => (provider.models ?? []).map((name) => `${provider.id}/${name}`));
    // Routes cannot target other routes: models only.
    return [...new Set(fromModels.length ? fromModels : fromStatus)];
  }, [models.data, status.data]);

  const create = () => setEditor({ open: true, editing: null });
  const newButton = (
    <button type="button" className="button button-primary" onClick={create}>
      <Icon name="plus" /> New route
    </button>
  );

  return (
    <div className="stack">
      <PageHeader
        title="Routes"
        description={
          <>
            Names your tools use as model names; each tries its targets by its strategy, with retries, timeouts and circuit breakers. Try one in the <Link href="/playground">Playground</Link>.
          </>
        }
        actions={routes.length > 0 ? newButton : undefined}
      />
      {config.isError ? (
        <ErrorPanel error={config.error} onRetry={() => void config.refetch()} />
      ) : !config.data ? (
        <Skeleton lines={6} wide />
      ) : routes.length === 0 ? (
        <Panel>
          <EmptyState icon="routes" title="No routes yet" actions={newButton}>
            <p>
              A route is a model name of your own — say <code>fast</code> — that falls back to another model when one fails, spreads traffic by weight, or picks the cheapest or fastest target for each
              request. Tools then send <code>"model": "fast"</code>.
            </p>
          </EmptyState>
        </Panel>
      ) : (
        <div className="route-cards" data-testid="route-list">
          {routes.map(([name, route]) => (
            <RouteCard
              key={name}
              name={name}
              route={route}
              isDefault={name === defaultRoute}
              pinned={name === pinnedDefault}
              targets={health.data?.targets ?? []}
              prices={prices}
              onEdit={() => setEditor({ open: true, editing: { name, route } })}
              onDelete={() => setDeleting(name)}
            />
          ))}
        </div>
      )}
      <RouteEditor
        open={editor.open}
        editing={editor.editing}
        onClose={() => setEditor((current) => ({ ...current, open: false }))}
        takenNames={routes.map(([name]) => name)}
        modelSuggestions={suggestions}
        prices={prices}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={`Delete the route “${deleting ?? ''}”?`}
        confirmLabel="Delete route"
        busy={remove.isPending}
        onConfirm={() => {
          if (!deleting) return;
          const name = deleting;
          remove.mutate(name, {
            onSuccess: () => {
              setDeleting(null);
              toast(`Route “${name}” deleted`, { detail: 'Tools that still send it get a 404 (model not found).' });
            },
          });
        }}
      >
        <p>Tools that send it as their model get a “model not found” error from now on. The route is removed from the config file too.</p>
        {remove.isError && <ErrorPanel error={remove.error} compact />}
      </ConfirmDialog>
    </div>
  );
}
