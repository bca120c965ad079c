/** How the request was routed: the planned targets in order (with why) and those skipped (with why not). */
import type { LiveTrace } from '../../live/live-trace';

export function RoutingPlan({ trace }: { trace: LiveTrace }) {
  if (!trace.planned.length && !trace.skipped.length) return null;
  return (
    <div className="plan">
      <ol className="plan-list">
        {trace.planned.map((attempt, index) => (
          <li key={`${attempt.provider}/${attempt.upstreamModel}/${index}`}>
            <span className="mono">
              {attempt.provider}/{attempt.upstreamModel}
            </span>
            <span className="muted"> — {attempt.why}</span>
          </li>
        ))}
      </ol>
      {trace.skipped.length > 0 && (
        <ul className="plan-skipped">
          {trace.skipped.map((skip) => (
            <li key={`${skip.provider ?? ''}/${skip.model}`}>
              <span className="mono">{skip.provider && !skip.model.startsWith(`${skip.provider}/`) ? `${skip.provider}/${skip.model}` : skip.model}</span>
              <span className="muted">
                {' '}
                skipped: {skip.reason} ({skip.code})
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
