/** In-memory Store: a bounded ring of the newest records, for tests and for running without a data dir. */
import type { RequestRecord, Store } from '../types.js';

export function createMemoryStore(capacity = 10_000): Store {
  const ring: Array<RequestRecord | undefined> = new Array<RequestRecord | undefined>(capacity);
  let next = 0;
  let size = 0;
  let open = true;
  return {
    record(entry) {
      if (!open) return;
      ring[next] = entry;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    recentRequests(limit) {
      const out: RequestRecord[] = [];
      for (let i = 1; i <= Math.min(limit, size); i++) out.push(ring[(next - i + capacity) % capacity] as RequestRecord);
      return out;
    },
    request(id) {
      for (let i = 1; i <= size; i++) {
        const entry = ring[(next - i + capacity) % capacity];
        if (entry?.id === id) return entry;
      }
      return undefined;
    },
    isOpen: () => open,
    stats: () => ({ pending: 0, dropped: 0 }),
    close() {
      open = false;
    },
  };
}
