/** A number input with an optional unit inside it, and its error below (the route editor's timeouts and retries). */
import type { RouteFormErrors } from './route-form';

export function NumberField({
  id,
  label,
  unit,
  placeholder,
  value,
  field,
  errors,
  fieldProps,
  onChange,
}: {
  id: string;
  label: string;
  unit?: string;
  placeholder: string;
  value: string;
  field: string;
  errors: RouteFormErrors;
  fieldProps(field: string): Record<string, unknown>;
  onChange(value: string): void;
}) {
  return (
    <div className="field">
      <label className="field-hint" htmlFor={id}>
        {label}
      </label>
      <div className="input-affix">
        <input id={id} className="input num" inputMode="numeric" value={value} onChange={(event) => onChange(event.target.value)} placeholder={placeholder} {...fieldProps(field)} />
        {unit && <span className="affix">{unit}</span>}
      </div>
      {errors[field] && (
        <span id={`${id.replace(/-[a-z]+$/, '')}-${field}-error`} className="field-error" role="alert">
          {errors[field]}
        </span>
      )}
    </div>
  );
}
