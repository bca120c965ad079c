/**
 * Child process for the kill -9 durability test (test/integration/ledger-durability.test.ts): opens the SQLite
 * store on the file given as argv[2] and records rows as fast as it can, printing each committed id (one per
 * line, after its transaction commits) until it is killed. argv[3] is the batch size (rows per transaction).
 *
 * Run with `node --import tsx test/helpers/ledger-writer.ts <file> [batchSize]`.
 */
import type { RequestRecord } from '../../gateway/store/types.js';
import { openSqliteStore } from '../../gateway/store/sqlite/sqlite-store.js';

const file = process.argv[2];
if (!file) throw new Error('usage: ledger-writer.ts <database file> [batchSize]');
const batchSize = Number(process.argv[3] ?? 64);

const store = openSqliteStore({
  file,
  flushMs: 2,
  batchSize,
  onError: (message) => process.stderr.write(`${message}\n`),
  onFlushed: (ids) => process.stdout.write(`${ids.join('\n')}\n`),
});

const started = Date.now();
let n = 0;
const row = (id: string): RequestRecord => ({
  id, startedAt: started + n, clientKey: n % 2 ? 'ci' : null, endpoint: 'openai-chat', model: 'fast', route: 'fast', provider: 'openai',
  upstreamModel: 'gpt-4o', stream: n % 3 === 0, status: 'ok', httpStatus: 200, errorKind: null, attempts: 1, latencyMs: 100 + (n % 50),
  firstByteMs: 20, upstreamMs: 90, usage: { inputUncached: 100, inputCacheRead: 20, inputCacheWrite: 0, outputText: 50, outputReasoning: 0 },
  usageEstimated: false, cost: { inputMicros: 250, cacheReadMicros: 25, cacheWriteMicros: 0, outputMicros: 500, totalMicros: 775 },
  finishReasons: ['stop'],
  attemptLog: [
    { n: 1, model: 'fast', provider: 'openai', upstreamModel: 'gpt-4o', startedAt: started + n, latencyMs: 90, outcome: 'ok', errorKind: null,
      upstreamStatus: null, message: null, decision: null, why: null, waitMs: null },
  ],
});

const tick = (): void => {
  for (let i = 0; i < 40; i++) store.record(row(`w${String(n++).padStart(7, '0')}`));
  setImmediate(tick);
};
tick();
