/**
 * The inline "Discard changes?" question shown where an editor's buttons are when it is closed with
 * unsaved edits (no window.confirm, no overlay). Focus goes to "Keep editing", the safe answer.
 */
import { useEffect, useRef } from 'react';
import './discard-prompt.css';

export function DiscardPrompt({ onDiscard, onKeep, className = '' }: { onDiscard(): void; onKeep(): void; className?: string }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className={`discard-prompt ${className}`} role="alertdialog" aria-labelledby="discard-prompt-title" aria-describedby="discard-prompt-detail">
      <div>
        <strong id="discard-prompt-title">Discard changes?</strong>
        <span id="discard-prompt-detail" className="muted">
          Your edits have not been saved.
        </span>
      </div>
      <span className="spacer" />
      <button type="button" className="button button-ghost" ref={keep} onClick={onKeep}>
        Keep editing
      </button>
      <button type="button" className="button button-danger" onClick={onDiscard}>
        Discard
      </button>
    </div>
  );
}
