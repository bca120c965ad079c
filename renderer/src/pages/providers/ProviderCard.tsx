/**
 * One configured provider: type, address, key (masked hint only), availability, actions (test, edit,
 * delete), and its models with prices next to each one's circuit and latency.
 */
import type { ModelsAnswer, ProviderStatus, ProviderTestAnswer, RoutingHealth, TargetHealth } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { formatMs, formatUsd } from '../../lib/format';
import { TestResult } from './TestResult';

const CIRCUIT_TONE = { closed: 'ok', open: 'bad', 'half-open': 'warn', probing: 'warn' } as const;

export interface ProviderCardProps {
  provider: ProviderStatus;
  targets: TargetHealth[];
  load: RoutingHealth['providers'][number] | undefined;
  models?: ModelsAnswer['data'];
  keyInfo?: { text: string; tone: 'ok' | 'warn' | 'muted' };
  test?: { pending: boolean; result: ProviderTestAnswer | undefined };
  onTest?: () => void;
  onEdit?: () => void;
  onDelete?: () => void;
}

/** The model rows: what the provider offers (with prices) merged with what has been used (circuit, latency). */
function modelRows(provider: ProviderStatus, models: ModelsAnswer['data'], targets: TargetHealth[]) {
  const rows = new Map<string, { model: string; price: ModelsAnswer['data'][number]['price'] | undefined; health: TargetHealth | undefined }>();
  for (const entry of models) rows.set(entry.model, { model: entry.model, price: entry.price, health: undefined });
  for (const target of targets) {
    const model = target.target.slice(provider.id.length + 1);
    rows.set(model, { model, price: rows.get(model)?.price, health: target });
  }
  return [...rows.values()].sort((a, b) => Number(Boolean(b.health)) - Number(Boolean(a.health)) || a.model.localeCompare(b.model));
}

export function ProviderCard({ provider, targets, load, models = [], keyInfo, test, onTest, onEdit, onDelete }: ProviderCardProps) {
  const rows = modelRows(provider, models, targets);
  return (
    <article className="panel provider-card" data-provider={provider.id}>
      <header className="provider-card-head">
        <div>
          <h2 className="mono">{provider.id}</h2>
          <span className="muted">
            {provider.label} · <code>{provider.type}</code>
          </span>
        </div>
        <div className="provider-card-actions">
          {!provider.enabled ? <Badge>disabled</Badge> : provider.unavailable ? <Badge tone="bad">unavailable</Badge> : <Badge tone="ok">ready</Badge>}
          {onTest && (
            <button type="button" className="button button-ghost button-small" onClick={onTest} disabled={test?.pending} aria-label={`Test connection to ${provider.id}`}>
              <Icon name="zap" /> {test?.pending ? 'Testing…' : 'Test'}
            </button>
          )}
          {onEdit && (
            <button type="button" className="button button-icon" aria-label={`Edit ${provider.id}`} onClick={onEdit}>
              <Icon name="edit" />
            </button>
          )}
          {onDelete && (
            <button type="button" className="button button-icon" aria-label={`Delete ${provider.id}`} onClick={onDelete}>
              <Icon name="trash" />
            </button>
          )}
        </div>
      </header>
      {provider.unavailable && <p className="provider-problem">{provider.unavailable}</p>}
      {test?.result && <TestResult result={test.result} />}
      <dl className="facts">
        <dt>Base URL</dt>
        <dd className="mono">{provider.baseUrl}</dd>
        <dt>API key</dt>
        <dd className={keyInfo?.tone === 'warn' ? 'provider-key is-warn' : 'provider-key'} data-testid="key-hint">
          {keyInfo ? keyInfo.text : provider.hasKey ? 'set (kept by the gateway, never shown)' : 'none'}
        </dd>
        {load && (
          <>
            <dt>Concurrency</dt>
            <dd className="num">
              {load.active} of {load.maxConcurrency} in use{load.queued ? `, ${load.queued} queued` : ''}
            </dd>
          </>
        )}
      </dl>
      {rows.length > 0 ? (
        <div className="table-scroll provider-models">
          <table className="table target-table">
            <thead>
              <tr>
                <th>Model</th>
                <th className="right" title="USD per 1M input tokens">
                  In /1M
                </th>
                <th className="right" title="USD per 1M output tokens">
                  Out /1M
                </th>
                <th>Circuit</th>
                <th className="right">Failures</th>
                <th className="right">TTFT</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.model} data-model={row.model}>
                  <td className="mono">{row.model}</td>
                  <td className="right num">{row.price ? formatUsd(row.price.input) : <span className="faint">—</span>}</td>
                  <td className="right num">{row.price ? formatUsd(row.price.output) : <span className="faint">—</span>}</td>
                  <td>
                    {row.health ? (
                      <Badge tone={CIRCUIT_TONE[row.health.state]} title={row.health.openReason ?? undefined}>
                        {row.health.state}
                      </Badge>
                    ) : (
                      <span className="faint">unused</span>
                    )}
                  </td>
                  <td className="right num">{row.health ? `${row.health.window.failures}/${row.health.window.attempts}` : ''}</td>
                  <td className="right num">{row.health ? formatMs(row.health.latency.ttftMs) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted provider-no-models">No models listed yet: they are discovered from the provider when it answers, or listed under Models when you edit it.</p>
      )}
    </article>
  );
}
