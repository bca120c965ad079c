/**
 * Playground: compose a request in any inbound dialect — a conversation, optional tools and parameters — see
 * its routing plan before sending, arm faults per target for this request only, send it, and watch the
 * answer (and its tool calls) stream in next to its attempt timeline; then continue the conversation.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useModels } from '../../api/config-queries';
import { usePlaygroundPreview } from '../../api/playground-queries';
import { ModelOptions } from '../../components/ModelOptions';
import { Kbd } from '../../components/Kbd';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Segmented } from '../../components/Segmented';
import { AnswerActions } from './AnswerActions';
import { ComparePanel } from './ComparePanel';
import { ConversationEditor } from './ConversationEditor';
import {
  appendAnswer,
  conversationProblem,
  EMPTY_PARAMS,
  effectiveToolChoice,
  freshConversation,
  isParamDrafts,
  isToolChoice,
  isTools,
  isTurns,
  paramsSummary,
  parseParams,
  toolSpecs,
  type ChatMessage,
  type ParamDrafts,
  type ToolChoice,
  type ToolDraft,
  type Turn,
} from './conversation';
import { ParamsEditor } from './ParamsEditor';
import { buildRequest, DIALECTS, type Compose, type Dialect, type Fault } from './playground-request';
import { PlanPanel } from './PlanPanel';
import { AnswerPanel, TimelinePanel } from './ResultPanel';
import { ToolsEditor } from './ToolsEditor';
import { useDebounced } from './use-debounced';
import { usePlaygroundSend } from './use-playground-send';
import { useSessionState } from './use-session-state';
import './playground.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const isDialect = (value: unknown): value is Dialect => DIALECTS.some((entry) => entry.value === value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const PING: ChatMessage[] = [{ role: 'user', content: 'ping' }];

const sendsCtrlEnter = (event: KeyboardEvent): boolean => event.key === 'Enter' && (event.ctrlKey || event.metaKey);

export function PlaygroundPage() {
  const models = useModels();
  const [dialect, setDialect] = useSessionState<Dialect>('signalbox.playground.dialect', () => 'openai-chat', isDialect);
  const [model, setModel] = useSessionState('signalbox.playground.model', () => '', isString);
  const [system, setSystem] = useSessionState('signalbox.playground.system', () => '', isString);
  const [stream, setStream] = useSessionState('signalbox.playground.stream', () => true, isBoolean);
  const [turns, setTurns] = useSessionState<Turn[]>('signalbox.playground.turns', freshConversation, isTurns);
  const [tools, setTools] = useSessionState<ToolDraft[]>('signalbox.playground.tools', () => [], isTools);
  const [toolChoice, setToolChoice] = useSessionState<ToolChoice>('signalbox.playground.tool-choice', () => 'auto', isToolChoice);
  const [paramDrafts, setParamDrafts] = useSessionState<ParamDrafts>('signalbox.playground.params', () => EMPTY_PARAMS, isParamDrafts);
  const [faults, setFaults] = useState<Record<string, Fault | null>>({});
  const [results, setResults] = useState<Record<string, string>>({});
  const [added, setAdded] = useState(false);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [sentAt, setSentAt] = useState<number | null>(null);
  const [toolsOpen, setToolsOpen] = useState(() => tools.length > 0);
  const [paramsOpen, setParamsOpen] = useState(false);
  const { state, send, stop } = usePlaygroundSend();

  const routes = models.data?.routes ?? [];
  const direct = models.data?.data ?? [];
  const { params, errors: paramErrors } = parseParams(paramDrafts, dialect);
  const specs = toolSpecs(tools);
  const choice = effectiveToolChoice(toolChoice, specs ?? []);
  const composeFor = (messages: readonly ChatMessage[]): Compose => ({
    dialect,
    model,
    system,
    messages,
    stream,
    tools: specs ?? [],
    toolChoice: choice,
    maxTokens: params.maxTokens,
    temperature: params.temperature,
    topP: params.topP,
  });
  const compose = composeFor(turns);
  const problem = conversationProblem(turns);
  const paramProblems = Object.keys(paramErrors).length;
  const blocker = !model.trim() ? 'Choose a route or model first' : problem ?? (!specs ? 'Fix the tool definitions first' : paramProblems ? 'Fix the parameters first' : null);

  // The preview plans the request as composed (tools included, so targets without tool support are skipped).
  const planJson = model.trim() ? JSON.stringify(buildRequest(composeFor(problem === 'Write a message first' ? PING : turns))) : null;
  const debounced = useDebounced(planJson, 300);
  const planBody = useMemo(() => (debounced ? (JSON.parse(debounced) as Record<string, unknown>) : null), [debounced]);
  const preview = usePlaygroundPreview(dialect, planBody);
  const busy = state.phase === 'sending' || state.phase === 'streaming';
  const canSend = blocker === null && !busy;

  const sendNow = (request: Compose) => {
    // Only faults on targets of the current plan apply.
    const planned = new Set((preview.data?.attempts ?? []).map((attempt) => `${attempt.provider}/${attempt.upstreamModel}`));
    setSentAt(Date.now());
    setResults({});
    setAdded(false);
    void send(request, Object.fromEntries(Object.entries(faults).filter(([target]) => planned.has(target))));
  };
  const submit = () => {
    if (canSend) sendNow(compose);
  };
  const answer = { text: state.text, toolCalls: state.toolCalls };
  const addAnswer = (): Turn[] => {
    const next = appendAnswer(turns, answer, results);
    setTurns(next);
    setAdded(true);
    setFocusKey(next.at(-1)?.key ?? null);
    return next;
  };
  const sendResults = () => {
    if (busy || !model.trim() || !specs || paramProblems) return;
    const next = addAnswer();
    if (conversationProblem(next) === null) sendNow(composeFor(next));
  };
  const toolsSummary = !tools.length ? 'none' : !specs ? 'fix errors' : `${tools.length} · ${choice.startsWith('tool:') ? `call ${choice.slice(5)}` : choice}`;
  const paramsText = paramProblems ? `${paramProblems === 1 ? '1 error' : `${paramProblems} errors`}` : paramsSummary(params) || (dialect === 'anthropic-messages' ? 'defaults (max_tokens 1024)' : 'defaults');

  return (
    <div className="stack playground">
      <PageHeader title="Playground" description="Compose a request, see how it would be routed, send it and watch every attempt — with failures injected for this request only." />
      <Panel title="Request" id="compose">
        <form
          className="playground-compose"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          onKeyDown={(event) => {
            if (sendsCtrlEnter(event)) {
              event.preventDefault();
              submit();
            }
          }}
        >
          <div className="compose-row">
            <Segmented<Dialect> label="Inbound dialect" value={dialect} onChange={setDialect} options={DIALECTS.map(({ value, label }) => ({ value, label }))} />
            <label className="check">
              <input type="checkbox" checked={stream} onChange={(event) => setStream(event.target.checked)} /> stream
            </label>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="pg-model">
              Route or model
            </label>
            <select id="pg-model" className="input input-mono" value={model} onChange={(event) => setModel(event.target.value)} aria-describedby="model-hint">
              <ModelOptions answer={models.data} routeLabel={(route) => `${route.name} (${route.strategy}, ${route.targets.length} targets)`} />
            </select>
            <span id="model-hint" className="field-hint muted">
              {models.isSuccess && routes.length === 0 && direct.length === 0 ? 'Nothing to send to yet: add a provider on the Providers page (or a route on the Routes page).' : 'A route tries its targets by its strategy; a model goes to that provider directly.'}
            </span>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="pg-system">
              System
            </label>
            <textarea id="pg-system" className="input" rows={2} value={system} onChange={(event) => setSystem(event.target.value)} placeholder="Optional instructions, e.g. “Answer in one sentence.”" />
          </div>
          <div className="field">
            <span className="field-label" id="pg-conversation-label">
              Conversation <span className="muted compose-count">{turns.length === 1 ? '1 message' : `${turns.length} messages`}</span>
            </span>
            <ConversationEditor turns={turns} onChange={setTurns} focusKey={focusKey} />
          </div>
          <details className="compose-section" open={toolsOpen} onToggle={(event) => setToolsOpen(event.currentTarget.open)}>
            <summary>
              <span className="compose-section-title">Tools</span> <span className={`compose-section-meta${tools.length && !specs ? ' is-bad' : ''}`}>{toolsSummary}</span>
            </summary>
            <ToolsEditor tools={tools} choice={choice} onTools={setTools} onChoice={setToolChoice} />
          </details>
          <details className="compose-section" open={paramsOpen} onToggle={(event) => setParamsOpen(event.currentTarget.open)}>
            <summary>
              <span className="compose-section-title">Parameters</span> <span className={`compose-section-meta${paramProblems ? ' is-bad' : ''}`}>{paramsText}</span>
            </summary>
            <ParamsEditor drafts={paramDrafts} errors={paramErrors} dialect={dialect} onChange={setParamDrafts} />
          </details>
          <div className="compose-actions">
            <span className="muted">
              <Kbd>{isMac ? '⌘' : 'Ctrl'}</Kbd> <Kbd>Enter</Kbd> sends
            </span>
            {busy ? (
              <button type="button" className="button" onClick={stop}>
                Stop
              </button>
            ) : null}
            <button type="submit" className="button button-primary" disabled={!canSend} title={blocker ?? undefined}>
              Send
            </button>
          </div>
        </form>
      </Panel>
      <PlanPanel
        plan={planBody ? preview.data : undefined}
        loading={preview.isFetching}
        error={preview.isError ? preview.error : null}
        hasModel={model.trim() !== ''}
        faults={faults}
        onFault={(target, fault) => setFaults((current) => ({ ...current, [target]: fault }))}
      />
      <div className="playground-results">
        <AnswerPanel state={state}>
          {state.phase === 'done' && (state.text || state.toolCalls.length) ? (
            added ? (
              <p className="muted answer-added">Added to the conversation above.</p>
            ) : (
              <div
                onKeyDown={(event) => {
                  if (sendsCtrlEnter(event) && state.toolCalls.length) {
                    event.preventDefault();
                    sendResults();
                  }
                }}
              >
                <AnswerActions calls={state.toolCalls} results={results} onResult={(id, text) => setResults((current) => ({ ...current, [id]: text }))} onAdd={addAnswer} onSendResults={sendResults} canSend={!busy && Boolean(model.trim()) && Boolean(specs) && !paramProblems} />
              </div>
            )
          ) : null}
        </AnswerPanel>
        <TimelinePanel traceId={state.traceId} sentAt={sentAt} />
      </div>
      <ComparePanel compose={compose} models={models.data} canSend={problem === null && Boolean(specs) && !paramProblems} />
    </div>
  );
}
