/**
 * The retained bodies of one request (when `traces.bodies` is on): the inbound request diffed against what
 * an attempt sent upstream (attempt 1 by default; a fallback may have gone to another provider and dialect),
 * and the response (a stream's is a JSON summary of what streamed). Says how to turn retention on when off.
 */
import { useId, useMemo, useState } from 'react';
import type { AttemptLogEntry, TraceBodies, TraceBodyView } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Segmented } from '../../components/Segmented';
import { formatDateTime } from '../../lib/format';
import { formatBytes, planDiff, prettyBody } from './body-diff';
import { BodyDiffView, type DiffLayout } from './BodyDiffView';
import './trace-bodies.css';

/** Text shown in a body viewer at most (the copy button copies all of it): very long text slows the page. */
const SHOWN_CHARS = 512 * 1024;

function TruncatedFlag({ body, what }: { body: TraceBodyView; what: string }) {
  if (!body.truncated) return null;
  return (
    <p className="body-flag" role="note">
      <Icon name="alert" size={14} />
      <span>
        The {what} was {formatBytes(body.bytes)}; only its first part was kept (the size limit is set on the Settings page).
      </span>
    </p>
  );
}

function BodyBlock({ title, copy, body, testId }: { title: string; copy: string; body: TraceBodyView; testId: string }) {
  const pretty = useMemo(() => prettyBody(body.body), [body.body]);
  return (
    <figure className="body-block">
      <figcaption className="body-block-head">
        <span>{title}</span>
        <span className="muted num">
          {formatBytes(body.bytes)}
          {body.truncated ? ' · truncated' : ''}
        </span>
        <CopyButton value={pretty.text} label={`Copy ${copy}`} />
      </figcaption>
      <pre className="body-pre" data-testid={testId} tabIndex={0} aria-label={title}>
        <code>{pretty.text.length > SHOWN_CHARS ? pretty.text.slice(0, SHOWN_CHARS) : pretty.text}</code>
      </pre>
      {pretty.text.length > SHOWN_CHARS && <p className="body-more muted">Showing the first {formatBytes(SHOWN_CHARS)}: copy the body for all of it.</p>}
    </figure>
  );
}

const attemptLabel = (attempt: number, log: readonly AttemptLogEntry[]): string => {
  const entry = log.find((item) => item.n === attempt);
  return entry ? `Attempt ${attempt} · ${entry.provider}/${entry.upstreamModel}${entry.outcome === 'error' ? ' (failed)' : ''}` : `Attempt ${attempt}`;
};

export function TraceBodiesView({ bodies, attempts }: { bodies: TraceBodies; attempts: readonly AttemptLogEntry[] }) {
  const selectId = useId();
  const [picked, setPicked] = useState<number | null>(null);
  const [layout, setLayout] = useState<DiffLayout>('unified');
  const upstream = bodies.upstream.find((entry) => entry.attempt === picked) ?? bodies.upstream[0] ?? null;
  const request = bodies.request;
  const plan = useMemo(
    () => (request && upstream ? planDiff(request.body, upstream.body) : null),
    [request, upstream],
  );

  if (!bodies.retained) {
    return (
      <div className="body-empty" data-testid="bodies-off">
        <EmptyState icon="info" title="Bodies are not kept" actions={<a className="button" href="#/settings">Open Settings</a>}>
          <p>
            Turn on <strong>Keep request and response bodies</strong> (Settings → Data &amp; privacy, or <code>traces.bodies: true</code> in the config file) to see what each
            client sent, what the gateway sent upstream after translation, and the answer — and to replay a request against another model.
          </p>
          <p>It applies to new requests. API keys and other secrets are always redacted.</p>
        </EmptyState>
      </div>
    );
  }
  if (!request && !upstream && !bodies.response) {
    return <p className="muted">{bodies.note ?? 'No bodies were kept for this request.'}</p>;
  }

  return (
    <div className="trace-bodies" data-testid="trace-bodies">
      {request && upstream && plan ? (
        <div className="body-compare">
          <div className="body-toolbar">
            {bodies.upstream.length > 1 ? (
              <label className="body-attempt" htmlFor={selectId}>
                <span>Compare with</span>
                <select id={selectId} className="select input-mono" value={upstream.attempt} onChange={(event) => setPicked(Number(event.target.value))}>
                  {bodies.upstream.map((entry) => (
                    <option key={entry.attempt} value={entry.attempt}>
                      {attemptLabel(entry.attempt, attempts)}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <span className="muted body-attempt-one">{attemptLabel(upstream.attempt, attempts)}</span>
            )}
            {plan.kind === 'diff' && <Segmented<DiffLayout> label="Diff layout" value={layout} onChange={setLayout} options={[{ value: 'unified', label: 'Unified' }, { value: 'split', label: 'Side by side' }]} />}
            {plan.kind === 'diff' && (
              <span className="body-copies">
                <CopyButton value={plan.before.text} label="Copy inbound" />
                <CopyButton value={plan.after.text} label="Copy upstream" />
              </span>
            )}
          </div>
          {plan.summary.length > 0 && (
            <ul className="body-summary" data-testid="body-summary" aria-label="What the gateway changed">
              {plan.summary.map((note) => (
                <li key={note} className="mono">
                  {note}
                </li>
              ))}
            </ul>
          )}
          <TruncatedFlag body={request} what="inbound request" />
          <TruncatedFlag body={upstream} what={`request sent upstream on attempt ${upstream.attempt}`} />
          {plan.kind === 'diff' ? (
            <BodyDiffView key={`${upstream.attempt}-${layout}`} lines={plan.diff.lines} layout={layout} />
          ) : (
            <>
              <p className="body-flag" role="note">
                <Icon name="info" size={14} />
                <span>{plan.reason}</span>
              </p>
              <div className="body-pair">
                <BodyBlock title="Inbound request" copy="inbound" body={request} testId="body-inbound" />
                <BodyBlock title={`Upstream request (attempt ${upstream.attempt})`} copy="upstream" body={upstream} testId="body-upstream" />
              </div>
            </>
          )}
          <p className="muted body-legend">
            <span className="legend-remove">−</span> as the client sent it · <span className="legend-add">+</span> as sent upstream · received {formatDateTime(request.at)}
          </p>
        </div>
      ) : (
        <>
          {request ? <BodyBlock title="Inbound request" copy="inbound" body={request} testId="body-inbound" /> : <p className="muted">The inbound request was not kept.</p>}
          {upstream ? (
            <BodyBlock title={`Upstream request (attempt ${upstream.attempt})`} copy="upstream" body={upstream} testId="body-upstream" />
          ) : (
            <p className="muted">Nothing was sent upstream (the request was refused before an attempt).</p>
          )}
        </>
      )}
      {bodies.response ? (
        <>
          <TruncatedFlag body={bodies.response} what="response" />
          <BodyBlock title={isStreamSummary(bodies.response.body) ? 'Response (stream summary)' : 'Response'} copy="response" body={bodies.response} testId="body-response" />
        </>
      ) : (
        <p className="muted">No response body was kept (the request failed before answering, or is still running).</p>
      )}
    </div>
  );
}

const isStreamSummary = (text: string): boolean => text.startsWith('{"stream":true');
