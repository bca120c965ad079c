/**
 * Playground: compose a request in any inbound dialect, see its routing plan before sending, arm faults per
 * target for this request only, send it, and watch the answer stream in next to its attempt timeline.
 */
import { useMemo, useState } from 'react';
import { useModels } from '../../api/config-queries';
import { usePlaygroundPreview } from '../../api/playground-queries';
import { Kbd } from '../../components/Kbd';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Segmented } from '../../components/Segmented';
import { ComparePanel } from './ComparePanel';
import { buildRequest, DIALECTS, type Compose, type Dialect, type Fault } from './playground-request';
import { PlanPanel } from './PlanPanel';
import { AnswerPanel, TimelinePanel } from './ResultPanel';
import { useDebounced } from './use-debounced';
import { usePlaygroundSend } from './use-playground-send';
import './playground.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function PlaygroundPage() {
  const models = useModels();
  const [dialect, setDialect] = useState<Dialect>('openai-chat');
  const [model, setModel] = useState('');
  const [system, setSystem] = useState('');
  const [message, setMessage] = useState('');
  const [stream, setStream] = useState(true);
  const [faults, setFaults] = useState<Record<string, Fault | null>>({});
  const { state, send, stop } = usePlaygroundSend();

  const routes = models.data?.routes ?? [];
  const direct = models.data?.data ?? [];
  const compose: Compose = { dialect, model, system, messages: [{ role: 'user', content: message || 'ping' }], stream, maxTokens: null, temperature: null };
  const planBody = useMemo(() => (model.trim() ? buildRequest({ dialect, model, system, messages: [{ role: 'user', content: message || 'ping' }], stream, maxTokens: null, temperature: null }) : null), [dialect, model, system, message, stream]);
  const debounced = useDebounced(planBody, 300);
  const preview = usePlaygroundPreview(dialect, debounced);
  const busy = state.phase === 'sending' || state.phase === 'streaming';
  const canSend = model.trim() !== '' && message.trim() !== '' && !busy;
  const [sentAt, setSentAt] = useState<number | null>(null);

  const submit = () => {
    if (!canSend) return;
    // Only faults on targets of the current plan apply.
    const planned = new Set((preview.data?.attempts ?? []).map((attempt) => `${attempt.provider}/${attempt.upstreamModel}`));
    setSentAt(Date.now());
    void send(compose, Object.fromEntries(Object.entries(faults).filter(([target]) => planned.has(target))));
  };

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
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
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
              <option value="">Choose a route or a model…</option>
              {routes.length > 0 && (
                <optgroup label="Routes">
                  {routes.map((route) => (
                    <option key={route.name} value={route.name}>
                      {route.name} ({route.strategy}, {route.targets.length} targets)
                    </option>
                  ))}
                </optgroup>
              )}
              {direct.length > 0 && (
                <optgroup label="Models">
                  {direct.map((entry) => (
                    <option key={entry.id} value={entry.id}>
                      {entry.id}
                    </option>
                  ))}
                </optgroup>
              )}
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
            <label className="field-label" htmlFor="pg-message">
              Message
            </label>
            <textarea id="pg-message" className="input" rows={4} value={message} onChange={(event) => setMessage(event.target.value)} placeholder="Ask something…" />
          </div>
          <div className="compose-actions">
            <span className="muted">
              <Kbd>{isMac ? '⌘' : 'Ctrl'}</Kbd> <Kbd>Enter</Kbd> sends
            </span>
            {busy ? (
              <button type="button" className="button" onClick={stop}>
                Stop
              </button>
            ) : null}
            <button type="submit" className="button button-primary" disabled={!canSend} title={!model.trim() ? 'Choose a route or model first' : !message.trim() ? 'Write a message first' : undefined}>
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
        <AnswerPanel state={state} />
        <TimelinePanel traceId={state.traceId} sentAt={sentAt} />
      </div>
      <ComparePanel compose={compose} models={models.data} canSend={message.trim() !== ''} />
    </div>
  );
}
