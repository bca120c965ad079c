/**
 * Creates or edits a route in a side panel: name, strategy, ordered targets (weights for `weighted`), timeouts.
 * Checked with the gateway's schema as you save; the gateway's own refusals land at the field they name.
 * Saving applies the route live and keeps the panel open with the routing preview of what was saved.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { AdminApiError } from '../../api/admin-client';
import { useSaveRoute } from '../../api/config-queries';
import { useRoutingPreview } from '../../api/queries';
import type { ModelPrice, RouteConfig, SavedRoute } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { Icon } from '../../components/Icon';
import { Segmented } from '../../components/Segmented';
import { formatPercent } from '../../lib/format';
import { toast } from '../../lib/toast-store';
import { previewBody } from '../playground/preview-request';
import { describePrice } from '../providers/model-price';
import { RoutePlan } from './RoutePlan';
import {
  emptyRouteForm,
  errorsFromApi,
  firstErrorField,
  formFromRoute,
  moveTarget,
  newTarget,
  STRATEGIES,
  validateRouteForm,
  weightShares,
  type RouteFormErrors,
  type RouteFormValues,
  type Strategy,
  type TargetRow,
} from './route-form';
import { NumberField } from './NumberField';

export interface RouteEditorProps {
  /** null: a new route. */
  editing: { name: string; route: RouteConfig } | null;
  open: boolean;
  onClose(): void;
  takenNames: readonly string[];
  modelSuggestions: readonly string[];
  prices: ReadonlyMap<string, ModelPrice | null>;
}

export function RouteEditor({ editing, open, onClose, takenNames, modelSuggestions, prices }: RouteEditorProps) {
  const id = useId();
  const [values, setValues] = useState<RouteFormValues>(() => (editing ? formFromRoute(editing.name, editing.route) : emptyRouteForm()));
  const [errors, setErrors] = useState<RouteFormErrors>({});
  const [saved, setSaved] = useState<SavedRoute | null>(null);
  const [dirty, setDirty] = useState(false);
  const save = useSaveRoute();
  const preview = useRoutingPreview();
  const formRef = useRef<HTMLFormElement>(null);
  const isNew = editing === null && saved === null;
  const routeName = saved?.name ?? editing?.name;

  useEffect(() => {
    if (!open) return;
    setValues(editing ? formFromRoute(editing.name, editing.route) : emptyRouteForm());
    setErrors({});
    setSaved(null);
    setDirty(false);
    save.reset();
    preview.reset();
    // Only when the panel opens on another route: not on every refetch of the list behind it.
  }, [open, editing?.name]);

  const focusField = (field: string | undefined) => {
    if (!field) return;
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"]`)?.focus());
  };

  const change = (next: RouteFormValues) => {
    setValues(next);
    setDirty(true);
  };
  const setTarget = (index: number, patch: Partial<TargetRow>) => change({ ...values, targets: values.targets.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  const clearError = (field: string) => {
    if (!errors[field] && !errors.form) return;
    const { [field]: _gone, form: _form, ...rest } = errors;
    setErrors(rest);
  };

  const runPreview = (name: string) => preview.mutate(previewBody({ model: name, tools: false, image: false, stream: false }));

  const submit = () => {
    const result = validateRouteForm(values, isNew ? takenNames : []);
    if (!result.ok) {
      setErrors(result.errors);
      focusField(firstErrorField(result.errors, values));
      return;
    }
    setErrors({});
    save.mutate(
      { name: result.name, route: result.route },
      {
        onSuccess: (answer) => {
          setSaved(answer);
          setDirty(false);
          toast(`Route “${answer.name}” saved`, { detail: answer.persisted ? `Applied live and written to ${answer.file ?? 'the config file'}.` : 'Applied live; there is no config file to write it to.' });
          runPreview(answer.name);
        },
        onError: (error) => {
          const mapped = error instanceof AdminApiError ? errorsFromApi(error) : { form: error.message };
          setErrors(mapped);
          focusField(firstErrorField(mapped, values));
        },
      },
    );
  };

  const shares = weightShares(values.targets);
  const strategy = STRATEGIES.find((entry) => entry.value === values.strategy);
  const fieldProps = (field: string) => ({
    'data-field': field,
    'aria-invalid': Boolean(errors[field]),
    'aria-describedby': errors[field] ? `${id}-${field}-error` : undefined,
  });
  const FieldError = ({ field }: { field: string }) =>
    errors[field] ? (
      <span id={`${id}-${field}-error`} className="field-error" role="alert">
        {errors[field]}
      </span>
    ) : null;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={isNew ? 'New route' : <span className="mono">{routeName}</span>}
      description={isNew ? 'A model name of your own that tools can use; the gateway picks among its targets.' : 'Changes apply as soon as you save, without a restart.'}
    >
      <form
        ref={formRef}
        className="route-editor"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input
            id={`${id}-name`}
            className="input input-mono"
            value={values.name}
            onChange={(event) => {
              change({ ...values, name: event.target.value });
              clearError('name');
            }}
            placeholder="fast"
            autoComplete="off"
            spellCheck={false}
            disabled={!isNew}
            autoFocus={isNew}
            {...fieldProps('name')}
          />
          {errors.name ? <FieldError field="name" /> : <span className="field-hint">{isNew ? 'Tools send this as the model name, e.g. "model": "fast".' : 'To rename a route, create a new one and delete this one.'}</span>}
        </div>

        <div className="field">
          <span className="field-label" id={`${id}-strategy`}>
            Strategy
          </span>
          <Segmented<Strategy> label="Strategy" value={values.strategy} onChange={(strategy) => change({ ...values, strategy })} options={STRATEGIES.map(({ value, label }) => ({ value, label }))} />
          <span className="field-hint">{strategy?.explain}</span>
        </div>

        <fieldset className="route-targets-editor">
          <legend className="field-label">Targets</legend>
          <span className="field-hint">
            {values.strategy === 'fallback' ? 'Tried top to bottom.' : values.strategy === 'weighted' ? 'Weight is a share of traffic (default 1); on failure the others are tried.' : 'The strategy decides the order for each request; this order breaks ties.'}{' '}
            A target is <code>provider/model</code> (not another route).
          </span>
          <ol className="target-rows">
            {values.targets.map((row, index) => {
              const price = prices.get(row.model.trim());
              return (
                <li key={row.key} className="target-row" data-target-index={index}>
                  <span className="target-order num" aria-hidden="true">
                    {index + 1}
                  </span>
                  <div className="field target-model">
                    <label className="sr-only" htmlFor={`${id}-t${row.key}-model`}>
                      Target {index + 1} model
                    </label>
                    <input
                      id={`${id}-t${row.key}-model`}
                      className="input input-mono"
                      value={row.model}
                      onChange={(event) => {
                        setTarget(index, { model: event.target.value });
                        clearError(`targets.${index}.model`);
                      }}
                      placeholder="provider/model"
                      list={`${id}-models`}
                      autoComplete="off"
                      spellCheck={false}
                      {...fieldProps(`targets.${index}.model`)}
                    />
                    {errors[`targets.${index}.model`] ? (
                      <FieldError field={`targets.${index}.model`} />
                    ) : (
                      row.model.trim() && price !== undefined && <span className="field-hint">{price ? `${describePrice(price)} per 1M tokens` : 'No price known: cost shows as unknown'}</span>
                    )}
                  </div>
                  {values.strategy === 'weighted' && (
                    <div className="field target-weight">
                      <label className="sr-only" htmlFor={`${id}-t${row.key}-weight`}>
                        Target {index + 1} weight
                      </label>
                      <div className="input-affix">
                        <input
                          id={`${id}-t${row.key}-weight`}
                          className="input num"
                          inputMode="decimal"
                          value={row.weight}
                          onChange={(event) => {
                            setTarget(index, { weight: event.target.value });
                            clearError(`targets.${index}.weight`);
                          }}
                          placeholder="1"
                          {...fieldProps(`targets.${index}.weight`)}
                        />
                        <span className="affix">{formatPercent(shares[index] ?? 0)}</span>
                      </div>
                      <FieldError field={`targets.${index}.weight`} />
                    </div>
                  )}
                  <div className="field target-timeout">
                    <label className="sr-only" htmlFor={`${id}-t${row.key}-timeout`}>
                      Target {index + 1} first-byte timeout
                    </label>
                    <div className="input-affix">
                      <input
                        id={`${id}-t${row.key}-timeout`}
                        className="input num"
                        inputMode="numeric"
                        value={row.timeoutMs}
                        onChange={(event) => {
                          setTarget(index, { timeoutMs: event.target.value });
                          clearError(`targets.${index}.timeoutMs`);
                        }}
                        placeholder="timeout"
                        title="Time allowed until the first byte from this target (overrides the route's)"
                        {...fieldProps(`targets.${index}.timeoutMs`)}
                      />
                      <span className="affix">ms</span>
                    </div>
                    <FieldError field={`targets.${index}.timeoutMs`} />
                  </div>
                  <div className="target-actions">
                    <button type="button" className="button button-icon" aria-label={`Move target ${index + 1} up`} disabled={index === 0} onClick={() => change({ ...values, targets: moveTarget(values.targets, index, -1) })}>
                      <Icon name="chevronDown" className="icon flip" />
                    </button>
                    <button
                      type="button"
                      className="button button-icon"
                      aria-label={`Move target ${index + 1} down`}
                      disabled={index === values.targets.length - 1}
                      onClick={() => change({ ...values, targets: moveTarget(values.targets, index, 1) })}
                    >
                      <Icon name="chevronDown" />
                    </button>
                    <button
                      type="button"
                      className="button button-icon"
                      aria-label={`Remove target ${index + 1}`}
                      disabled={values.targets.length === 1}
                      onClick={() => {
                        change({ ...values, targets: values.targets.filter((_, at) => at !== index) });
                        setErrors({});
                      }}
                    >
                      <Icon name="trash" />
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <datalist id={`${id}-models`}>
            {modelSuggestions
              .filter((name) => name !== values.name.trim())
              .map((name) => (
                <option key={name} value={name} />
              ))}
          </datalist>
          <FieldError field="targets" />
          <div>
            <button type="button" className="button button-ghost button-small" onClick={() => change({ ...values, targets: [...values.targets, newTarget()] })} disabled={values.targets.length >= 32}>
              <Icon name="plus" /> Add target
            </button>
          </div>
        </fieldset>

        <fieldset className="route-limits">
          <legend className="field-label">
            Timeouts and retries <span className="muted">(optional)</span>
          </legend>
          <NumberField id={`${id}-timeout`} label="First byte, per attempt" unit="ms" placeholder="provider default" value={values.timeoutMs} field="timeoutMs" errors={errors} fieldProps={fieldProps} onChange={(timeoutMs) => (change({ ...values, timeoutMs }), clearError('timeoutMs'))} />
          <NumberField id={`${id}-total`} label="Deadline, whole request" unit="ms" placeholder="global default" value={values.totalTimeoutMs} field="totalTimeoutMs" errors={errors} fieldProps={fieldProps} onChange={(totalTimeoutMs) => (change({ ...values, totalTimeoutMs }), clearError('totalTimeoutMs'))} />
          <NumberField id={`${id}-retries`} label="Retries of one target" placeholder="global default" value={values.maxRetries} field="maxRetries" errors={errors} fieldProps={fieldProps} onChange={(maxRetries) => (change({ ...values, maxRetries }), clearError('maxRetries'))} />
        </fieldset>

        <div className="field">
          <label className="field-label" htmlFor={`${id}-description`}>
            Description <span className="muted">(optional)</span>
          </label>
          <input id={`${id}-description`} className="input" value={values.description} onChange={(event) => change({ ...values, description: event.target.value })} placeholder="What this route is for" {...fieldProps('description')} />
          <FieldError field="description" />
        </div>

        {errors.form && (
          <div className="callout tone-bad" role="alert" data-field="form" tabIndex={-1}>
            <Icon name="alert" />
            <div>
              <strong>The gateway did not save the route.</strong> {errors.form}
            </div>
          </div>
        )}
        {saved && !dirty && (
          <div className="callout tone-ok" data-testid="route-saved">
            <Icon name="check" />
            <div>
              Saved and applied: tools can use <code>{saved.name}</code> now.{' '}
              {saved.persisted ? (
                <>
                  Written to <code>{saved.file}</code>.
                </>
              ) : (
                'Not written to a file (the gateway runs without a config file): it lasts until the gateway stops.'
              )}
            </div>
          </div>
        )}

        <div className="route-editor-foot">
          <button type="button" className="button button-ghost" onClick={onClose}>
            {saved && !dirty ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : isNew ? 'Create route' : 'Save route'}
          </button>
        </div>
      </form>

      {routeName && (
        <section className="route-editor-preview" aria-labelledby={`${id}-preview`}>
          <header>
            <h3 id={`${id}-preview`}>Routing preview</h3>
            <button type="button" className="button button-ghost button-small" onClick={() => runPreview(routeName)} disabled={preview.isPending}>
              <Icon name="play" /> {preview.data ? 'Plan again' : 'Plan a request'}
            </button>
          </header>
          <p className="field-hint">
            How the gateway would route a chat request to <code>{routeName}</code> right now: the order it tries, why, and what it skips.
            {dirty && ' It plans the saved route: save to see your edits.'}
          </p>
          <RoutePlan plan={preview.data} error={preview.error} />
        </section>
      )}
    </Drawer>
  );
}
