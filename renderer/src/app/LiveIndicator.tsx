/** Whether the page is live (trace stream connected), catching up, or reading the ledger periodically. */
import { Tip } from '../components/Tip';
import { useLiveState } from '../live/LiveProvider';

const TEXT = {
  connecting: { label: 'Connecting', tone: 'warn', tip: 'Opening the live trace stream…' },
  live: { label: 'Live', tone: 'ok', tip: 'Requests appear here as they happen.' },
  reconnecting: { label: 'Reconnecting', tone: 'warn', tip: 'The live stream dropped; reconnecting (events in between are replayed).' },
  unavailable: { label: 'Polling', tone: 'neutral', tip: 'This gateway has no live trace stream; the page refreshes every few seconds instead.' },
  'signed-out': { label: 'Signed out', tone: 'bad', tip: 'The session ended.' },
} as const;

export function LiveIndicator() {
  const state = useLiveState();
  const text = TEXT[state];
  return (
    <Tip content={text.tip} side="bottom">
      <span className={`live-indicator tone-${text.tone} ${state === 'live' ? 'is-live' : ''}`} role="status" tabIndex={0} data-live-state={state}>
        <span className="live-dot" aria-hidden="true" />
        {text.label}
      </span>
    </Tip>
  );
}
