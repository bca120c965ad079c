/**
 * One live-trace subscriber: an SSE connection with a bounded buffer. A frame is written when what Node
 * still holds for this socket (`writableLength`) leaves room for it under `maxBufferedBytes`; otherwise it
 * is dropped and counted, and every later frame too until the socket drains — then one `dropped` event says
 * how many events were lost (and their id range), and delivery resumes. So publishing never waits for a
 * subscriber, and the most a slow one holds is the bound (plus the kernel's own socket buffers).
 */
import type { Writable } from 'node:stream';

export interface SubscriberFilter {
  /** Only these event types (all when undefined). */
  types: ReadonlySet<string> | undefined;
  /** Only this request's events. */
  requestId: string | undefined;
}

export interface SubscriberStats {
  id: number;
  connectedAt: number;
  /** Bytes Node holds for this subscriber now (written, not yet taken by the kernel). */
  bufferedBytes: number;
  /** The most it ever held. */
  peakBufferedBytes: number;
  /** Events written and dropped over the connection's life. */
  delivered: number;
  dropped: number;
  /** The socket is not keeping up (waiting for a drain, or dropping). */
  stalled: boolean;
  filter: { types: string[] | null; requestId: string | null };
}

export interface LiveSubscriber {
  readonly id: number;
  readonly filter: SubscriberFilter;
  /** Adds one event frame to the batch, or drops it when the buffer is full (or events are being dropped until a drain). */
  deliver(seq: number, frame: string, bytes: number): void;
  /** Writes the batched frames, as one write. */
  commit(): void;
  /** Writes a frame that carries no event (a comment or a notice), only when nothing is waiting or dropped. */
  control(frame: string): void;
  /** Since when the socket has not kept up: a write is waiting for a drain, or events are being dropped. */
  stalledSince(): number | null;
  stats(): SubscriberStats;
  /** Ends the stream after `farewell` when the socket is keeping up; a stalled socket is destroyed. */
  end(farewell?: string): void;
  /** Cuts the connection at once. */
  destroy(): void;
}

export interface SubscriberOptions {
  id: number;
  out: Writable;
  filter: SubscriberFilter;
  maxBufferedBytes: number;
  clock: () => number;
  /** Called once when the connection closes (either side, or `end`/`destroy`). */
  onClose: () => void;
}

const droppedFrame = (count: number, fromSeq: number, toSeq: number): string =>
  `event: dropped\ndata: ${JSON.stringify({ type: 'dropped', count, fromSeq, toSeq, reason: 'the subscriber did not keep up: its buffer was full' })}\n\n`;

export function createLiveSubscriber(options: SubscriberOptions): LiveSubscriber {
  const { out, clock } = options;
  const connectedAt = clock();
  let peak = 0;
  let stalledAt: number | null = null;
  let delivered = 0;
  let dropped = 0;
  /** Dropped since the last notice: delivery resumes (after the notice) only once the socket drains. */
  let unnoticed: { count: number; from: number; to: number } | undefined;
  let closed = false;
  /** Frames delivered since the last commit: written together, as one chunk. */
  let batch: string[] = [];
  let batchBytes = 0;

  const write = (frame: string): void => {
    if (!out.write(frame)) stalledAt ??= clock();
    if (out.writableLength > peak) peak = out.writableLength;
  };

  const commit = (): void => {
    if (closed || !batch.length) return;
    const chunk = batch.length === 1 ? (batch[0] as string) : batch.join('');
    batch = [];
    batchBytes = 0;
    write(chunk);
  };

  /** Ends a run of drops: what was batched before them, the notice, then delivery resumes. */
  const resume = (): void => {
    stalledAt = null;
    if (!unnoticed) return;
    commit();
    const { count, from, to } = unnoticed;
    unnoticed = undefined;
    write(droppedFrame(count, from, to));
  };
  const onDrain = (): void => {
    if (!closed) resume();
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    out.off('drain', onDrain);
    options.onClose();
  };
  out.on('drain', onDrain);
  out.once('close', close);
  out.once('error', close);

  return {
    id: options.id,
    filter: options.filter,
    deliver(seq, frame, bytes) {
      if (closed) return;
      const room = (): boolean => out.writableLength + batchBytes + bytes <= options.maxBufferedBytes;
      // Dropping, but the socket took what it had without a drain event (or one frame was over the bound).
      if (unnoticed && !out.writableNeedDrain && room()) resume();
      if (!unnoticed && room()) {
        delivered++;
        batch.push(frame);
        batchBytes += bytes;
        return;
      }
      dropped++;
      stalledAt ??= clock();
      if (unnoticed) {
        unnoticed.count++;
        unnoticed.to = seq;
      } else {
        unnoticed = { count: 1, from: seq, to: seq };
      }
    },
    commit,
    control(frame) {
      if (closed || unnoticed || out.writableNeedDrain) return;
      commit();
      write(frame);
    },
    stalledSince: () => stalledAt,
    stats: () => ({
      id: options.id,
      connectedAt,
      bufferedBytes: closed ? 0 : out.writableLength,
      peakBufferedBytes: peak,
      delivered,
      dropped,
      stalled: stalledAt !== null,
      filter: { types: options.filter.types ? [...options.filter.types] : null, requestId: options.filter.requestId ?? null },
    }),
    end(farewell) {
      if (closed) return;
      if (stalledAt !== null || unnoticed) {
        out.destroy();
      } else {
        commit();
        if (farewell) out.write(farewell);
        out.end();
      }
      close();
    },
    destroy() {
      if (closed) return;
      out.destroy();
      close();
    },
  };
}
