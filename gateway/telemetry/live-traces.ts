/**
 * The live trace stream behind `GET /admin/traces/live`: one trace-bus subscriber that numbers every event
 * (`id:` — integers starting at the gateway's start time in ms, so they keep increasing across restarts in
 * practice), keeps the last `replayEvents` for clients reconnecting with `Last-Event-ID`, and fans events out
 * to SSE subscribers, each with a bounded buffer (live-trace-subscriber.ts). Publishing only appends to the
 * replay ring and, when someone is connected, schedules one flush per event-loop turn; frames are
 * serialized once per event, however many subscribers there are, and only if someone needs them.
 */
import type { Writable } from 'node:stream';
import type { TraceBus } from './trace-bus.js';
import type { TraceEvent } from './trace-events.js';
import { createLiveSubscriber, type LiveSubscriber, type SubscriberFilter, type SubscriberStats } from './live-trace-subscriber.js';

export interface LiveTracesOptions {
  replayEvents: number;
  subscriberBufferBytes: number;
  heartbeatMs: number;
  stallTimeoutMs: number;
  /** Streams open at once; `full()` says when one more must be refused. Default: unbounded. */
  maxSubscribers?: number;
  clock: () => number;
  /** The first event's id (default: `clock()` at creation). */
  firstSeq?: number;
}

export interface AttachOptions extends SubscriberFilter {
  /** The `Last-Event-ID` the client sent (a raw header value), if any. */
  lastEventId: string | undefined;
}

export interface LiveTracesStats {
  /** Id of the newest event (one less than the first id when there is none yet). */
  seq: number;
  /** Oldest event id still replayable (null when the buffer is empty). */
  oldestReplayable: number | null;
  subscribers: SubscriberStats[];
  /** Over the gateway's life: the most bytes ever held for one subscriber, events dropped, slow subscribers cut. */
  peakSubscriberBufferedBytes: number;
  droppedEvents: number;
  disconnectedSlow: number;
}

export interface LiveTraces {
  /** Streams events to `out` (whose SSE headers are already sent) until it closes or the hub closes. */
  attach(out: Writable, options: AttachOptions): void;
  /** True when `maxSubscribers` streams are open: the caller refuses the next one before attaching. */
  full(): boolean;
  stats(): LiveTracesStats;
  /** Ends every stream with a `shutdown` event and stops listening to the bus. */
  close(): void;
}

interface Entry {
  seq: number;
  event: TraceEvent;
  /** The SSE frame, made when first needed. */
  frame?: string;
  bytes?: number;
}

const frameOf = (entry: Entry): Entry & { frame: string; bytes: number } => {
  if (entry.frame === undefined) {
    entry.frame = `id: ${entry.seq}\nevent: ${entry.event.type}\ndata: ${JSON.stringify(entry.event)}\n\n`;
    entry.bytes = Buffer.byteLength(entry.frame, 'utf8');
  }
  return entry as Entry & { frame: string; bytes: number };
};

const notice = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const accepts = (filter: SubscriberFilter, event: TraceEvent): boolean =>
  (!filter.types || filter.types.has(event.type)) && (filter.requestId === undefined || filter.requestId === event.id);

export function createLiveTraces(bus: TraceBus, options: LiveTracesOptions): LiveTraces {
  const { clock } = options;
  const firstSeq = options.firstSeq ?? clock();
  const capacity = Math.max(0, options.replayEvents);
  // The replay ring: `ring[(start + i) % capacity]`, i < size, oldest first.
  const ring: Entry[] = [];
  let start = 0;
  let size = 0;
  let seq = firstSeq - 1;
  let pending: Entry[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const subscribers = new Set<LiveSubscriber>();
  let nextSubscriber = 1;
  let closed = false;
  let peak = 0;
  let droppedEvents = 0;
  let disconnectedSlow = 0;

  const remember = (entry: Entry): void => {
    if (!capacity) return;
    if (size < capacity) {
      ring[(start + size) % capacity] = entry;
      size++;
    } else {
      ring[start] = entry;
      start = (start + 1) % capacity;
    }
  };
  const replayable = function* (after: number): Generator<Entry> {
    for (let i = 0; i < size; i++) {
      const entry = ring[(start + i) % capacity] as Entry;
      if (entry.seq > after) yield entry;
    }
  };
  const oldest = (): number | null => (size ? (ring[start] as Entry).seq : null);

  const flush = (): void => {
    scheduled = undefined;
    const batch = pending;
    pending = [];
    if (!subscribers.size) return;
    const targets = [...subscribers];
    for (const entry of batch) {
      for (const subscriber of targets) {
        if (!accepts(subscriber.filter, entry.event)) continue;
        const { frame, bytes } = frameOf(entry);
        subscriber.deliver(entry.seq, frame, bytes);
      }
    }
    // One write per subscriber per flush, not one per event.
    for (const subscriber of targets) subscriber.commit();
  };

  const unsubscribe = bus.subscribe((event) => {
    const entry: Entry = { seq: ++seq, event };
    remember(entry);
    if (!subscribers.size) return;
    pending.push(entry);
    // Deferred to the end of this event-loop turn: publishing stays a push, and the request path has
    // finished mutating what it published (the retry loop sets an attempt's decision right after logging it).
    scheduled ??= setImmediate(flush);
  });

  const tick = (): void => {
    const now = clock();
    for (const subscriber of [...subscribers]) {
      const since = subscriber.stalledSince();
      if (since !== null && now - since >= options.stallTimeoutMs) {
        disconnectedSlow++;
        subscriber.destroy();
      } else {
        subscriber.control(': heartbeat\n\n');
      }
    }
  };

  /** Bookkeeping kept after a subscriber leaves. */
  const retire = (subscriber: LiveSubscriber): void => {
    const stats = subscriber.stats();
    peak = Math.max(peak, stats.peakBufferedBytes);
    droppedEvents += stats.dropped;
    subscribers.delete(subscriber);
    if (!subscribers.size && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  /** Where a reconnecting client stands: the events to replay, or why some were missed. */
  const resume = (raw: string | undefined): { after: number; missed?: Record<string, unknown> } => {
    if (raw === undefined) return { after: seq };
    const last = /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isSafeInteger(last) || last > seq) return { after: seq, missed: { reason: 'unknown_id', lastEventId: raw.slice(0, 32), seq } };
    if (last < firstSeq - 1) return { after: firstSeq - 1, missed: { reason: 'restarted', lastEventId: last, seq } };
    const first = oldest() ?? seq + 1;
    if (last < first - 1) return { after: last, missed: { reason: 'expired', lastEventId: last, count: first - 1 - last, fromSeq: last + 1, toSeq: first - 1 } };
    return { after: last };
  };

  return {
    attach(out, attach) {
      if (closed) {
        out.end(notice('shutdown', { reason: 'Signalbox is shutting down.' }));
        return;
      }
      // Deliver what is pending to the existing subscribers first: the new one gets it through replay.
      if (scheduled) {
        clearImmediate(scheduled);
        flush();
      }
      const filter: SubscriberFilter = { types: attach.types, requestId: attach.requestId };
      const subscriber: LiveSubscriber = createLiveSubscriber({
        id: nextSubscriber++,
        out,
        filter,
        maxBufferedBytes: options.subscriberBufferBytes,
        clock,
        onClose: () => retire(subscriber),
      });
      const position = resume(attach.lastEventId);
      subscriber.control(`retry: 2000\n${notice('ready', { seq, oldestReplayable: oldest(), heartbeatMs: options.heartbeatMs })}`);
      if (position.missed) subscriber.control(notice('missed', position.missed));
      for (const entry of replayable(position.after)) {
        if (!accepts(filter, entry.event)) continue;
        const { frame, bytes } = frameOf(entry);
        subscriber.deliver(entry.seq, frame, bytes);
      }
      subscriber.commit();
      subscribers.add(subscriber);
      if (!heartbeat) {
        heartbeat = setInterval(tick, options.heartbeatMs);
        heartbeat.unref();
      }
    },
    full() {
      return subscribers.size >= (options.maxSubscribers ?? Number.POSITIVE_INFINITY);
    },
    stats() {
      const current = [...subscribers].map((subscriber) => subscriber.stats());
      return {
        seq,
        oldestReplayable: oldest(),
        subscribers: current,
        peakSubscriberBufferedBytes: Math.max(peak, ...current.map((stats) => stats.peakBufferedBytes)),
        droppedEvents: droppedEvents + current.reduce((sum, stats) => sum + stats.dropped, 0),
        disconnectedSlow,
      };
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (scheduled) {
        clearImmediate(scheduled);
        flush();
      }
      for (const subscriber of [...subscribers]) subscriber.end(notice('shutdown', { reason: 'Signalbox is shutting down.' }));
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
    },
  };
}
