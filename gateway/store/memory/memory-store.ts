/** In-memory Store: a bounded ring of records, for tests and for running without a data dir. */
import type { RequestRecord, Store } from '../types.js';

export function createMemoryStore(capacity = 10_000): Store {
  const records: RequestRecord[] = [];
  let open = true;
  return {
    record(entry) {
      if (!open) return;
      records.push(entry);
      if (records.length > capacity) records.shift();
    },
    recentRequests(limit) {
      return records.slice(-limit).reverse();
    },
    isOpen: () => open,
    stats: () => ({ pending: 0, dropped: 0 }),
    close() {
      open = false;
    },
  };
}
