import { describe, expect, it } from 'vitest';
import { emptyTrace } from '../live/live-trace';
import { record } from '../testing/fixtures';
import { mergeRows, rowFromLive, rowFromRecord } from './trace-row';

describe('trace rows', () => {
  it('sum tokens by direction and keep the cost in micro-USD', () => {
    expect(rowFromRecord(record())).toMatchObject({ inputTokens: 16, outputTokens: 10, costMicros: 43, status: 'ok' });
    expect(rowFromRecord(record({ usage: null, cost: null }))).toMatchObject({ inputTokens: null, outputTokens: null, costMicros: null });
  });

  it('show a running request with what is known so far', () => {
    const trace = { ...emptyTrace('sbr_2', 2_000), model: 'fast', endpoint: 'openai-chat', current: { n: 2, provider: 'ant', upstreamModel: 'claude', startedAt: 2_010 }, warnings: ['x'] };
    expect(rowFromLive(trace)).toMatchObject({ id: 'sbr_2', status: 'running', model: 'fast', provider: 'ant', attempts: 2, latencyMs: null, warnings: 1 });
    expect(rowFromLive({ ...trace, record: record({ id: 'sbr_2' }) })).toMatchObject({ status: 'ok', warnings: 1 });
  });

  it('merge live over ledger, one row per id, newest first; a finished ledger row beats a stale running one', () => {
    const ledger = [rowFromRecord(record({ id: 'a', startedAt: 1 })), rowFromRecord(record({ id: 'b', startedAt: 2 }))];
    const live = [rowFromLive({ ...emptyTrace('c', 3), model: 'x' }), rowFromLive({ ...emptyTrace('b', 2), model: 'x' })];
    const merged = mergeRows(live, ledger);
    expect(merged.map((row) => [row.id, row.status])).toEqual([
      ['c', 'running'],
      ['b', 'ok'],
      ['a', 'ok'],
    ]);
  });
});
