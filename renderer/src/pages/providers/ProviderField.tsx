/** One labelled field of the provider editor, with its hint or, when there is one, its error. */
import type { ReactNode } from 'react';

export function ProviderField({ id, label, error, hint, children }: { id: string; label: string; error: string | undefined; hint: ReactNode; children: ReactNode }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      <span id={`${id}-help`} className={error ? 'field-error' : 'field-hint'} role={error ? 'alert' : undefined}>
        {error ?? hint}
      </span>
    </div>
  );
}
