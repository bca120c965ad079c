/** Connect: ready-to-paste setup for each tool, filled with this gateway's address, a model and a key. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { useConfig, useStatus } from '../../api/queries';
import { Badge } from '../../components/Badge';
import { CodeBlock } from '../../components/CodeBlock';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { useHashSearch } from '../../lib/hash-location';
import { useSessionKeys } from '../../lib/session-keys';
import { KeyPicker } from './KeyPicker';
import { buildSnippet, defaultModel, TOOLS } from './snippets';
import { ToolList } from './ToolList';
import './connect.css';

export function ConnectPage() {
  const params = useParams<{ tool?: string }>();
  const search = useHashSearch();
  const [, navigate] = useLocation();
  const status = useStatus();
  const config = useConfig();
  const sessionKeys = useSessionKeys();
  const tool = TOOLS.find((entry) => entry.id === params.tool) ?? (TOOLS[0] as (typeof TOOLS)[number]);
  const keyName = new URLSearchParams(search).get('key');
  const secret = sessionKeys.find((entry) => entry.name === keyName)?.key ?? null;

  const routes = useMemo(() => Object.keys(config.data?.routes ?? {}), [config.data]);
  const providers = useMemo(() => status.data?.providers ?? [], [status.data]);
  const suggestions = useMemo(() => [...routes, ...providers.flatMap((provider) => (provider.models ?? []).map((model) => `${provider.id}/${model}`))], [routes, providers]);
  const [model, setModel] = useState('');
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !config.data || !status.data) return;
    prefilled.current = true;
    setModel(defaultModel(routes, providers));
  }, [config.data, status.data, routes, providers]);

  const snippet = buildSnippet(tool.id, { origin: location.origin, model: model || 'oai/gpt-4o-mini', key: secret });
  const selectKey = (name: string | null) => navigate(`/connect/${tool.id}${name ? `?key=${encodeURIComponent(name)}` : ''}`, { replace: true });
  const keyQuery = keyName ? `?key=${encodeURIComponent(keyName)}` : '';

  return (
    <div className="stack">
      <PageHeader title="Connect a tool" description={`Everything talks to ${location.origin}: pick a tool, copy its setup, and its calls appear in Traces.`} />
      <div className="connect-layout">
        <ToolList active={tool.id} keyQuery={keyQuery} />
        <section className="panel connect-panel" aria-labelledby="connect-title">
          <header className="connect-head">
            <div>
              <h2 id="connect-title">{tool.label}</h2>
              <p className="muted">{tool.blurb}</p>
            </div>
            <Badge tone="accent">{tool.dialect}</Badge>
          </header>
          <div className="connect-controls">
            <div className="field">
              <label className="field-label" htmlFor="connect-model">
                Model
              </label>
              <input id="connect-model" className="input input-mono" value={model} onChange={(event) => setModel(event.target.value.trim())}
                placeholder="oai/gpt-4o-mini" list="connect-models" spellCheck={false} autoComplete="off" />
              <datalist id="connect-models">
                {suggestions.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
              <span className="field-hint">A route name, or provider/model — e.g. {suggestions[0] ?? 'oai/gpt-4o-mini'}.</span>
            </div>
            <KeyPicker toolId={tool.id} toolLabel={tool.label} selected={secret ? keyName : null} onSelect={selectKey} />
          </div>
          {snippet.steps && (
            <ol className="connect-steps">
              {snippet.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          )}
          <CodeBlock code={snippet.code} location={snippet.location} testId="snippet" />
          {snippet.note && (
            <p className="callout">
              <Icon name="info" />
              <span>{snippet.note}</span>
            </p>
          )}
          <p className="muted connect-foot">
            Check it worked: the first request shows up live in <a href="#/traces">Traces</a>.
          </p>
        </section>
      </div>
    </div>
  );
}
