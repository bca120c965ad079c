/** The answer as it streams in, and the attempt timeline of the request that produced it. */
import { useRequest } from '../../api/queries';
import { Badge } from '../../components/Badge';
import { Panel } from '../../components/Panel';
import { formatMs, formatTokens, formatUsd, microsToUsd } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useLiveTrace } from '../../live/LiveProvider';
import { AttemptWaterfall } from '../traces/AttemptWaterfall';
import type { ReactNode } from 'react';
import { ToolCallList } from './AnswerActions';
import { SEND_PHASE, type SendState } from './use-answer-send';

/** `children`: what to do with a finished answer (AnswerActions); tool calls still streaming are shown read-only. */
export function AnswerPanel({ state, children }: { state: SendState; children?: ReactNode }) {
  const phase = SEND_PHASE[state.phase];
  return (
    <Panel
      title="Answer"
      id="answer"
      actions={
        state.phase !== 'idle' ? (
          <span className="answer-meta">
            {state.firstTokenMs !== null && <span className="muted">first token {formatMs(state.firstTokenMs)}</span>}
            {state.totalMs !== null && <span className="muted">total {formatMs(state.totalMs)}</span>}
            <Badge tone={phase.tone} dot={state.phase === 'sending' || state.phase === 'streaming'}>
              {phase.label}
            </Badge>
          </span>
        ) : undefined
      }
    >
      <div className="panel-body">
        {state.phase === 'idle' ? (
          <p className="muted">
            The answer appears here as it streams in, with any tool calls. Write a message above and press <strong>Send</strong> (Ctrl/⌘ + Enter).
          </p>
        ) : (
          <>
            <div className={`answer-text${!state.text && state.toolCalls.length ? ' is-empty' : ''}`} data-testid="answer" aria-live="polite" aria-busy={state.phase === 'sending' || state.phase === 'streaming'}>
              {state.text || (state.phase === 'sending' ? <span className="muted">Waiting for the first token…</span> : state.phase === 'done' && !state.toolCalls.length ? <span className="muted">(empty answer)</span> : null)}
              {state.phase === 'streaming' && <span className="answer-caret" aria-hidden="true" />}
            </div>
            {state.phase !== 'done' && state.toolCalls.length > 0 ? <ToolCallList calls={state.toolCalls} editable={false} /> : null}
            {children}
            {state.error && (
              <div className="answer-error" role="alert" data-testid="answer-error">
                <strong>{state.error.inBand ? 'The stream ended with an error' : `The gateway answered ${state.error.status ?? 'with an error'}`}:</strong> {state.error.message}
                <div className="muted">
                  {state.error.inBand
                    ? 'The answer above is what arrived before it. See the timeline for which attempt failed and why.'
                    : 'Every target failed or the request was refused. Check the timeline below, clear the injected faults, or check the providers on the Providers page.'}
                </div>
              </div>
            )}
          </>
        )}
      </div>
    </Panel>
  );
}

export function TimelinePanel({ traceId, sentAt }: { traceId: string | null; sentAt: number | null }) {
  const live = useLiveTrace(traceId ?? undefined);
  const running = Boolean(live && !live.record);
  const ledger = useRequest(traceId && !running ? traceId : undefined);
  const now = useNow(running ? 250 : 60_000);
  const record = live?.record ?? ledger.data ?? null;
  const attempts = record?.attemptLog ?? live?.attempts ?? [];
  const current = live?.current ? { ...live.current, now } : null;
  return (
    <Panel title="Attempt timeline" description="Every upstream attempt of the request: time to first byte, failures, retries and fallbacks." id="timeline">
      <div className="panel-body" data-testid="timeline">
        {!traceId ? (
          <p className="muted">{sentAt ? 'Waiting for the gateway to answer…' : 'Send a request to watch its attempts here. Inject a fault above to see a retry or a fallback happen.'}</p>
        ) : !record && !live ? (
          <p className="muted">Waiting for the trace of {traceId}…</p>
        ) : (
          <>
            <AttemptWaterfall requestStart={record?.startedAt ?? live?.startedAt ?? sentAt ?? now} totalMs={record?.latencyMs ?? null} attempts={attempts} running={current} />
            {record && (
              <p className="timeline-summary muted">
                HTTP {record.httpStatus} · {formatMs(record.latencyMs)} · {record.usage ? `${formatTokens(record.usage.inputUncached + record.usage.inputCacheRead + record.usage.inputCacheWrite)} in, ${formatTokens(record.usage.outputText + record.usage.outputReasoning)} out` : 'no usage'} ·{' '}
                {record.cost ? formatUsd(microsToUsd(record.cost.totalMicros)) : 'unpriced'} · <a href={`#/traces/${encodeURIComponent(traceId)}`}>open in Traces</a>
              </p>
            )}
          </>
        )}
      </div>
    </Panel>
  );
}
