/** The same conversation (tools and parameters too) to 2–4 models side by side: each answer with its tool calls, latency, tokens and cost. */
import { useEffect, useState } from 'react';
import type { ModelsAnswer } from '../../api/types';
import { useRequest } from '../../api/queries';
import { Badge } from '../../components/Badge';
import { Panel } from '../../components/Panel';
import { formatMs, formatTokens, formatUsd, microsToUsd } from '../../lib/format';
import { useLiveTrace } from '../../live/LiveProvider';
import { ToolCallList } from './AnswerActions';
import { compareSlots, type Compose } from './playground-request';
import { usePlaygroundSend } from './use-playground-send';

export function ComparePanel({ compose, models, canSend }: { compose: Compose; models: ModelsAnswer | undefined; canSend: boolean }) {
  const [picked, setPicked] = useState<string[]>(['', '']);
  const [run, setRun] = useState<{ id: number; compose: Compose; models: string[] } | null>(null);
  const choices = [...(models?.routes ?? []).map((route) => route.name), ...(models?.data ?? []).map((entry) => entry.id)];
  const chosen = compareSlots(picked);
  const ready = canSend && chosen.length >= 2;
  return (
    <Panel
      title="Compare"
      id="compare"
      description="Send the conversation above — with its tools and parameters — to 2–4 models or routes at once and compare answers, latency, tokens and cost."
      actions={
        <button type="button" className="button" disabled={!ready} onClick={() => setRun({ id: (run?.id ?? 0) + 1, compose, models: chosen })} title={ready ? undefined : 'Write a message (and fix any errors above), then pick at least two models'}>
          Compare {chosen.length >= 2 ? chosen.length : ''}
        </button>
      }
    >
      <div className="compare-pickers">
        {picked.map((value, index) => (
          <select
            key={index}
            className="input input-mono"
            aria-label={`Compare model ${index + 1}`}
            value={value}
            onChange={(event) => setPicked((current) => current.map((entry, at) => (at === index ? event.target.value : entry)))}
          >
            <option value="">{index < 2 ? 'Pick a model…' : 'Optional'}</option>
            {choices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        ))}
        {picked.length < 4 && (
          <button type="button" className="button button-ghost" onClick={() => setPicked((current) => [...current, ''])}>
            Add a model
          </button>
        )}
      </div>
      {run ? (
        <div className="compare-grid" data-testid="compare">
          {run.models.map((model) => (
            <CompareColumn key={`${run.id}-${model}`} model={model} compose={run.compose} />
          ))}
        </div>
      ) : (
        <p className="panel-body muted">Pick at least two, then press Compare. Each gets the same system prompt, conversation, tools and parameters; faults are not injected here.</p>
      )}
    </Panel>
  );
}

function CompareColumn({ model, compose }: { model: string; compose: Compose }) {
  const { state, send, stop } = usePlaygroundSend();
  // One send per column (the parent remounts columns for a new run); unmounting stops it.
  useEffect(() => {
    void send({ ...compose, model }, {});
    return stop;
  }, [compose, model, send, stop]);
  const live = useLiveTrace(state.traceId ?? undefined);
  const finished = state.phase === 'done' || state.phase === 'error';
  const ledger = useRequest(finished && state.traceId && !live?.record ? state.traceId : undefined);
  const record = live?.record ?? ledger.data ?? null;
  const usage = record?.usage;
  return (
    <article className="compare-column" data-model={model} aria-busy={!finished}>
      <header className="compare-head">
        <span className="mono truncate" title={model}>
          {model}
        </span>
        <Badge tone={state.phase === 'done' ? 'ok' : state.phase === 'error' ? 'bad' : 'info'} dot={!finished}>
          {state.phase === 'done' ? 'done' : state.phase === 'error' ? 'failed' : state.phase === 'stopped' ? 'stopped' : 'running'}
        </Badge>
      </header>
      <div className={`answer-text${!state.text && state.toolCalls.length ? ' is-empty' : ''}`}>{state.text || (!finished && !state.toolCalls.length ? <span className="muted">Waiting…</span> : null)}</div>
      {state.toolCalls.length > 0 ? <ToolCallList calls={state.toolCalls} editable={false} /> : null}
      {state.error && <p className="compare-error">{state.error.message}</p>}
      <dl className="compare-facts">
        <dt>First token</dt>
        <dd className="num">{formatMs(state.firstTokenMs)}</dd>
        <dt>Total</dt>
        <dd className="num">{formatMs(state.totalMs)}</dd>
        <dt>Tokens in / out</dt>
        <dd className="num">{usage ? `${formatTokens(usage.inputUncached + usage.inputCacheRead + usage.inputCacheWrite)} / ${formatTokens(usage.outputText + usage.outputReasoning)}` : '—'}</dd>
        <dt>Cost</dt>
        <dd className="num" data-testid="compare-cost">{record ? (record.cost ? formatUsd(microsToUsd(record.cost.totalMicros)) : 'unpriced') : '—'}</dd>
        <dt>Served by</dt>
        <dd className="mono">{record?.provider ? `${record.provider}/${record.upstreamModel ?? ''}` : '—'}</dd>
      </dl>
    </article>
  );
}
