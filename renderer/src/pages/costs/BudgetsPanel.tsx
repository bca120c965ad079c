/** Every budget and rate limit with how much of it is used, coloured as it nears the limit. */
import { Link } from 'wouter';
import { useLimits } from '../../api/queries';
import { EmptyState } from '../../components/EmptyState';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { Skeleton } from '../../components/Skeleton';
import { useNow } from '../../lib/use-now';
import { budgetLines } from './budget-lines';

export function BudgetsPanel() {
  const limits = useLimits();
  const now = useNow(30_000);
  const lines = budgetLines(limits.data, now);
  let lastScope = '';
  return (
    <Panel title="Budgets and limits" description="Checked before every upstream call; days and months are UTC" id="budgets">
      {limits.isError ? (
        <div className="panel-body">
          <ErrorPanel error={limits.error} onRetry={() => void limits.refetch()} compact />
        </div>
      ) : !limits.data ? (
        <div className="panel-body">
          <Skeleton lines={3} wide />
        </div>
      ) : lines.length === 0 ? (
        <EmptyState icon="costs" title="No budgets set">
          <p>
            Cap spend before it happens: add <code>limits: {'{'} global: {'{'} usdPerDay: 5 {'}'} {'}'}</code> to the config, or set a budget per client key on the <Link href="/keys">Keys</Link> page.
          </p>
        </EmptyState>
      ) : (
        <ul className="budget-list" data-testid="budgets">
          {lines.map((line) => {
            const header = line.scope !== lastScope ? line.scopeLabel : null;
            lastScope = line.scope;
            return (
              <li key={`${line.scope}/${line.limit}`}>
                {header && <div className="budget-scope">{header}</div>}
                <div className="budget-line">
                  <span>{line.title}</span>
                  <span className="num">
                    <strong>{line.used}</strong> <span className="muted">of {line.max}</span>
                  </span>
                </div>
                <ProgressBar share={line.share} warnAt={limits.data?.warnAt} label={`${line.scopeLabel}: ${line.title}`} />
                {line.resets && <div className="budget-reset muted">{line.resets}</div>}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
