/** A button that copies a value and says so for a moment (to screen readers too). */
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';
import { Icon } from './Icon';

export function CopyButton({ value, label = 'Copy', className = '', compact = false }: { value: string; label?: string; className?: string; compact?: boolean }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1600);
    return () => clearTimeout(timer);
  }, [state]);
  const text = state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label;
  return (
    <button
      type="button"
      className={`button ${compact ? 'button-icon' : 'button-ghost'} copy-button ${state === 'copied' ? 'is-copied' : ''} ${className}`}
      onClick={() => void copyText(value).then((ok) => setState(ok ? 'copied' : 'failed'))}
      aria-label={compact ? text : undefined}
      title={compact ? text : undefined}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} />
      {!compact && <span>{text}</span>}
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard' : ''}
      </span>
    </button>
  );
}
