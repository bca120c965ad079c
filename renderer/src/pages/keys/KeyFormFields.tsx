/** The fields of the client key form: name, allowed models, and limits. */
import { useId } from 'react';
import { LIMIT_FIELDS, type KeyFormErrors, type KeyFormValues, type LimitKey } from './key-form';

export function KeyFormFields({
  values,
  errors,
  onChange,
  nameLocked = false,
  modelSuggestions = [],
}: {
  values: KeyFormValues;
  errors: KeyFormErrors;
  onChange(values: KeyFormValues): void;
  nameLocked?: boolean;
  modelSuggestions?: readonly string[];
}) {
  const id = useId();
  const setLimit = (key: LimitKey, value: string) => onChange({ ...values, limits: { ...values.limits, [key]: value } });
  return (
    <div className="key-form">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-name`}>
          Name
        </label>
        <input
          id={`${id}-name`}
          className="input input-mono"
          value={values.name}
          onChange={(event) => onChange({ ...values, name: event.target.value })}
          placeholder="cursor"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={`${id}-name-help`}
          disabled={nameLocked}
          autoFocus={!nameLocked}
        />
        <span id={`${id}-name-help`} className={errors.name ? 'field-error' : 'field-hint'}>
          {errors.name ?? 'How the ledger, limits and this page call the key — usually the tool that uses it.'}
        </span>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-models`}>
          Models it may use <span className="muted">(optional)</span>
        </label>
        <input
          id={`${id}-models`}
          className="input input-mono"
          value={values.models}
          onChange={(event) => onChange({ ...values, models: event.target.value })}
          placeholder="all models and routes"
          list={`${id}-model-list`}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={Boolean(errors.models)}
          aria-describedby={`${id}-models-help`}
        />
        <datalist id={`${id}-model-list`}>
          {modelSuggestions.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        <span id={`${id}-models-help`} className={errors.models ? 'field-error' : 'field-hint'}>
          {errors.models ?? <>Comma separated: exact names, <code>provider/*</code>, route names, or <code>*</code>. Others get a 403.</>}
        </span>
      </div>
      <fieldset className="limit-grid">
        <legend className="field-label">
          Limits <span className="muted">(optional, on top of the global ones)</span>
        </legend>
        {LIMIT_FIELDS.map((field) => (
          <div key={field.key} className="field">
            <label className="field-hint" htmlFor={`${id}-${field.key}`}>
              {field.label}
            </label>
            <div className={`input-affix ${errors[field.key] ? 'is-invalid' : ''}`}>
              <input
                id={`${id}-${field.key}`}
                className="input num"
                inputMode="decimal"
                value={values.limits[field.key]}
                onChange={(event) => setLimit(field.key, event.target.value)}
                placeholder="no limit"
                aria-invalid={Boolean(errors[field.key])}
                aria-describedby={errors[field.key] ? `${id}-${field.key}-error` : undefined}
              />
              <span className="affix">{field.unit}</span>
            </div>
            {errors[field.key] && (
              <span id={`${id}-${field.key}-error`} className="field-error">
                {errors[field.key]}
              </span>
            )}
          </div>
        ))}
      </fieldset>
    </div>
  );
}
