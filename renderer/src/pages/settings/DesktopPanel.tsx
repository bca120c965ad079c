/**
 * Settings → Desktop: launch at login, through the desktop window's preload bridge. In a browser (no
 * bridge, or a desktop build without `launchAtLogin`) the row is shown disabled with "Desktop app only".
 * The switch shows what the bridge reports: `set` resolves with the state now in effect.
 */
import { useEffect, useState } from 'react';
import { desktopBridge, type DesktopBridge } from '../../api/desktop-bridge';
import { Panel } from '../../components/Panel';
import { toast } from '../../lib/toast-store';
import { Toggle } from './SettingField';

type LaunchAtLogin = NonNullable<DesktopBridge['launchAtLogin']>;

export function DesktopPanel({ bridge = desktopBridge() }: { bridge?: DesktopBridge | undefined }) {
  const launch = bridge?.launchAtLogin;
  return (
    <Panel title="Desktop" id="desktop">
      <div className="settings-fields">{launch ? <LaunchAtLoginRow launch={launch} /> : <LaunchAtLoginUnavailable />}</div>
    </Panel>
  );
}

function LaunchAtLoginRow({ launch }: { launch: LaunchAtLogin }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    launch.get().then(
      (value) => current && setEnabled(value),
      () => current && setProblem('Could not read the login item setting.'),
    );
    return () => {
      current = false;
    };
  }, [launch]);

  const change = (wanted: boolean) => {
    setBusy(true);
    setProblem(null);
    launch
      .set(wanted)
      .then(
        (now) => {
          setEnabled(now);
          if (now !== wanted) setProblem('Your operating system did not accept the change.');
          else toast(now ? 'Signalbox will start when you log in' : 'Signalbox will not start at login');
        },
        () => setProblem('Could not change the login item setting.'),
      )
      .finally(() => setBusy(false));
  };

  return (
    <LaunchRow
      hint={problem ?? 'Start Signalbox in the background when you log in.'}
      hintClass={problem ? 'field-error' : 'field-hint'}
      checked={enabled === true}
      disabled={enabled === null || busy}
      onChange={change}
    />
  );
}

function LaunchAtLoginUnavailable() {
  return <LaunchRow hint="Desktop app only" hintClass="field-hint" checked={false} disabled onChange={() => undefined} />;
}

function LaunchRow({ hint, hintClass, checked, disabled, onChange }: { hint: string; hintClass: string; checked: boolean; disabled: boolean; onChange(value: boolean): void }) {
  return (
    <div className="setting is-toggle" data-testid="launch-at-login-row">
      <div className="setting-text">
        <label htmlFor="launch-at-login" className="field-label">
          Launch at login
        </label>
        <p id="launch-at-login-help" className={hintClass} role={hintClass === 'field-error' ? 'alert' : undefined}>
          {hint}
        </p>
      </div>
      <div className="setting-control">
        <Toggle id="launch-at-login" checked={checked} onChange={onChange} disabled={disabled} describedBy="launch-at-login-help" />
      </div>
    </div>
  );
}
