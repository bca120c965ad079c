/**
 * Extra headers as name/value rows. They are written to the config file in clear, so the hint says keys
 * do not belong here (the form refuses credential-looking ones; the gateway does too).
 */
import { Icon } from '../../components/Icon';
import type { HeaderRow } from './provider-form';

export function HeadersEditor({ id, rows, error, onChange }: { id: string; rows: HeaderRow[]; error: string | undefined; onChange(rows: HeaderRow[]): void }) {
  const update = (index: number, patch: Partial<HeaderRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="field header-rows" aria-describedby={`${id}-help`}>
      <legend className="field-label">Extra headers (optional)</legend>
      {rows.map((row, index) => (
        <div className="header-row" key={index}>
          <input
            className="input input-mono"
            value={row.name}
            onChange={(event) => update(index, { name: event.target.value })}
            placeholder="HTTP-Referer"
            aria-label={`Header ${index + 1} name`}
            aria-invalid={Boolean(error)}
            autoComplete="off"
            spellCheck={false}
          />
          <input
            className="input input-mono"
            value={row.value}
            onChange={(event) => update(index, { value: event.target.value })}
            placeholder="https://example.com"
            aria-label={`Header ${index + 1} value`}
            aria-invalid={Boolean(error)}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="button" className="button button-icon" aria-label={`Remove header ${row.name || index + 1}`} onClick={() => onChange(rows.filter((_, at) => at !== index))}>
            <Icon name="x" />
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="button button-ghost button-small" onClick={() => onChange([...rows, { name: '', value: '' }])}>
          <Icon name="plus" /> Add header
        </button>
      </div>
      <span id={`${id}-help`} className={error ? 'field-error' : 'field-hint'} role={error ? 'alert' : undefined}>
        {error ?? 'Sent with every request, e.g. OpenRouter’s HTTP-Referer. Written to the config file in clear: keys go in the API key field.'}
      </span>
    </fieldset>
  );
}
