/** The targets a routing plan skipped, each with its reason (routing preview on the Routes and Playground pages). */
import type { RoutingPreview } from '../api/types';

export function SkippedTargets({ skipped }: { skipped: RoutingPreview['skipped'] }) {
  if (!skipped.length) return null;
  return (
    <ul className="plan-skipped">
      {skipped.map((skip) => (
        <li key={`${skip.provider ?? ''}/${skip.model}/${skip.code}`}>
          <span className="mono">{skip.model}</span> <span className="muted">skipped: {skip.reason}</span>
        </li>
      ))}
    </ul>
  );
}
