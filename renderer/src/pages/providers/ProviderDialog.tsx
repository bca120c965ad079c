/**
 * Adds a provider from a preset, or edits one: name, base URL, key, models, timeout, enabled, extra
 * headers. The key goes once to the gateway, which stores it in the OS keychain; it is never shown again
 * (the field starts empty when editing: typing a key replaces the stored one). "Test connection" makes a
 * real call with what is on screen. Closing with unsaved edits asks "Discard changes?" in place.
 */
import { useEffect, useId, useState } from 'react';
import { AdminApiError } from '../../api/admin-client';
import { useSaveProvider, useTestProvider } from '../../api/config-queries';
import type { ProviderInput, SavedProvider } from '../../api/types';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { toast } from '../../lib/toast-store';
import { DiscardPrompt } from '../routes/DiscardPrompt';
import { ConfigFileChanged } from '../settings/ConfigFileChanged';
import { isConfigFileChanged } from '../settings/reload-config';
import { HeadersEditor } from './HeadersEditor';
import { formChanged, formFromProvider, presetDefaults, providerFieldFromParam, validateProviderForm, type Preset, type ProviderFormErrors, type ProviderFormValues } from './provider-form';
import { ProviderField as Field } from './ProviderField';
import { TestResult } from './TestResult';

export interface ProviderDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  presets: readonly Preset[];
  takenIds: readonly string[];
  /** Editing: the configured provider. Adding: null (a preset may be chosen already). */
  editing: { id: string; provider: ProviderInput; keyHint: string | null } | null;
  initialType?: string | null;
  /** False when the OS keychain cannot be used: a typed key could not be stored (the gateway answers 503). */
  keychain?: boolean;
}

export function ProviderDialog({ open, onOpenChange, presets, takenIds, editing, initialType = null, keychain = true }: ProviderDialogProps) {
  const id = useId();
  const [preset, setPreset] = useState<Preset | null>(null);
  const [values, setValues] = useState<ProviderFormValues | null>(null);
  /** The values the form started from: what "unsaved changes" are measured against. */
  const [initial, setInitial] = useState<ProviderFormValues | null>(null);
  const [confirming, setConfirming] = useState(false);
  /** A save refused because the config file was edited by hand: offer to reload it. */
  const [conflict, setConflict] = useState<AdminApiError | null>(null);
  const [errors, setErrors] = useState<ProviderFormErrors>({});
  const [saved, setSaved] = useState<SavedProvider | null>(null);
  const save = useSaveProvider();
  const test = useTestProvider();

  const start = (next: ProviderFormValues | null) => {
    setValues(next);
    setInitial(next);
  };

  const choose = (next: Preset) => {
    setPreset(next);
    start(presetDefaults(next, takenIds));
    setErrors({});
    test.reset();
  };

  useEffect(() => {
    if (!open) return;
    setSaved(null);
    setErrors({});
    setConfirming(false);
    setConflict(null);
    save.reset();
    test.reset();
    if (editing) {
      const found = presets.find((entry) => entry.type === editing.provider.type) ?? { type: editing.provider.type, label: editing.provider.type, defaultBaseUrl: null, requiresKey: false, local: false };
      setPreset(found);
      start(formFromProvider(editing.id, editing.provider, found));
    } else {
      const found = presets.find((entry) => entry.type === initialType) ?? null;
      setPreset(found);
      start(found ? presetDefaults(found, takenIds) : null);
    }
    // Reset when the dialog opens, not when the lists behind it refetch.
  }, [open, editing?.id, initialType]);

  const set = <K extends keyof ProviderFormValues>(field: K, value: ProviderFormValues[K]) => {
    if (!values) return;
    setValues({ ...values, [field]: value });
    setConfirming(false);
    if (errors[field] || errors.form) setErrors({ ...errors, [field]: undefined, form: undefined });
  };

  const checked = () => {
    if (!values || !preset) return null;
    const result = validateProviderForm(values, preset, { takenIds, existing: editing?.provider ?? null });
    if (!result.ok) {
      setErrors(result.errors);
      return null;
    }
    setErrors({});
    return result;
  };

  const apiError = (error: Error) => {
    if (isConfigFileChanged(error)) setConflict(error);
    else if (error instanceof AdminApiError) setErrors({ [providerFieldFromParam(error.param)]: error.message });
    else setErrors({ form: error.message });
  };

  const runTest = () => {
    const result = checked();
    if (!result) return;
    // Editing without a new key: test the provider as configured (its stored key), otherwise what is typed.
    const body = editing && !result.apiKey && sameProvider(result.provider, editing.provider) ? { id: editing.id } : { provider: result.provider, ...(result.apiKey ? { apiKey: result.apiKey } : {}) };
    test.mutate(body, { onError: apiError });
  };

  const submit = () => {
    const result = checked();
    if (!result) return;
    setConflict(null);
    save.mutate(result, {
      onSuccess: (answer) => {
        setSaved(answer);
        setConfirming(false);
        setValues((current) => (current ? { ...current, apiKey: '' } : current));
        toast(`Provider “${answer.id}” ${editing ? 'saved' : 'added'}`, { detail: answer.persisted ? `Applied live and written to ${answer.file ?? 'the config file'}.` : 'Applied live.' });
        if (!answer.status.unavailable) test.mutate({ id: answer.id });
      },
      onError: apiError,
    });
  };

  const dirty = !saved && formChanged(initial, values);
  const close = () => onOpenChange(false);
  /** Escape, the close button, a click outside, Cancel: with unsaved edits, ask first (a second Escape keeps editing). */
  const requestClose = () => {
    if (dirty) setConfirming(true);
    else close();
  };
  const title = saved ? `“${saved.id}” is ready` : editing ? `Edit ${editing.id}` : preset ? `Add ${preset.label}` : 'Add a provider';

  return (
    <Modal open={open} onOpenChange={(next) => (next ? onOpenChange(true) : requestClose())} title={title} wide description={!preset ? 'Pick where requests should go. You can add as many providers as you like.' : undefined}>
      {!preset || !values ? (
        <div className="preset-grid is-picker">
          {presets.map((entry) => (
            <button key={entry.type} type="button" className="preset preset-button" onClick={() => choose(entry)} data-preset={entry.type}>
              <strong>{entry.label}</strong>
              <span className="muted">{entry.local ? 'runs on this machine' : entry.requiresKey ? 'needs an API key' : 'any OpenAI-style API'}</span>
            </button>
          ))}
        </div>
      ) : saved ? (
        <div className="stack provider-saved">
          <p>
            Requests can use its models now as <code>{saved.id}/&lt;model&gt;</code>
            {saved.persisted ? (
              <>
                ; it was written to <code>{saved.file}</code>.
              </>
            ) : (
              '.'
            )}
          </p>
          {saved.status.unavailable ? (
            <div className="callout tone-warn" role="alert">
              <Icon name="alert" />
              <div>{saved.status.unavailable}</div>
            </div>
          ) : test.data ? (
            <TestResult result={test.data} />
          ) : (
            <p className="muted">Testing the connection…</p>
          )}
          <div className="modal-footer">
            <button type="button" className="button button-primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          className="provider-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          {!editing && (
            <div className="provider-form-preset">
              <span>
                Preset <strong>{preset.label}</strong>
              </span>
              <button type="button" className="button button-ghost button-small" onClick={() => (setPreset(null), start(null), test.reset())}>
                Change
              </button>
            </div>
          )}
          <Field id={`${id}-id`} label="Name" error={errors.id} hint={<>Requests address its models as <code>{values.id || 'name'}/model</code>.</>}>
            <input
              id={`${id}-id`}
              className="input input-mono"
              value={values.id}
              onChange={(event) => set('id', event.target.value)}
              disabled={Boolean(editing)}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(errors.id)}
              aria-describedby={`${id}-id-help`}
            />
          </Field>
          <Field id={`${id}-url`} label="Base URL" error={errors.baseUrl} hint={preset.defaultBaseUrl ? 'The preset’s address; change it for a proxy or a self-hosted endpoint.' : 'Where its OpenAI-style API lives, usually ending in /v1.'}>
            <input
              id={`${id}-url`}
              className="input input-mono"
              value={values.baseUrl}
              onChange={(event) => set('baseUrl', event.target.value)}
              placeholder={preset.defaultBaseUrl ?? 'http://127.0.0.1:8000/v1'}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(errors.baseUrl)}
              aria-describedby={`${id}-url-help`}
            />
          </Field>
          <Field
            id={`${id}-key`}
            label={preset.requiresKey ? 'API key' : 'API key (optional)'}
            error={errors.apiKey}
            hint={
              editing?.keyHint ? (
                <>
                  Stored: <code>{editing.keyHint}</code>. Leave empty to keep it; a new key replaces it.
                </>
              ) : keychain ? (
                'Goes straight to your OS keychain. It is never shown again, not even here.'
              ) : (
                'The OS keychain cannot be used here, so a key typed here cannot be stored (testing it works).'
              )
            }
          >
            <input
              id={`${id}-key`}
              className="input input-mono"
              type="password"
              value={values.apiKey}
              onChange={(event) => set('apiKey', event.target.value)}
              placeholder={editing?.keyHint ? 'keep the stored key' : preset.requiresKey ? 'paste the key' : 'no key needed'}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(errors.apiKey)}
              aria-describedby={`${id}-key-help`}
            />
          </Field>
          <Field id={`${id}-models`} label="Models (optional)" error={errors.models} hint="Leave empty to use the models the provider lists. Comma separated to limit or name them.">
            <input
              id={`${id}-models`}
              className="input input-mono"
              value={values.models}
              onChange={(event) => set('models', event.target.value)}
              placeholder="discovered from the provider"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(errors.models)}
              aria-describedby={`${id}-models-help`}
            />
          </Field>
          <div className="provider-form-row">
            <Field id={`${id}-timeout`} label="Timeout (optional)" error={errors.timeoutSeconds} hint="Time allowed until the first byte of an answer. Empty: 120 s; a route may set its own.">
              <div className="input-affix">
                <input
                  id={`${id}-timeout`}
                  className="input num"
                  inputMode="decimal"
                  value={values.timeoutSeconds}
                  onChange={(event) => set('timeoutSeconds', event.target.value)}
                  placeholder="120"
                  autoComplete="off"
                  aria-invalid={Boolean(errors.timeoutSeconds)}
                  aria-describedby={`${id}-timeout-help`}
                />
                <span className="affix">s</span>
              </div>
            </Field>
            <div className="field provider-enabled">
              <span className="field-label" id={`${id}-enabled-label`}>
                Status
              </span>
              <label className="provider-check">
                <input type="checkbox" checked={values.enabled} onChange={(event) => set('enabled', event.target.checked)} aria-describedby={`${id}-enabled-help`} />
                Enabled
              </label>
              <span id={`${id}-enabled-help`} className="field-hint">
                {values.enabled ? 'Requests may use it.' : 'Kept in the config, but no request is sent to it.'}
              </span>
            </div>
          </div>
          <HeadersEditor id={`${id}-headers`} rows={values.headers} error={errors.headers} onChange={(rows) => set('headers', rows)} />
          {errors.form && (
            <div className="callout tone-bad" role="alert">
              <Icon name="alert" />
              <div>{errors.form}</div>
            </div>
          )}
          {test.data && <TestResult result={test.data} />}
          {conflict && <ConfigFileChanged error={conflict} onReloaded={() => setConflict(null)} />}
          {confirming ? (
            <div className="modal-footer">
              <DiscardPrompt className="provider-discard" onKeep={() => setConfirming(false)} onDiscard={close} />
            </div>
          ) : (
            <div className="modal-footer">
              <button type="button" className="button button-ghost" onClick={runTest} disabled={test.isPending}>
                <Icon name="zap" /> {test.isPending ? 'Testing…' : 'Test connection'}
              </button>
              <span className="spacer" />
              <button type="button" className="button button-ghost" onClick={requestClose}>
                Cancel
              </button>
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : editing ? 'Save provider' : 'Add provider'}
              </button>
            </div>
          )}
        </form>
      )}
    </Modal>
  );
}

function sameProvider(a: ProviderInput, b: ProviderInput): boolean {
  const key = (provider: ProviderInput) => JSON.stringify([provider.type, provider.baseUrl ?? '', provider.models ?? null, provider.headers ?? null, provider.timeoutMs ?? null]);
  return key(a) === key(b);
}
