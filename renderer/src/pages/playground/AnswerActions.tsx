/**
 * Under the answer: its tool calls (name, pretty arguments) with a result to type for each, and the way to
 * continue: add the answer (and the results) to the conversation, or send the results right away.
 */
import type { ToolCall } from './conversation';
import { prettyArguments } from './tool-call-parse';

export function ToolCallList({ calls, results, onResult, editable }: { calls: readonly ToolCall[]; results?: Readonly<Record<string, string>>; onResult?(id: string, text: string): void; editable: boolean }) {
  return (
    <ol className="tool-calls" data-testid="tool-calls">
      {calls.map((call, index) => (
        <li key={call.id || index} className="tool-call" data-call={call.id}>
          <div className="tool-call-head">
            <span className="tool-call-label">calls</span> <strong className="mono">{call.name || '…'}</strong> <span className="muted mono truncate">{call.id}</span>
          </div>
          <pre className="tool-call-args">{prettyArguments(call.arguments) || '{}'}</pre>
          {editable && onResult ? (
            <textarea
              className="input input-mono"
              rows={2}
              aria-label={`Result of ${call.name} (${call.id})`}
              placeholder={`What ${call.name || 'the tool'} returned, e.g. {"temp_c": 18, "sky": "sunny"}`}
              value={results?.[call.id] ?? ''}
              onChange={(event) => onResult(call.id, event.target.value)}
            />
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function AnswerActions({
  calls,
  results,
  onResult,
  onAdd,
  onSendResults,
  canSend,
}: {
  calls: readonly ToolCall[];
  results: Readonly<Record<string, string>>;
  onResult(id: string, text: string): void;
  onAdd(): void;
  onSendResults(): void;
  canSend: boolean;
}) {
  return (
    <div className="answer-actions-block">
      {calls.length > 0 ? (
        <>
          <p className="muted answer-calls-note">The model asked for {calls.length === 1 ? 'a tool call' : `${calls.length} tool calls`}. Type what each tool returned, then send the results to get the final answer.</p>
          <ToolCallList calls={calls} results={results} onResult={onResult} editable />
        </>
      ) : null}
      <div className="answer-actions">
        <button type="button" className="button button-small" onClick={onAdd} title="Append this answer to the conversation above, to continue it">
          Add to conversation
        </button>
        {calls.length > 0 ? (
          <button type="button" className="button button-primary button-small" onClick={onSendResults} disabled={!canSend}>
            Send tool results
          </button>
        ) : null}
      </div>
    </div>
  );
}
