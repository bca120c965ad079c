/** Tokens by kind and what each cost, with the total; says so when the price or the usage is unknown. */
import type { Cost, Usage } from '../../api/types';
import { Badge } from '../../components/Badge';
import { formatCount, formatUsd, microsToUsd } from '../../lib/format';
import { tokenLines } from './trace-detail';

export function TokenTable({ usage, cost, estimated }: { usage: Usage | null; cost: Cost | null; estimated: boolean }) {
  if (!usage) return <p className="muted">No usage was reported (the request failed before an answer, or is still running).</p>;
  const lines = tokenLines(usage, cost);
  return (
    <div>
      <table className="table token-table" data-testid="tokens">
        <thead>
          <tr>
            <th>Kind</th>
            <th className="right">Tokens</th>
            <th className="right">Cost</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.kind} className={line.note ? 'is-sub' : ''}>
              <td>
                {line.kind}
                {line.note && <span className="muted"> ({line.note})</span>}
              </td>
              <td className="right num">{formatCount(line.tokens)}</td>
              <td className="right num">{line.costMicros === null ? (line.note ? '' : '—') : formatUsd(microsToUsd(line.costMicros))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Total</td>
            <td className="right num">{formatCount(lines.filter((line) => !line.note).reduce((sum, line) => sum + line.tokens, 0))}</td>
            <td className="right num" data-testid="trace-cost">
              {cost ? formatUsd(microsToUsd(cost.totalMicros)) : '—'}
            </td>
          </tr>
        </tfoot>
      </table>
      <div className="token-notes">
        {estimated && <Badge tone="warn">estimated</Badge>}
        {estimated && <span className="muted">The provider reported no usage; these counts come from a tokenizer.</span>}
        {!cost && <span className="muted">No price is known for this model: add one under <code>prices:</code> in the config to see its cost.</span>}
      </div>
    </div>
  );
}
