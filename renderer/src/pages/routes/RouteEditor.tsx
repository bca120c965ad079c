/**
 * Creates or edits a route in a side panel: name, strategy, ordered targets (weights for `weighted`), timeouts.
 * Checked with the gateway's schema as you save; the gateway's own refusals land at the field they name.
 * Saving applies the route live and keeps the panel open with the routing preview of what was saved.
 * Closing it with unsaved edits (Escape, the close button, a click outside such as on another route,
 * Cancel) asks "Discard changes?" in place of its buttons.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { AdminApiError } from '../../api/admin-client';
import { useSaveRoute } from '../../api/config-queries';
import { useRoutingPreview } from '../../api/queries';
import type { ModelPrice, RouteConfig, SavedRoute } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { Icon } from '../../components/Icon';
import { Segmented } from '../../components/Segmented';
import { toast } from '../../lib/toast-store';
import { previewBody } from '../playground/preview-request';
import { ConfigFileChanged } from '../settings/ConfigFileChanged';
import { isConfigFileChanged } from '../settings/reload-config';
import { DiscardPrompt } from './DiscardPrompt';
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
  type TargetRow as TargetRowValues,
} from './route-form';
import { NumberField } from './NumberField';
import { RouteFieldError, TargetRow } from './TargetRow';

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
  const [confirming, setConfirming] = useState(false);
  /** A save refused because the config file was edited by hand: offer to reload it. */
  const [conflict, setConflict] = useState<AdminApiError | null>(null);
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
    setConfirming(false);
    setConflict(null);
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
    setConfirming(false);
  };
  const requestClose = () => {
    if (dirty) setConfirming(true);
    else onClose();
  };
  const setTarget = (index: number, patch: Partial<TargetRowValues>) => change({ ...values, targets: values.targets.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  const clearError = (field: string) => {
    if (!errors[field] && !errors.form) return;
    const { [field]: _gone, form: _form, ...rest } = errors;
    setErrors(rest);
  };

  const runPreview = (name: string) => preview.mutate(previewBody({ model: name, tools: false, image: false, stream: false }));

  const submit = () => {
    // Another route's name is taken; this route's own (current) name is not.
    const result = validateRouteForm(values, takenNames.filter((name) => name !== routeName));
    if (!result.ok) {
      setErrors(result.errors);
      focusField(firstErrorField(result.errors, values));
      return;
    }
    setErrors({});
    setConflict(null);
    save.mutate(
      { name: result.name, route: result.route, from: routeName },
      {
        onSuccess: (answer) => {
          setSaved(answer);
          setDirty(false);
          const renamed = routeName !== undefined && routeName !== answer.name;
          toast(renamed ? `Route “${routeName}” is now “${answer.name}”` : `Route “${answer.name}” saved`, { detail: answer.persisted ? `Applied live and written to ${answer.file ?? 'the config file'}.` : 'Applied live; there is no config file to write it to.' });
          runPreview(answer.name);
        },
        onError: (error) => {
          if (isConfigFileChanged(error)) {
            setConflict(error);
            return;
          }
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
  const FieldError = ({ field }: { field: string }) => <RouteFieldError id={id} errors={errors} field={field} />;

  return (
    <Drawer
      open={open}
      onClose={requestClose}
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
            autoFocus={isNew}
            {...fieldProps('name')}
          />
          {errors.name ? <FieldError field="name" /> : <span className="field-hint">
              {isNew || values.name.trim() === routeName
                ? 'Tools send this as the model name, e.g. "model": "fast".'
                : `Saving renames “${routeName}”: the default route and keys limited to it follow; tools must send the new name.`}
            </span>}
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
            {values.targets.map((row, index) => (
              <TargetRow
                key={row.key}
                id={id}
                row={row}
                index={index}
                count={values.targets.length}
                strategy={values.strategy}
                share={shares[index] ?? 0}
                price={prices.get(row.model.trim())}
                errors={errors}
                fieldProps={fieldProps}
                onChange={(patch) => setTarget(index, patch)}
                onClearError={clearError}
                onMove={(by) => change({ ...values, targets: moveTarget(values.targets, index, by) })}
                onRemove={() => {
                  change({ ...values, targets: values.targets.filter((_, at) => at !== index) });
                  setErrors({});
                }}
              />
            ))}
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
        {conflict && <ConfigFileChanged error={conflict} onReloaded={() => setConflict(null)} />}
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

        {confirming ? (
          <DiscardPrompt
            onKeep={() => setConfirming(false)}
            onDiscard={() => {
              setConfirming(false);
              onClose();
            }}
          />
        ) : (
          <div className="route-editor-foot">
            <button type="button" className="button button-ghost" onClick={requestClose}>
              {saved && !dirty ? 'Done' : 'Cancel'}
            </button>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : isNew ? 'Create route' : 'Save route'}
            </button>
          </div>
        )}
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
