/** Data for the renderer's tests. */
import type { RequestRecord } from '../api/types';

/** A ledger record, as `/admin/requests` returns it. */
export const record = (overrides: Partial<RequestRecord> = {}): RequestRecord => ({
  id: 'sbr_1',
  startedAt: 1_000,
  clientKey: 'test',
  endpoint: 'openai-chat',
  model: 'mock/gpt-test',
  route: null,
  provider: 'mock',
  upstreamModel: 'gpt-test',
  stream: false,
  status: 'ok',
  httpStatus: 200,
  errorKind: null,
  attempts: 1,
  latencyMs: 12,
  firstByteMs: 10,
  upstreamMs: 11,
  usage: { inputUncached: 10, inputCacheRead: 5, inputCacheWrite: 1, outputText: 7, outputReasoning: 3 },
  usageEstimated: false,
  cost: { inputMicros: 10, cacheReadMicros: 1, cacheWriteMicros: 2, outputMicros: 30, totalMicros: 43 },
  attemptLog: [],
  ...overrides,
});
