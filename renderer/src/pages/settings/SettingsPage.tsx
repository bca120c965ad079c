/** Settings: appearance (here, now), and the gateway's settings as configured (read-only for now). */
import type { ReactNode } from 'react';
import { useTheme } from '../../app/use-theme';
import { useConfig } from '../../api/queries';
import { ComingNote } from '../../components/ComingNote';
import { ErrorPanel } from '../../components/ErrorPanel';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Segmented } from '../../components/Segmented';
import { Skeleton } from '../../components/Skeleton';
import { formatMs } from '../../lib/format';
import type { ThemeSetting } from '../../lib/theme';
import './settings.css';

function Facts({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts settings-facts">
      {rows.map(([label, value]) => (
        <div key={label} className="settings-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const yesNo = (value: boolean | undefined) => (value === undefined ? '—' : value ? 'on' : 'off');

export function SettingsPage() {
  const config = useConfig();
  const { setting, setSetting } = useTheme();
  const data = config.data;
  return (
    <div className="stack">
      <PageHeader title="Settings" />
      <Panel title="Appearance" description="Kept in this browser (or window)." id="appearance">
        <div className="panel-body settings-inline">
          <span>Theme</span>
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
      </Panel>
      <ComingNote>
        Changing these from here (port, log level, body retention, OTLP export, launch at login in the desktop app) is on its way. Today they live in the config file, which is validated on start: a
        wrong value names its path.
      </ComingNote>
      {config.isError ? (
        <ErrorPanel error={config.error} onRetry={() => void config.refetch()} />
      ) : !data ? (
        <Skeleton lines={8} wide />
      ) : (
        <div className="grid-2">
          <Panel title="Server" id="server">
            <Facts
              rows={[
                ['Configured address', <code key="host">{`${data.server.host}:${data.server.port}`}</code>],
                ['Serving this page at', <code key="live">{location.host}</code>],
                ['Remote access', data.server.allowRemote ? 'allowed (client key required)' : 'loopback only'],
                ['Largest request body', `${data.server.bodyLimitMb} MB`],
                ['Request upload timeout', formatMs(data.server.requestTimeoutMs)],
              ]}
            />
          </Panel>
          <Panel title="Ledger" id="ledger">
            <Facts
              rows={[
                ['Requests kept for', `${data.ledger.retentionDays} days`],
                ['Cost in responses', yesNo(data.ledger.costInResponses)],
                ['x-signalbox-cost-usd header', yesNo(data.ledger.costHeader)],
                ['Budget warning at', `${Math.round(data.limits.warnAt * 100)}% of a budget`],
              ]}
            />
          </Panel>
          <Panel title="Traces and logs" id="observability">
            <Facts
              rows={[
                ['Recent traces in memory', data.traces ? data.traces.ringSize.toLocaleString() : '—'],
                ['Request and response bodies', data.traces ? (data.traces.bodies ? `kept ${data.traces.retentionDays} days, ${Math.round(data.traces.maxBodyBytes / 1024)} KB each` : 'not kept') : '—'],
                ['Log level', data.logging?.level ?? '—'],
                ['Log file', data.logging?.file?.enabled === undefined ? 'default for this mode' : yesNo(data.logging.file.enabled)],
                ['Prometheus /metrics', yesNo(data.metrics?.enabled)],
              ]}
            />
          </Panel>
          <Panel title="Routing defaults" id="routing">
            <Facts
              rows={[
                ['Default route (model "auto")', data.routing.defaultRoute ? <code key="route">{data.routing.defaultRoute}</code> : 'the route named auto, else the first'],
                ['Deadline per request', formatMs(data.routing.totalTimeoutMs)],
                ['Retries per target', String(data.routing.retry.maxRetries ?? '—')],
                ['Circuit opens after', `${String(data.routing.breaker.consecutiveFailures ?? '—')} failures in a row`],
              ]}
            />
          </Panel>
        </div>
      )}
    </div>
  );
}
