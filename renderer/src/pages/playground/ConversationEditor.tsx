/** The conversation as an editable list: role, text, move up/down, remove; tool calls and tool results shown in place. */
import { prettyArguments } from './tool-call-parse';
import { addTurn, freshConversation, moveTurn, removeTurn, updateTurn, type Turn } from './conversation';

/** `focusKey`: the message to focus when it appears (the empty one left for the next question). */
export function ConversationEditor({ turns, onChange, focusKey = null }: { turns: readonly Turn[]; onChange(turns: Turn[]): void; focusKey?: string | null }) {
  const many = turns.length > 1;
  return (
    <div className="conversation" role="group" aria-label="Conversation">
      <ol className="conversation-list">
        {turns.map((turn, index) => {
          const n = index + 1;
          return (
            <li key={turn.key} className={`turn turn-${turn.role}`} data-role={turn.role}>
              <div className="turn-head">
                {turn.role === 'tool' ? (
                  <span className="turn-role">
                    tool result · <span className="mono">{turn.toolName}</span> <span className="muted mono">{turn.toolCallId}</span>
                  </span>
                ) : (
                  <select className="input turn-role-select" aria-label={`Role of message ${n}`} value={turn.role} onChange={(event) => onChange(updateTurn(turns, turn.key, { role: event.target.value as 'user' | 'assistant' }))}>
                    <option value="user">user</option>
                    <option value="assistant">assistant</option>
                  </select>
                )}
                <span className="turn-tools">
                  <button type="button" className="button button-icon button-small" aria-label={`Move message ${n} up`} title="Move up" disabled={index === 0} onClick={() => onChange(moveTurn(turns, turn.key, -1))}>
                    ↑
                  </button>
                  <button type="button" className="button button-icon button-small" aria-label={`Move message ${n} down`} title="Move down" disabled={index === turns.length - 1} onClick={() => onChange(moveTurn(turns, turn.key, 1))}>
                    ↓
                  </button>
                  <button type="button" className="button button-icon button-small" aria-label={`Remove message ${n}`} title="Remove" disabled={!many && turn.content === ''} onClick={() => onChange(removeTurn(turns, turn.key))}>
                    ×
                  </button>
                </span>
              </div>
              <textarea
                className="input"
                aria-label={turn.role === 'tool' ? `Result of ${turn.toolName} (message ${n})` : `Message ${n}`}
                rows={turn.role === 'user' && index === turns.length - 1 ? 3 : 2}
                value={turn.content}
                autoFocus={turn.key === focusKey}
                onChange={(event) => onChange(updateTurn(turns, turn.key, { content: event.target.value }))}
                placeholder={turn.role === 'user' ? 'Ask something…' : turn.role === 'tool' ? 'What the tool returned, e.g. {"temp_c": 18}' : turn.toolCalls?.length ? '(no text, only tool calls)' : 'What the assistant said'}
              />
              {turn.role === 'assistant' && turn.toolCalls?.length ? (
                <ul className="turn-calls" aria-label={`Tool calls of message ${n}`}>
                  {turn.toolCalls.map((call) => (
                    <li key={call.id}>
                      <span className="mono">{call.name}</span>
                      <code className="turn-call-args">{prettyArguments(call.arguments).replace(/\s*\n\s*/g, ' ')}</code>
                      <span className="muted mono">{call.id}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="conversation-actions">
        <button type="button" className="button button-small" onClick={() => onChange(addTurn(turns))}>
          Add message
        </button>
        {many || turns[0]?.content ? (
          <button type="button" className="button button-ghost button-small" onClick={() => onChange(freshConversation())}>
            Clear conversation
          </button>
        ) : null}
      </div>
    </div>
  );
}
