/** The gateway at a glance in the header: running, version, uptime, requests in flight, and any problem. */
import { Popover } from 'radix-ui';
import { useStatus } from '../api/queries';
import { Icon } from '../components/Icon';
import { formatSpan } from '../lib/format';
import { PauseControl } from './PauseControl';

export function GatewayStatus() {
  const status = useStatus();
  const data = status.data;
  const problems = data ? [...data.problems, ...(data.store.problem ? [`Ledger: ${data.store.problem}`] : []), ...(data.store.open ? [] : ['The ledger database is not open.'])] : [];
  const paused = data?.paused === true;
  const tone = status.isError ? 'bad' : problems.length || paused ? 'warn' : 'ok';
  const label = status.isError
    ? 'Unreachable'
    : !data
      ? 'Checking…'
      : paused
        ? 'Paused'
        : problems.length
          ? `${problems.length} problem${problems.length > 1 ? 's' : ''}`
          : 'Running';
  return (
    <Popover.Root>
      <Popover.Trigger className={`gateway-status tone-${tone}`} aria-label={`Gateway: ${label}`}>
        <span className="status-dot" aria-hidden="true" />
        <span>{label}</span>
        {data && <span className="muted">{data.inFlight} in flight</span>}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="end" sideOffset={6}>
          {data ? (
            <dl className="facts">
              <dt>Version</dt>
              <dd>{data.version}</dd>
              <dt>Up for</dt>
              <dd>{formatSpan(data.uptimeMs)}</dd>
              <dt>In flight</dt>
              <dd>{data.inFlight}</dd>
              <dt>Ledger</dt>
              <dd>{data.store.open ? `open · ${data.store.pending} pending${data.store.dropped ? ` · ${data.store.dropped} dropped` : ''}` : 'closed'}</dd>
            </dl>
          ) : (
            <p className="muted">{status.isError ? 'The gateway does not answer. Is Signalbox still running?' : 'Loading…'}</p>
          )}
          {data && data.paused !== undefined && <PauseControl paused={paused} />}
          {problems.length > 0 && (
            <ul className="problem-list">
              {problems.map((problem) => (
                <li key={problem}>
                  <Icon name="alert" />
                  {problem}
                </li>
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
