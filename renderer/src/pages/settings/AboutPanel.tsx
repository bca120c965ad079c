/**
 * Settings → About: the version and where this gateway keeps its files (absolute paths, each copyable),
 * from `GET /admin/status`. A path the gateway does not have (no config file, an in-memory ledger) says so.
 */
import { useStatus } from '../../api/queries';
import type { Status } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { Panel } from '../../components/Panel';

type PathKey = keyof NonNullable<Status['paths']>;

const ROWS: Array<{ key: PathKey; label: string; none: string }> = [
  { key: 'dataDir', label: 'Data directory', none: 'none — nothing is kept on disk' },
  { key: 'configFile', label: 'Config file', none: 'none — changes here last until Signalbox stops' },
  { key: 'logFile', label: 'Log file', none: 'none — logs go to the terminal only' },
  { key: 'database', label: 'Database', none: 'none — the ledger is kept in memory' },
];

export function AboutPanel({ file }: { file: string | null | undefined }) {
  const status = useStatus();
  const paths = status.data?.paths;
  return (
    <Panel title="About" id="about">
      <dl className="facts settings-facts">
        <div className="settings-row">
          <dt>Version</dt>
          <dd className="settings-copyable" data-testid="about-version">
            {status.data ? (
              <>
                <code>{status.data.version}</code>
                <CopyButton value={status.data.version} label="Copy version" compact />
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        {ROWS.map(({ key, label, none }) => {
          // The config file is known from the settings answer even before the status arrives.
          const value = paths ? paths[key] : key === 'configFile' ? file : undefined;
          return (
            <div className="settings-row" key={key}>
              <dt>{label}</dt>
              <dd className="settings-copyable" data-testid={key === 'configFile' ? 'config-file' : `about-${key}`}>
                {value ? (
                  <>
                    <code className="settings-path" title={value}>
                      {value}
                    </code>
                    <CopyButton value={value} label={`Copy ${label.toLowerCase()} path`} compact />
                  </>
                ) : value === null ? (
                  <span className="muted">{none}</span>
                ) : (
                  '—'
                )}
              </dd>
            </div>
          );
        })}
        <div className="settings-row">
          <dt>Serving this page at</dt>
          <dd>
            <code>{location.host}</code>
          </dd>
        </div>
      </dl>
    </Panel>
  );
}
