/** Providers (read-only for now): what is configured, whether it can be used, its models and circuits. */
import { useCatalog, useRoutingHealth, useStatus } from '../../api/queries';
import { Badge } from '../../components/Badge';
import { ComingNote } from '../../components/ComingNote';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { ProviderCard } from './ProviderCard';
import './providers.css';

export function ProvidersPage() {
  const status = useStatus();
  const health = useRoutingHealth();
  const catalog = useCatalog();
  const providers = status.data?.providers ?? [];
  return (
    <div className="stack">
      <PageHeader title="Providers" description="Where requests go: each provider's address, key, models, and the health of every model it served." />
      <ComingNote>
        Adding and editing providers here (presets, key straight to the keychain, test connection, discovered models with prices) is on its way. Until then, add them under <code>providers:</code> in the
        config file and store keys with <code>signalbox keys set NAME</code>.
      </ComingNote>
      {status.isError ? (
        <ErrorPanel error={status.error} onRetry={() => void status.refetch()} />
      ) : !status.data ? (
        <Skeleton lines={6} wide />
      ) : providers.length === 0 ? (
        <Panel>
          <EmptyState icon="providers" title="No providers yet">
            <p>
              Add one to the config file, for example <code>openai: {'{'} type: openai, apiKey: keychain:openai {'}'}</code>, then <code>signalbox keys set openai</code> and restart.
            </p>
          </EmptyState>
        </Panel>
      ) : (
        <div className="provider-cards">
          {providers.map((provider) => (
            <ProviderCard
              key={provider.id}
              provider={provider}
              targets={(health.data?.targets ?? []).filter((target) => target.target.startsWith(`${provider.id}/`))}
              load={health.data?.providers.find((entry) => entry.provider === provider.id)}
            />
          ))}
        </div>
      )}
      <Panel title="Presets" description="Any of these is one entry in the config: a type and a key." id="presets">
        <div className="preset-grid">
          {(catalog.data ?? []).map((entry) => (
            <div key={entry.type} className="preset">
              <strong>{entry.label}</strong>
              <code className="muted">type: {entry.type}</code>
              {entry.requiresKey === false && <Badge>no key needed</Badge>}
            </div>
          ))}
        </div>
      </Panel>
    </div>
  );
}
