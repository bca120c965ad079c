/** Providers: what is configured, whether it can be used, its key (masked), models with prices and circuits; add, test, edit, delete. */
import { useMemo, useState } from 'react';
import { useModels, useSecrets, useTestProvider } from '../../api/config-queries';
import { useCatalog, useConfig, useRoutingHealth, useStatus } from '../../api/queries';
import type { ProviderInput, ProviderTestAnswer } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { toast } from '../../lib/toast-store';
import { keychainEntryOf, useDeleteProviderAndKey } from './delete-provider';
import { describeKey, presetsFrom } from './provider-form';
import { ProviderCard } from './ProviderCard';
import { ProviderDialog } from './ProviderDialog';
import './providers.css';

export function ProvidersPage() {
  const status = useStatus();
  const health = useRoutingHealth();
  const catalog = useCatalog();
  const config = useConfig();
  const models = useModels();
  const secrets = useSecrets();
  const remove = useDeleteProviderAndKey();
  const test = useTestProvider();
  const [tests, setTests] = useState<Record<string, ProviderTestAnswer>>({});
  const [dialog, setDialog] = useState<{ open: boolean; editing: { id: string; provider: ProviderInput; keyHint: string | null } | null; type: string | null }>({ open: false, editing: null, type: null });
  const [deleting, setDeleting] = useState<string | null>(null);
  /** Also remove the deleted provider's keychain entry (default: yes, unless another provider uses it). */
  const [removeKey, setRemoveKey] = useState(true);
  const providers = status.data?.providers ?? [];
  const presets = useMemo(() => presetsFrom(catalog.data), [catalog.data]);
  const takenIds = providers.map((provider) => provider.id);
  const deletingKey = deleting ? keychainEntryOf(deleting, config.data?.providers[deleting]?.apiKey, secrets.data) : null;

  const add = (type: string | null = null) => setDialog({ open: true, editing: null, type });
  const runTest = (id: string) =>
    test.mutate({ id }, { onSuccess: (result) => setTests((current) => ({ ...current, [id]: result })), onError: (error) => setTests((current) => ({ ...current, [id]: { ok: false, latencyMs: 0, error: { kind: 'error', message: error.message } } })) });

  const presetGrid = (
    <div className="preset-grid">
      {presets.map((entry) => (
        <button key={entry.type} type="button" className="preset preset-button" onClick={() => add(entry.type)} data-preset={entry.type}>
          <strong>{entry.label}</strong>
          <span className="muted">{entry.local ? 'runs on this machine' : entry.requiresKey ? 'needs an API key' : 'any OpenAI-style API'}</span>
        </button>
      ))}
    </div>
  );

  return (
    <div className="stack">
      <PageHeader
        title="Providers"
        description="Where requests go: each provider's address, key, models with their prices, and the health of every model it served."
        actions={
          providers.length > 0 ? (
            <button type="button" className="button button-primary" onClick={() => add()}>
              <Icon name="plus" /> Add provider
            </button>
          ) : undefined
        }
      />
      {secrets.data && !secrets.data.keychain.available && (
        <div className="callout tone-warn" role="status">
          <Icon name="alert" />
          <div>
            <strong>Keys cannot be stored from here:</strong> the OS keychain cannot be used. Providers without a key (Ollama, LM Studio) still work; for the others, set the key as an environment
            variable and reference it in the config file (<code>apiKey: env:GROQ_API_KEY</code>).
            {secrets.data.keychain.reason && <div className="muted keychain-reason">{secrets.data.keychain.reason}</div>}
          </div>
        </div>
      )}
      {status.isError ? (
        <ErrorPanel error={status.error} onRetry={() => void status.refetch()} />
      ) : !status.data ? (
        <Skeleton lines={6} wide />
      ) : providers.length === 0 ? (
        <Panel>
          <EmptyState icon="providers" title="No providers yet">
            <p>A provider is where requests go: a cloud API with your key, or a model server on this machine. Pick one to start; the key goes straight to your OS keychain.</p>
          </EmptyState>
          {presetGrid}
        </Panel>
      ) : (
        <div className="provider-cards" data-testid="provider-list">
          {providers.map((provider) => {
            const configured = config.data?.providers[provider.id];
            const keyInfo = describeKey(provider.id, configured?.apiKey, provider.hasKey, secrets.data);
            return (
              <ProviderCard
                key={provider.id}
                provider={provider}
                targets={(health.data?.targets ?? []).filter((target) => target.target.startsWith(`${provider.id}/`))}
                load={health.data?.providers.find((entry) => entry.provider === provider.id)}
                models={(models.data?.data ?? []).filter((entry) => entry.provider === provider.id)}
                keyInfo={keyInfo}
                test={{ pending: test.isPending && test.variables && 'id' in test.variables ? test.variables.id === provider.id : false, result: tests[provider.id] }}
                onTest={() => runTest(provider.id)}
                onEdit={() =>
                  setDialog({
                    open: true,
                    type: null,
                    editing: {
                      id: provider.id,
                      provider: stripDefaults(configured) ?? { type: provider.type, ...(provider.models ? { models: provider.models } : {}) },
                      keyHint: keyInfo.tone === 'ok' ? keyInfo.text : null,
                    },
                  })
                }
                onDelete={() => {
                  setRemoveKey((keychainEntryOf(provider.id, configured?.apiKey, secrets.data)?.sharedWith.length ?? 0) === 0);
                  setDeleting(provider.id);
                }}
              />
            );
          })}
        </div>
      )}
      {providers.length > 0 && (
        <Panel title="Add another" description="Presets fill in the address and how the key is sent; custom takes any OpenAI-compatible API." id="presets">
          {presetGrid}
        </Panel>
      )}
      <ProviderDialog open={dialog.open} onOpenChange={(open) => setDialog((current) => ({ ...current, open }))} presets={presets} takenIds={takenIds} editing={dialog.editing} keychain={secrets.data ? secrets.data.keychain.available : true} initialType={dialog.type} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={`Delete the provider “${deleting ?? ''}”?`}
        confirmLabel="Delete provider"
        busy={remove.isPending}
        onConfirm={() => {
          if (!deleting) return;
          const id = deleting;
          const key = deletingKey && removeKey ? deletingKey.name : null;
          remove.mutate(
            { id, removeKey: key },
            {
              onSuccess: ({ keyRemoved, keyError }) => {
                setDeleting(null);
                toast(`Provider “${id}” deleted`, {
                  detail: keyError
                    ? `Its key could not be removed from the keychain: ${keyError}`
                    : keyRemoved
                      ? `Its key “${key ?? ''}” was removed from the keychain.`
                      : deletingKey
                        ? 'Its key stays in the keychain.'
                        : undefined,
                });
              },
            },
          );
        }}
      >
        <p>Requests for its models fail from now on, and it is removed from the config file. Routes that target it must be changed first.</p>
        {deletingKey && (
          <label className="delete-key-option">
            <input type="checkbox" checked={removeKey} onChange={(event) => setRemoveKey(event.target.checked)} />
            <span>
              Also remove its key <code>{deletingKey.name}</code> from the keychain
              {deletingKey.sharedWith.length > 0 && (
                <span className="field-hint">
                  {' '}
                  — also used by {deletingKey.sharedWith.map((user) => `“${user}”`).join(', ')}, which would stop working
                </span>
              )}
            </span>
          </label>
        )}
        {remove.isError && <ErrorPanel error={remove.error} compact />}
      </ConfirmDialog>
    </div>
  );
}

/** The configured entry as the editor sends it back: without the defaults the gateway filled in. */
function stripDefaults(entry: Record<string, unknown> | undefined): ProviderInput | null {
  if (!entry) return null;
  const { maxConcurrency, maxQueue, enabled, ...rest } = entry as ProviderInput & { maxConcurrency?: number; maxQueue?: number };
  return { ...rest, ...(maxConcurrency !== 64 && maxConcurrency !== undefined ? { maxConcurrency } : {}), ...(maxQueue !== 256 && maxQueue !== undefined ? { maxQueue } : {}), ...(enabled === false ? { enabled } : {}) } as ProviderInput;
}
