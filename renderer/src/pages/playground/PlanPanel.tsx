/** The routing plan of the composed request, before it is sent, with a fault to inject per target. */
import type { RoutingPreview } from '../../api/types';
import { Badge } from '../../components/Badge';
import { ErrorPanel } from '../../components/ErrorPanel';
import { SkippedTargets } from '../../components/SkippedTargets';
import { Panel } from '../../components/Panel';
import { Skeleton } from '../../components/Skeleton';
import { formatMs } from '../../lib/format';
import { FAULTS, type Fault } from './playground-request';

export const targetKey = (attempt: { provider: string; upstreamModel: string }): string => `${attempt.provider}/${attempt.upstreamModel}`;

export function PlanPanel({
  plan,
  loading,
  error,
  hasModel,
  faults,
  onFault,
}: {
  plan: RoutingPreview | undefined;
  loading: boolean;
  error: unknown;
  hasModel: boolean;
  faults: Readonly<Record<string, Fault | null>>;
  onFault(target: string, fault: Fault | null): void;
}) {
  const marked = Object.values(faults).filter(Boolean).length;
  return (
    <Panel
      title="Routing preview"
      description="What the gateway would try, in order, for this request — before it is sent. Mark a target to fail for this request only."
      id="plan"
      actions={marked > 0 ? <Badge tone="warn">{marked === 1 ? '1 fault armed' : `${marked} faults armed`}</Badge> : undefined}
    >
      <div className="panel-body">
        {!hasModel ? (
          <p className="muted">Choose a route or a model to see which targets would be tried, their scores and timeouts.</p>
        ) : error ? (
          <ErrorPanel error={error} compact />
        ) : !plan ? (
          loading ? <Skeleton lines={3} /> : null
        ) : (
          <div className="preview-result" data-testid="routing-preview" aria-busy={loading}>
            <p className="muted">
              {plan.route ? (
                <>
                  Route <code>{plan.route}</code>, strategy <strong>{plan.strategy}</strong>
                </>
              ) : (
                <>Direct model, no route</>
              )}{' '}
              · deadline {formatMs(plan.totalTimeoutMs)}
            </p>
            {plan.attempts.length > 0 ? (
              <table className="table plan-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Target</th>
                    <th>Why</th>
                    <th className="right">Score</th>
                    <th className="right">Timeout</th>
                    <th>Circuit</th>
                    <th>Inject</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.attempts.map((attempt) => {
                    const key = targetKey(attempt);
                    const fault = faults[key] ?? null;
                    return (
                      <tr key={attempt.order} className={fault ? 'is-faulted' : undefined} data-target={key}>
                        <td className="num">{attempt.order}</td>
                        <td className="mono">{key}</td>
                        <td>{attempt.why}</td>
                        <td className="right num">{attempt.score === null ? '—' : attempt.score.toFixed(3)}</td>
                        <td className="right num">{formatMs(attempt.timeoutMs)}</td>
                        <td>
                          <Badge tone={attempt.circuit === 'closed' ? 'ok' : attempt.circuit === 'open' ? 'bad' : 'warn'}>{attempt.circuit}</Badge>
                        </td>
                        <td>
                          <select
                            className="input fault-select"
                            aria-label={`Fault for ${key}`}
                            value={fault ?? ''}
                            onChange={(event) => onFault(key, (event.target.value || null) as Fault | null)}
                          >
                            <option value="">none</option>
                            {FAULTS.map((option) => (
                              <option key={option.value} value={option.value} title={option.hint}>
                                {option.label}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : (
              <p className="muted">No target can serve this request. The reasons are below: add a provider with this model, or change the route on the Routes page.</p>
            )}
            <SkippedTargets skipped={plan.skipped} />
          </div>
        )}
      </div>
    </Panel>
  );
}
