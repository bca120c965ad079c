/** One client key: name and source, hint, what it may use, its limits and today's use, last use, actions. */
import type { ClientKey, LimitState } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { Tip } from '../../components/Tip';
import { formatAgo, formatUsd } from '../../lib/format';
import { describeLimits } from './key-form';

export function KeyRow({
  clientKey,
  spendTodayUsd,
  dayBudget,
  now,
  onEdit,
  onRevoke,
}: {
  clientKey: ClientKey;
  spendTodayUsd: number | null;
  dayBudget: LimitState | undefined;
  now: number;
  onEdit(): void;
  onRevoke(): void;
}) {
  const fromConfig = clientKey.source === 'config';
  const revoked = clientKey.revokedAt !== null;
  const limits = describeLimits(clientKey.limits);
  return (
    <tr className={revoked ? 'is-revoked' : ''} data-key-name={clientKey.name}>
      <td>
        <div className="key-name">
          <strong className="mono">{clientKey.name}</strong>
          {fromConfig && (
            <Tip content="Defined in the config file (clientKeys:); change it there.">
              <span tabIndex={0}>
                <Badge>config</Badge>
              </span>
            </Tip>
          )}
          {revoked && <Badge tone="bad">revoked</Badge>}
        </div>
        <div className="mono muted key-hint">{clientKey.hint ?? (fromConfig ? 'from the config' : '')}</div>
      </td>
      <td className="key-models">{clientKey.models?.length ? clientKey.models.map((model) => <code key={model}>{model}</code>) : <span className="muted">all</span>}</td>
      <td>
        {limits ? <span className="key-limits">{limits}</span> : <span className="muted">global only</span>}
        {dayBudget && <ProgressBar share={dayBudget.share} label={`${clientKey.name}: daily budget used`} />}
      </td>
      <td className="right num">{spendTodayUsd === null ? '—' : formatUsd(spendTodayUsd)}</td>
      <td className="muted" title={clientKey.lastUsedAt ? new Date(clientKey.lastUsedAt).toLocaleString() : undefined}>
        {revoked ? `revoked ${formatAgo(Date.parse(clientKey.revokedAt ?? ''), now)}` : clientKey.lastUsedAt ? formatAgo(Date.parse(clientKey.lastUsedAt), now) : 'never'}
      </td>
      <td className="right key-actions">
        {!revoked && !fromConfig && (
          <>
            <button type="button" className="button button-icon" onClick={onEdit} aria-label={`Edit ${clientKey.name}`} title="Edit models and limits">
              <Icon name="edit" />
            </button>
            <button type="button" className="button button-icon danger" onClick={onRevoke} aria-label={`Revoke ${clientKey.name}`} title="Revoke">
              <Icon name="trash" />
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
