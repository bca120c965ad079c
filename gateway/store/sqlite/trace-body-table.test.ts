import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryTraceBodies } from '../memory/memory-trace-bodies.js';
import type { TraceBody, TraceBodyStore } from '../trace-bodies.js';
import type { Store } from '../types.js';
import { openSqliteStore } from './sqlite-store.js';

const body = (requestId: string, kind: TraceBody['kind'], attempt: number, at: number, text = `${kind}${attempt}`): TraceBody => ({
  requestId,
  kind,
  attempt,
  at,
  contentType: 'application/json',
  body: text,
  bytes: text.length,
  truncated: false,
});

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'signalbox-bodies-unit-'));
  store = openSqliteStore({ file: join(dir, 'signalbox.db') });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function behavesLikeABodyStore(name: string, make: () => TraceBodyStore): void {
  describe(name, () => {
    it('lists a request’s bodies in order (request, upstream by attempt, response), replacing same-key puts', () => {
      const bodies = make();
      bodies.put(body('r1', 'response', 0, 5));
      bodies.put(body('r1', 'upstream', 2, 4));
      bodies.put(body('r2', 'request', 0, 1));
      bodies.put(body('r1', 'upstream', 1, 3));
      bodies.put(body('r1', 'request', 0, 2));
      bodies.put(body('r1', 'upstream', 1, 3, 'again'));
      expect(bodies.list('r1').map((entry) => `${entry.kind}:${entry.attempt}:${entry.body}`)).toEqual(['request:0:request0', 'upstream:1:again', 'upstream:2:upstream2', 'response:0:response0']);
      expect(bodies.list('nope')).toEqual([]);
    });

    it('prunes bodies kept before a time', () => {
      const bodies = make();
      bodies.put(body('old', 'request', 0, 10));
      bodies.put(body('new', 'request', 0, 20));
      expect(bodies.prune(15)).toBe(1);
      expect(bodies.list('old')).toEqual([]);
      expect(bodies.list('new')).toHaveLength(1);
      expect(bodies.prune(Number.MAX_SAFE_INTEGER)).toBe(1);
    });
  });
}

behavesLikeABodyStore('SQLite trace bodies', () => store.traceBodies);
behavesLikeABodyStore('memory trace bodies', () => createMemoryTraceBodies());

describe('SQLite trace bodies', () => {
  it('writes queued bodies when the store closes, and keeps truncation flags', () => {
    const file = join(dir, 'signalbox.db');
    store.traceBodies.put({ ...body('r1', 'request', 0, 1), truncated: true, bytes: 999 });
    store.close();
    store = openSqliteStore({ file });
    expect(store.traceBodies.list('r1')).toEqual([{ ...body('r1', 'request', 0, 1), truncated: true, bytes: 999 }]);
  });
});

describe('memory trace bodies', () => {
  it('stays within its byte bound by forgetting the oldest requests', () => {
    const bodies = createMemoryTraceBodies(25);
    bodies.put(body('a', 'request', 0, 1, 'x'.repeat(10)));
    bodies.put(body('b', 'request', 0, 2, 'x'.repeat(10)));
    bodies.put(body('c', 'request', 0, 3, 'x'.repeat(10)));
    expect(bodies.list('a')).toEqual([]);
    expect(bodies.list('c')).toHaveLength(1);
    expect(bodies.dropped()).toBe(1);
  });
});
