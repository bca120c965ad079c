/**
 * Replay a request against another model or route: the retained inbound body with `model` replaced, sent
 * through the playground endpoint of the same dialect (the real pipeline: it gets its own trace). Shows the
 * answer, status, latency, tokens, cost and a link to the new trace.
 */
import { useId, useMemo, useState } from 'react';
import { useModels } from '../../api/config-queries';
import { useRequest } from '../../api/queries';
import type { TraceBodyView } from '../../api/types';
import { Badge } from '../../components/Badge';
import { ModelOptions } from '../../components/ModelOptions';
import { formatMs, formatTokens, formatUsd, microsToUsd } from '../../lib/format';
import { useLiveTrace } from '../../live/LiveProvider';
import { buildReplay, replayability } from './replay-request';
import { SEND_PHASE, useAnswerSend, type SendState } from '../playground/use-answer-send';
import './trace-bodies.css';

export function ReplayPanel({ endpoint, request, originalModel }: { endpoint: string | null; request: TraceBodyView | null; originalModel: string | null }) {
  const selectId = useId();
  const hintId = useId();
  const models = useModels();
  const check = useMemo(() => replayability(endpoint, request), [endpoint, request]);
  const [model, setModel] = useState('');
  const [stream, setStream] = useState<boolean | null>(null);
  const { state, send, stop } = useAnswerSend();
  const streaming = stream ?? (check.ok ? check.stream : false);
  const busy = state.phase === 'sending' || state.phase === 'streaming';
  const reason = !check.ok ? check.reason : !model ? 'Choose a route or a model first' : undefined;

  const replay = () => {
    if (!check.ok || !model || busy) return;
    void send(check.dialect, buildReplay(check.dialect, check.body, model, streaming));
  };

  return (
    <div className="replay" data-testid="replay">
      <form
        className="replay-form"
        onSubmit={(event) => {
          event.preventDefault();
          replay();
        }}
      >
        <div className="field replay-model">
          <label className="field-label" htmlFor={selectId}>
            Replay with
          </label>
          <select id={selectId} className="select input-mono" value={model} onChange={(event) => setModel(event.target.value)} disabled={!check.ok} aria-describedby={hintId}>
            <ModelOptions answer={models.data} original={originalModel} />
          </select>
        </div>
        <label className="replay-check">
          <input type="checkbox" checked={streaming} disabled={!check.ok} onChange={(event) => setStream(event.target.checked)} /> stream
        </label>
        {busy ? (
          <button type="button" className="button" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={Boolean(reason)} title={reason}>
            Replay
          </button>
        )}
      </form>
      <p id={hintId} className="field-hint" data-testid="replay-hint">
        {check.ok ? 'Sends the request exactly as the client did, with only the model changed, through the playground. It gets its own trace.' : check.reason}
      </p>
      {state.phase !== 'idle' && <ReplayResult state={state} />}
    </div>
  );
}

function ReplayResult({ state }: { state: SendState }) {
  const live = useLiveTrace(state.traceId ?? undefined);
  const finished = state.phase === 'done' || state.phase === 'error';
  const ledger = useRequest(finished && state.traceId && !live?.record ? state.traceId : undefined);
  const record = live?.record ?? ledger.data ?? null;
  const usage = record?.usage;
  const phase = SEND_PHASE[state.phase];
  return (
    <section className="replay-result" data-testid="replay-result" aria-label="Replay result" aria-busy={!finished}>
      <header className="replay-head">
        <Badge tone={phase.tone} dot={!finished && state.phase !== 'stopped'}>
          {phase.label}
        </Badge>
        {state.httpStatus !== null && <span className="muted num">HTTP {state.httpStatus}</span>}
        {state.firstTokenMs !== null && <span className="muted num">first token {formatMs(state.firstTokenMs)}</span>}
        {state.totalMs !== null && <span className="muted num">total {formatMs(state.totalMs)}</span>}
      </header>
      <div className="replay-answer" data-testid="replay-answer" aria-live="polite">
        {state.text ||
          (state.phase === 'sending' ? <span className="muted">Waiting for the first token…</span> : state.phase === 'done' && state.toolCalls.length === 0 ? <span className="muted">(empty answer)</span> : null)}
      </div>
      {state.toolCalls.length > 0 && (
        <ul className="replay-tools" aria-label="Tool calls">
          {state.toolCalls.map((call, index) => (
            <li key={index} className="mono">
              {call.name}({call.arguments})
            </li>
          ))}
        </ul>
      )}
      {state.error && (
        <p className="replay-error" role="alert">
          <strong>{state.error.inBand ? 'The stream ended with an error' : `The gateway answered ${state.error.status ?? 'with an error'}`}:</strong> {state.error.message}
        </p>
      )}
      <dl className="replay-facts">
        <dt>Served by</dt>
        <dd className="mono">{record?.provider ? `${record.provider}/${record.upstreamModel ?? ''}` : '—'}</dd>
        <dt>Tokens in / out</dt>
        <dd className="num">{usage ? `${formatTokens(usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite)} / ${formatTokens(usage.outputText + usage.outputReasoning)}` : '—'}</dd>
        <dt>Cost</dt>
        <dd className="num" data-testid="replay-cost">
          {record ? (record.cost ? formatUsd(microsToUsd(record.cost.totalMicros)) : 'unpriced') : '—'}
        </dd>
        <dt>New trace</dt>
        <dd className="mono">{state.traceId ? <a href={`#/traces/${encodeURIComponent(state.traceId)}`} data-testid="replay-trace-link">{state.traceId}</a> : '—'}</dd>
      </dl>
    </section>
  );
}
