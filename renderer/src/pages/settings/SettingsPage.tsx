/**
 * Settings: the gateway's editable settings by section (each says whether it applies now or at the next
 * start), saved together with only the changed fields sent; then appearance, the desktop-only launch at
 * login, and about. Errors land under the field their config path names.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { AdminApiError } from '../../api/admin-client';
import { useSaveSettings, useSettings } from '../../api/settings-queries';
import { useTheme } from '../../app/use-theme';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Segmented } from '../../components/Segmented';
import { Skeleton } from '../../components/Skeleton';
import { toast } from '../../lib/toast-store';
import type { ThemeSetting } from '../../lib/theme';
import { AboutPanel } from './AboutPanel';
import { DesktopPanel } from './DesktopPanel';
import { SettingField } from './SettingField';
import { ConfigFileChanged } from './ConfigFileChanged';
import { isConfigFileChanged } from './reload-config';
import { diffPatch, fieldForError, formFrom, outcomeOf, rebaseForm, sectionsFrom, type FormValues, type SaveOutcome, type SettingsAnswer } from './settings-model';
import './settings.css';

export function SettingsPage() {
  const settings = useSettings();
  return (
    <div className="stack settings-page">
      <PageHeader title="Settings" />
      {settings.isError ? (
        <ErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton lines={10} wide />
      ) : (
        <GatewaySettings data={settings.data} />
      )}
      <AppearancePanel />
      <DesktopPanel />
      <AboutPanel file={settings.data?.file} />
    </div>
  );
}

function GatewaySettings({ data }: { data: SettingsAnswer }) {
  const save = useSaveSettings();
  const [form, setForm] = useState<FormValues>(() => formFrom(data.settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<SaveOutcome>({});
  const [topError, setTopError] = useState<unknown>(null);
  const groups = useMemo(() => sectionsFrom(data.settings), [data.settings]);
  const diff = useMemo(() => diffPatch(data.settings, form), [data.settings, form]);
  const dirty = diff.changed.length + Object.keys(diff.errors).length;

  // A fresh list from the gateway (after a save or a config reload) is the new starting point; unsaved edits stay.
  const previous = useRef(data.settings);
  useEffect(() => {
    const before = previous.current;
    previous.current = data.settings;
    setForm((current) => rebaseForm(before, data.settings, current));
  }, [data.settings]);

  const change = (path: string, value: FormValues[string]) => {
    setForm((current) => ({ ...current, [path]: value }));
    setErrors(({ [path]: _cleared, ...rest }) => rest);
    setOutcome(({ [path]: _done, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTopError(null);
    if (Object.keys(diff.errors).length) {
      setErrors(diff.errors);
      const first = Object.keys(diff.errors)[0];
      if (first) document.querySelector<HTMLElement>(`[data-setting="${first}"] :is(input, select, textarea)`)?.focus();
      return;
    }
    if (!diff.changed.length) return;
    save.mutate(diff.patch, {
      onSuccess: (answer) => {
        setErrors({});
        setOutcome(outcomeOf(answer));
        const later = answer.restartRequired.length;
        toast(later ? 'Saved — restart Signalbox to apply' : 'Applied', {
          detail: later && answer.applied.length ? `${answer.applied.length} applied now, ${later} at the next start.` : answer.persisted ? undefined : 'No config file: kept until Signalbox stops.',
        });
      },
      onError: (error) => {
        const path = error instanceof AdminApiError ? fieldForError(error.param) : undefined;
        if (path) {
          setErrors({ [path]: error.message });
          document.querySelector<HTMLElement>(`[data-setting="${path}"] :is(input, select, textarea)`)?.focus();
        } else setTopError(error);
      },
    });
  };

  const restartPending = data.settings.filter((entry) => 'nextStart' in entry && JSON.stringify(entry.nextStart) !== JSON.stringify(entry.value));
  const remote = form['server.allowRemote'] === true;

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Gateway settings">
      {restartPending.length > 0 && (
        <div className="settings-callout tone-warn" role="status">
          <Icon name="info" />
          <span>
            {restartPending.length === 1 ? 'One setting is' : `${restartPending.length} settings are`} saved for the next start. Restart Signalbox to apply{' '}
            {restartPending.length === 1 ? 'it' : 'them'}.
          </span>
        </div>
      )}
      {topError !== null &&
        (isConfigFileChanged(topError) ? <ConfigFileChanged error={topError} onReloaded={() => setTopError(null)} /> : <ErrorPanel error={topError} compact />)}
      {groups.map(({ section, fields }) => (
        <Panel key={section.id} id={`settings-${section.id}`} title={section.title} description={section.description}>
          <div className="settings-fields">
            {fields.map((view) => (
              <div key={view.def.path}>
                <SettingField view={view} value={form[view.def.path] ?? null} error={errors[view.def.path]} outcome={outcome[view.def.path]} onChange={(value) => change(view.def.path, value)} />
                {view.def.path === 'server.allowRemote' && remote && (
                  <div className="settings-callout tone-bad settings-inset" role="note">
                    <Icon name="alert" />
                    <span>
                      Other machines on your network will be able to reach Signalbox. Every request still needs a client key, but anyone with one can spend your provider credit. Bind a
                      specific address rather than 0.0.0.0 when you can, and list it under allowed hosts.
                    </span>
                  </div>
                )}
              </div>
            ))}
          </div>
        </Panel>
      ))}
      <div className={`settings-savebar ${dirty ? 'is-dirty' : ''}`} aria-live="polite">
        <span className="muted">{dirty ? `${dirty} unsaved ${dirty === 1 ? 'change' : 'changes'}` : 'No unsaved changes'}</span>
        <button
          type="button"
          className="button button-ghost"
          disabled={!dirty || save.isPending}
          onClick={() => {
            setForm(formFrom(data.settings));
            setErrors({});
          }}
        >
          Discard
        </button>
        <button type="submit" className={`button ${dirty ? 'button-primary' : ''}`} disabled={!dirty || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

function AppearancePanel() {
  const { setting, setSetting } = useTheme();
  return (
    <Panel title="Appearance" description="Kept in this browser (or window); applies at once." id="appearance">
      <div className="settings-fields">
        <div className="setting">
          <div className="setting-text">
            <span className="field-label">Theme</span>
            <p className="field-hint">System follows your operating system’s light or dark mode.</p>
          </div>
          <div className="setting-control">
            <Segmented<ThemeSetting>
              label="Theme"
              value={setting}
              onChange={setSetting}
              options={[
                { value: 'system', label: 'System' },
                { value: 'light', label: 'Light' },
                { value: 'dark', label: 'Dark' },
              ]}
            />
          </div>
        </div>
      </div>
    </Panel>
  );
}
