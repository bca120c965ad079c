/** An error, explained: what happened and what to do next, with a retry when there is one. */
import { explainError } from '../lib/explain-error';
import { Icon } from './Icon';

export function ErrorPanel({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { title, detail, hint } = explainError(error);
  return (
    <div className={`error-panel ${compact ? 'is-compact' : ''}`} role="alert">
      <Icon name="alert" />
      <div className="error-panel-text">
        <strong>{title}</strong>
        <span>{detail}</span>
        {hint && <span className="muted">{hint}</span>}
      </div>
      {onRetry && (
        <button type="button" className="button button-ghost" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
