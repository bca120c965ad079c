import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../types.js';
import { createMemoryStore } from './memory-store.js';

const row = (id: string): RequestRecord => ({
  id, startedAt: 0, clientKey: null, endpoint: 'openai-chat', model: 'm', route: null, provider: null, upstreamModel: null, stream: false,
  status: 'ok', httpStatus: 200, errorKind: null, attempts: 1, latencyMs: 1, firstByteMs: null, usage: null, attemptLog: [],
});

describe('memory store', () => {
  it('keeps the newest records, newest first', () => {
    const store = createMemoryStore(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) store.record(row(id));
    expect(store.recentRequests(10).map((entry) => entry.id)).toEqual(['e', 'd', 'c']);
    expect(store.recentRequests(2).map((entry) => entry.id)).toEqual(['e', 'd']);
    store.close();
    expect(store.isOpen()).toBe(false);
  });
});
