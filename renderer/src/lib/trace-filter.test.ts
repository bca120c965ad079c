import { describe, expect, it } from 'vitest';
import { distinctValues, filterFromSearch, filterToLedgerQuery, filterToSearch, isFiltered, matchesFilter } from './trace-filter';
import type { TraceRow } from './trace-row';

const row = (overrides: Partial<TraceRow>): TraceRow => ({
  id: 'sbr_1',
  startedAt: 1,
  endpoint: 'openai-chat',
  clientKey: 'cursor',
  model: 'fast',
  route: 'fast',
  provider: 'oai',
  upstreamModel: 'gpt-4o',
  stream: false,
  status: 'ok',
  httpStatus: 200,
  errorKind: null,
  attempts: 1,
  latencyMs: 10,
  firstByteMs: 5,
  inputTokens: 1,
  outputTokens: 1,
  costMicros: 1,
  usageEstimated: false,
  warnings: 0,
  ...overrides,
});

describe('trace filters', () => {
  it('round-trip through the address and drop what they do not know', () => {
    const filter = filterFromSearch('model=fast&status=error&dialect=anthropic-messages&bogus=1&client=');
    expect(filter).toEqual({ model: 'fast', status: 'error', dialect: 'anthropic-messages' });
    expect(filterFromSearch(filterToSearch(filter))).toEqual(filter);
    expect(filterFromSearch('status=exploded')).toEqual({});
    expect(isFiltered({})).toBe(false);
  });

  it('send the ledger what it can filter (not the dialect, not "running")', () => {
    expect(filterToLedgerQuery({ model: 'fast', dialect: 'openai-chat', status: 'running', client: 'ci', provider: 'oai' })).toEqual({ model: 'fast', client: 'ci', provider: 'oai' });
    expect(filterToLedgerQuery({ status: 'cancelled' })).toEqual({ status: 'cancelled' });
  });

  it('match rows on every field, the model by name or route', () => {
    expect(matchesFilter(row({}), { model: 'fast', provider: 'oai', client: 'cursor', dialect: 'openai-chat', status: 'ok' })).toBe(true);
    expect(matchesFilter(row({ model: 'auto', route: 'fast' }), { model: 'fast' })).toBe(true);
    expect(matchesFilter(row({}), { dialect: 'anthropic-messages' })).toBe(false);
    expect(matchesFilter(row({ status: 'running' }), { status: 'ok' })).toBe(false);
    expect(matchesFilter(row({ clientKey: null }), { client: 'cursor' })).toBe(false);
  });

  it('list distinct values, sorted, without empties', () => {
    expect(distinctValues([row({ provider: 'oai' }), row({ provider: null }), row({ provider: 'ant' }), row({ provider: 'oai' })], (entry) => entry.provider)).toEqual(['ant', 'oai']);
  });
});
