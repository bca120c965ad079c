/** "What would happen": the ordered attempts (score, why, timeout, circuit) and the skipped targets for a model. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useConfig, useRoutingPreview, useStatus } from '../../api/queries';
import { Badge } from '../../components/Badge';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Panel } from '../../components/Panel';
import { formatMs } from '../../lib/format';
import { previewBody } from './preview-request';

export function RoutingPreviewPanel({ initialModel = '' }: { initialModel?: string }) {
  const config = useConfig();
  const status = useStatus();
  const preview = useRoutingPreview();
  const [model, setModel] = useState(initialModel);
  const [tools, setTools] = useState(false);
  const [image, setImage] = useState(false);
  const [stream, setStream] = useState(false);
  const suggestions = useMemo(
    () => [...Object.keys(config.data?.routes ?? {}), ...(status.data?.providers ?? []).flatMap((provider) => (provider.models ?? []).map((name) => `${provider.id}/${name}`))],
    [config.data, status.data],
  );
  const prefilled = useRef(Boolean(initialModel));
  useEffect(() => {
    if (prefilled.current || !suggestions[0]) return;
    prefilled.current = true;
    setModel(suggestions[0]);
  }, [suggestions]);
  const plan = preview.data;
  return (
    <Panel title="Routing preview" description="Plans a request the way the gateway would, without sending it." id="preview">
      <form
        className="preview-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (model.trim()) preview.mutate(previewBody({ model: model.trim(), tools, image, stream }));
        }}
      >
        <input className="input input-mono" value={model} onChange={(event) => setModel(event.target.value)} placeholder={suggestions[0] ?? 'a route or provider/model'} list="preview-models" aria-label="Model or route" />
        <datalist id="preview-models">
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <label className="check">
          <input type="checkbox" checked={tools} onChange={(event) => setTools(event.target.checked)} /> uses tools
        </label>
        <label className="check">
          <input type="checkbox" checked={image} onChange={(event) => setImage(event.target.checked)} /> has an image
        </label>
        <label className="check">
          <input type="checkbox" checked={stream} onChange={(event) => setStream(event.target.checked)} /> streams
        </label>
        <button type="submit" className="button button-primary" disabled={preview.isPending || !model.trim()}>
          Preview
        </button>
      </form>
      <div className="panel-body">
        {preview.isError && <ErrorPanel error={preview.error} compact />}
        {plan && (
          <div className="preview-result" data-testid="routing-preview">
            <p className="muted">
              {plan.route ? (
                <>
                  Route <code>{plan.route}</code>, strategy <strong>{plan.strategy}</strong>
                </>
              ) : (
                <>Direct model, no route</>
              )}{' '}
              · deadline {formatMs(plan.totalTimeoutMs)}
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Target</th>
                  <th>Why</th>
                  <th className="right">Score</th>
                  <th className="right">Timeout</th>
                  <th>Circuit</th>
                </tr>
              </thead>
              <tbody>
                {plan.attempts.map((attempt) => (
                  <tr key={attempt.order}>
                    <td className="num">{attempt.order}</td>
                    <td className="mono">
                      {attempt.provider}/{attempt.upstreamModel}
                    </td>
                    <td>{attempt.why}</td>
                    <td className="right num">{attempt.score === null ? '—' : attempt.score.toFixed(3)}</td>
                    <td className="right num">{formatMs(attempt.timeoutMs)}</td>
                    <td>
                      <Badge tone={attempt.circuit === 'closed' ? 'ok' : attempt.circuit === 'open' ? 'bad' : 'warn'}>{attempt.circuit}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {plan.attempts.length === 0 && <p className="muted">No target can serve this request.</p>}
            {plan.skipped.length > 0 && (
              <ul className="plan-skipped">
                {plan.skipped.map((skip) => (
                  <li key={`${skip.provider ?? ''}/${skip.model}/${skip.code}`}>
                    <span className="mono">{skip.model}</span> <span className="muted">skipped: {skip.reason}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </Panel>
  );
}
