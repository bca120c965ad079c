/** Budgets and rate limits from `/admin/limits`, as lines a person reads: what, how much used, when it resets. */
import type { LimitName, LimitsAnswer } from '../../api/types';
import { formatCount, formatIn, formatUsd } from '../../lib/format';

export interface BudgetLine {
  scope: string;
  scopeLabel: string;
  limit: LimitName;
  title: string;
  used: string;
  max: string;
  share: number;
  resets: string | null;
}

const TITLES: Record<LimitName, string> = {
  usdPerDay: 'Spend per day',
  usdPerMonth: 'Spend per month',
  requestsPerMinute: 'Requests per minute',
  tokensPerMinute: 'Tokens per minute',
};

const ORDER: LimitName[] = ['usdPerDay', 'usdPerMonth', 'requestsPerMinute', 'tokensPerMinute'];

export function scopeLabel(scope: string): string {
  if (scope === 'global') return 'All traffic';
  return scope.startsWith('client:') ? `Key “${scope.slice(7)}”` : scope;
}

export function budgetLines(answer: LimitsAnswer | undefined, now: number): BudgetLine[] {
  if (!answer) return [];
  const lines: BudgetLine[] = [];
  const scopes = [...answer.scopes].sort((a, b) => (a.scope === 'global' ? -1 : b.scope === 'global' ? 1 : a.scope.localeCompare(b.scope)));
  for (const { scope, limits } of scopes) {
    for (const state of [...limits].sort((a, b) => ORDER.indexOf(a.limit) - ORDER.indexOf(b.limit))) {
      const money = state.limit === 'usdPerDay' || state.limit === 'usdPerMonth';
      const resetsAt = state.resetsAt ? Date.parse(state.resetsAt) : Number.NaN;
      lines.push({
        scope,
        scopeLabel: scopeLabel(scope),
        limit: state.limit,
        title: TITLES[state.limit],
        used: money ? formatUsd(state.used) : formatCount(state.used),
        max: money ? formatUsd(state.max) : formatCount(state.max),
        share: state.share,
        resets: Number.isFinite(resetsAt) ? `resets ${formatIn(resetsAt, now)}` : null,
      });
    }
  }
  return lines;
}
