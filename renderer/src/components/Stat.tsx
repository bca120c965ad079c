/** One headline number with its label and a line of context. */
import type { ReactNode } from 'react';
import type { Tone } from './Badge';

export function Stat({ label, value, sub, tone, children, testId }: { label: string; value: ReactNode; sub?: ReactNode; tone?: Tone; children?: ReactNode; testId?: string }) {
  return (
    <div className={`stat ${tone ? `tone-${tone}` : ''}`} data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub && <div className="stat-sub">{sub}</div>}
      {children}
    </div>
  );
}
