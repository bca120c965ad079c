/**
 * In-memory TraceBodyStore (tests and running without a data dir): bodies keyed by request id, bounded in
 * total bytes — the oldest request's bodies go first when the bound is reached.
 */
import type { TraceBody, TraceBodyStore } from '../trace-bodies.js';

const ORDER = { request: 0, upstream: 1, response: 2 } as const;

export function createMemoryTraceBodies(maxBytes = 64 * 1024 * 1024): TraceBodyStore {
  // Map iteration order is insertion order: the first key is the oldest request.
  const byRequest = new Map<string, Map<string, TraceBody>>();
  let bytes = 0;
  let dropped = 0;

  const remove = (requestId: string): number => {
    const bodies = byRequest.get(requestId);
    if (!bodies) return 0;
    for (const body of bodies.values()) bytes -= body.body.length;
    byRequest.delete(requestId);
    return bodies.size;
  };

  return {
    put(body) {
      if (body.body.length > maxBytes) {
        dropped++;
        return;
      }
      let bodies = byRequest.get(body.requestId);
      if (!bodies) byRequest.set(body.requestId, (bodies = new Map()));
      const key = `${body.kind}:${body.attempt}`;
      const previous = bodies.get(key);
      if (previous) bytes -= previous.body.length;
      bodies.set(key, body);
      bytes += body.body.length;
      while (bytes > maxBytes) {
        const oldest = byRequest.keys().next().value as string;
        dropped += remove(oldest);
      }
    },
    list(requestId) {
      return [...(byRequest.get(requestId)?.values() ?? [])].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.attempt - b.attempt);
    },
    prune(before) {
      let removed = 0;
      for (const [requestId, bodies] of [...byRequest]) {
        for (const [key, body] of [...bodies]) {
          if (body.at >= before) continue;
          bodies.delete(key);
          bytes -= body.body.length;
          removed++;
        }
        if (!bodies.size) byRequest.delete(requestId);
      }
      return removed;
    },
    dropped: () => dropped,
  };
}
