/** One setting: its label and help on the left, the control on the right, when it applies, and any error. */
import { useId } from 'react';
import { Badge } from '../../components/Badge';
import { describeValue, type FieldView, type FormValue } from './settings-model';

export function ApplyBadge({ live }: { live: boolean }) {
  return live ? (
    <Badge tone="ok" title="Applied as soon as it is saved">
      applies now
    </Badge>
  ) : (
    <Badge title="Saved to the config file; used from the next start">next start</Badge>
  );
}

export function Toggle({ id, checked, onChange, describedBy, disabled = false, label }: { id: string; checked: boolean; onChange(value: boolean): void; describedBy?: string; disabled?: boolean; label?: string }) {
  return (
    <input
      id={id}
      type="checkbox"
      role="switch"
      className="switch"
      checked={checked}
      aria-checked={checked}
      aria-describedby={describedBy}
      aria-label={label}
      disabled={disabled}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}

export function SettingField({ view, value, error, outcome, onChange }: { view: FieldView; value: FormValue; error?: string; outcome?: 'applied' | 'restart'; onChange(value: FormValue): void }) {
  const id = useId();
  const { def, entry } = view;
  const kind = def.kind;
  const helpId = `${id}-help`;
  const pending = 'nextStart' in entry && JSON.stringify(entry.nextStart) !== JSON.stringify(entry.value);
  const input = { id, 'aria-invalid': Boolean(error), 'aria-describedby': helpId };
  let control;
  if (kind.type === 'toggle') {
    control = <Toggle id={id} checked={value === true} onChange={onChange} describedBy={helpId} />;
  } else if (kind.type === 'choice') {
    control = (
      <select {...input} className="select" value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)}>
        {kind.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else if (kind.type === 'list') {
    control = (
      <textarea
        {...input}
        className="input input-mono settings-textarea"
        rows={Math.max(2, String(value ?? '').split('\n').length)}
        value={typeof value === 'string' ? value : ''}
        placeholder={kind.placeholder}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else {
    const numeric = kind.type === 'int' || kind.type === 'number';
    const field = (
      <input
        {...input}
        className={`input ${numeric ? 'num' : 'input-mono'}`}
        inputMode={numeric ? 'decimal' : undefined}
        value={typeof value === 'string' ? value : ''}
        placeholder={kind.type === 'text' ? kind.placeholder : def.optional ? 'default' : undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
      />
    );
    control =
      numeric && kind.unit ? (
        <div className="input-affix">
          {field}
          <span className="affix">{kind.unit}</span>
        </div>
      ) : (
        field
      );
  }
  return (
    <div className={`setting ${kind.type === 'toggle' ? 'is-toggle' : ''}`} data-setting={def.path}>
      <div className="setting-text">
        <div className="setting-title">
          <label htmlFor={id} className="field-label">
            {def.label}
          </label>
          <ApplyBadge live={entry.live} />
        </div>
        <p id={helpId} className={error ? 'field-error' : 'field-hint'}>
          {error ?? def.help}
        </p>
        {error && <p className="field-hint">{def.help}</p>}
        {pending && (
          <p className="setting-pending">
            Running with <strong>{describeValue(def, entry.value)}</strong>; next start: <strong data-testid="next-start">{describeValue(def, entry.nextStart)}</strong>
          </p>
        )}
        {outcome && (
          <p className={`setting-outcome is-${outcome}`} role="status">
            {outcome === 'applied' ? 'Applied' : 'Saved — restart Signalbox to apply'}
          </p>
        )}
        <code className="setting-path">{def.path}</code>
      </div>
      <div className="setting-control">{control}</div>
    </div>
  );
}
