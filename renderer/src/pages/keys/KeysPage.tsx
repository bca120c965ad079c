/** Keys: the client keys tools authenticate with — create (shown once), per-key models and limits, revoke. */
import { useMemo, useState } from 'react';
import { useClientKeys, useConfig, useLimits, useRevokeClientKey, useStatus, useUsage } from '../../api/queries';
import type { ClientKey } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { startOfLocalDay } from '../../lib/ranges';
import { forgetKey } from '../../lib/session-keys';
import { toast } from '../../lib/toast-store';
import { useNow } from '../../lib/use-now';
import { CreateKeyDialog } from './CreateKeyDialog';
import { EditKeyDialog } from './EditKeyDialog';
import { KeyRow } from './KeyRow';
import './keys.css';

export function KeysPage() {
  const keys = useClientKeys();
  const limits = useLimits();
  const status = useStatus();
  const config = useConfig();
  const today = useUsage('today', 'client', () => ({ from: startOfLocalDay(Date.now()), to: Date.now() + 1 }));
  const revoke = useRevokeClientKey();
  const now = useNow(30_000);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ClientKey | null>(null);
  const [revoking, setRevoking] = useState<ClientKey | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);

  const all = keys.data?.data ?? [];
  const active = all.filter((key) => key.revokedAt === null);
  const revoked = all.filter((key) => key.revokedAt !== null);
  const modelSuggestions = useMemo(() => {
    const names = new Set<string>(['*']);
    for (const route of Object.keys(config.data?.routes ?? {})) names.add(route);
    for (const provider of status.data?.providers ?? []) {
      names.add(`${provider.id}/*`);
      for (const model of provider.models ?? []) names.add(`${provider.id}/${model}`);
    }
    return [...names];
  }, [config.data, status.data]);

  const spendOf = (name: string) => {
    const row = today.data?.data.find((entry) => entry.key === name);
    return today.data ? (row?.costMicros ?? 0) / 1_000_000 : null;
  };
  const dayBudgetOf = (name: string) => limits.data?.scopes.find((scope) => scope.scope === `client:${name}`)?.limits.find((limit) => limit.limit === 'usdPerDay');

  const table = (rows: ClientKey[]) => (
    <div className="table-scroll">
    <table className="table keys-table" data-testid="keys-table">
      <thead>
        <tr>
          <th>Key</th>
          <th>Models</th>
          <th>Limits</th>
          <th className="right">Spend today</th>
          <th>Last used</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((key) => (
          <KeyRow
            key={key.id ?? `config:${key.name}`}
            clientKey={key}
            spendTodayUsd={spendOf(key.name)}
            dayBudget={dayBudgetOf(key.name)}
            now={now}
            onEdit={() => setEditing(key)}
            onRevoke={() => setRevoking(key)}
          />
        ))}
      </tbody>
    </table>
    </div>
  );

  return (
    <div className="stack">
      <PageHeader
        title="Client keys"
        description="What your tools send as their API key. Provider keys never leave the gateway; these can be limited and revoked one by one."
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" />
            Create key
          </button>
        }
      />
      <Panel>
        {keys.isError ? (
          <div className="panel-body panel-top">
            <ErrorPanel error={keys.error} onRetry={() => void keys.refetch()} />
          </div>
        ) : !keys.data ? (
          <div className="panel-body panel-top">
            <Skeleton lines={4} wide />
          </div>
        ) : active.length === 0 ? (
          <EmptyState
            icon="keys"
            title="No client keys"
            actions={
              <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                Create your first key
              </button>
            }
          >
            <p>Without a key, tools cannot call the gateway. Create one per tool — Cursor, Claude Code, a script — to see and cap their use apart.</p>
          </EmptyState>
        ) : (
          table(active)
        )}
      </Panel>
      {revoked.length > 0 && (
        <div>
          <button type="button" className="button button-ghost" onClick={() => setShowRevoked((shown) => !shown)} aria-expanded={showRevoked}>
            <Icon name={showRevoked ? 'chevronDown' : 'chevronRight'} />
            Revoked keys ({revoked.length})
          </button>
          {showRevoked && <Panel className="revoked-panel">{table(revoked)}</Panel>}
        </div>
      )}
      <CreateKeyDialog open={creating} onOpenChange={setCreating} takenNames={active.map((key) => key.name)} modelSuggestions={modelSuggestions} />
      {editing && <EditKeyDialog clientKey={editing} onClose={() => setEditing(null)} modelSuggestions={modelSuggestions} />}
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        busy={revoke.isPending}
        onConfirm={() => {
          if (!revoking) return;
          const name = revoking.name;
          revoke.mutate(revoking.id ?? name, {
            onSuccess: () => {
              forgetKey(name);
              toast(`Key “${name}” revoked`, { detail: 'Requests with it are refused from now on.' });
              setRevoking(null);
            },
            onError: (error) => toast('Could not revoke the key', { tone: 'bad', detail: error.message }),
          });
        }}
      >
        <p>Tools using this key get a 401 from their next request. This cannot be undone; create a new key to grant access again.</p>
      </ConfirmDialog>
    </div>
  );
}
