/** The routing preview of a route: the attempts in order (score, why, timeout, circuit) and what was skipped. */
import type { RoutingPreview } from '../../api/types';
import { Badge } from '../../components/Badge';
import { ErrorPanel } from '../../components/ErrorPanel';
import { SkippedTargets } from '../../components/SkippedTargets';
import { formatMs } from '../../lib/format';

export function RoutePlan({ plan, error }: { plan: RoutingPreview | undefined; error: unknown }) {
  if (error) return <ErrorPanel error={error} compact />;
  if (!plan) return null;
  return (
    <div className="route-plan" data-testid="route-plan">
      <p className="muted">
        Strategy <strong>{plan.strategy}</strong> · deadline {formatMs(plan.totalTimeoutMs)}
      </p>
      {plan.attempts.length > 0 ? (
        <ol className="plan-attempts">
          {plan.attempts.map((attempt) => (
            <li key={attempt.order}>
              <span className="plan-order num">{attempt.order}</span>
              <div className="plan-main">
                <span className="mono">
                  {attempt.provider}/{attempt.upstreamModel}
                </span>
                <span className="muted">{attempt.why}</span>
              </div>
              <span className="num muted" title="Score (lower is tried first)">
                {attempt.score === null ? '' : attempt.score.toFixed(3)}
              </span>
              <span className="num muted" title="Time allowed until the first byte">
                {formatMs(attempt.timeoutMs)}
              </span>
              <Badge tone={attempt.circuit === 'closed' ? 'ok' : attempt.circuit === 'open' ? 'bad' : 'warn'}>{attempt.circuit}</Badge>
            </li>
          ))}
        </ol>
      ) : (
        <p className="field-error">No target can serve this request: every one was skipped (below).</p>
      )}
      <SkippedTargets skipped={plan.skipped} />
    </div>
  );
}
