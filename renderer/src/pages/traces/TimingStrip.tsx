/** The request's timings: total, time to first byte, time at providers, and the gateway's own overhead. */
import { formatMs } from '../../lib/format';
import type { Timings } from './trace-detail';

export function TimingStrip({ timings }: { timings: Timings }) {
  const items: Array<[string, number | null, string]> = [
    ['Total', timings.totalMs, 'From the request arriving to the last byte sent'],
    ['TTFB', timings.firstByteMs, 'Until the first part of the answer (streams) or the whole answer'],
    ['Upstream', timings.upstreamMs, 'Waiting on providers, all attempts (backoff excluded)'],
    ['Gateway overhead', timings.overheadMs, 'The gateway’s own time: total minus upstream and backoff waits (translation, routing, accounting)'],
  ];
  return (
    <dl className="timing-strip" data-testid="timings">
      {items.map(([label, value, hint]) => (
        <div key={label} title={hint}>
          <dt>{label}</dt>
          <dd className="num">{formatMs(value)}</dd>
        </div>
      ))}
      {timings.waitMs > 0 && (
        <div title="Time spent waiting between attempts">
          <dt>Backoff</dt>
          <dd className="num">{formatMs(timings.waitMs)}</dd>
        </div>
      )}
    </dl>
  );
}
