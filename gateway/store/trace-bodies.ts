/**
 * Retained trace bodies (opt-in, `traces.bodies`): what a request carried, per request id. Kinds: the
 * inbound `request` as received, the `upstream` request body of each attempt (`attempt` = the attempt's
 * `n`), and the `response` sent to the client (a stream's accumulated content). Bodies arrive here already
 * redacted and capped; the store only keeps, lists and prunes them.
 */

export type TraceBodyKind = 'request' | 'upstream' | 'response';

export interface TraceBody {
  requestId: string;
  kind: TraceBodyKind;
  /** The attempt's `n` for `upstream`, 0 otherwise. */
  attempt: number;
  /** Milliseconds since the epoch. */
  at: number;
  /** `application/json` for every kind so far (a stream's response is a JSON summary of its content). */
  contentType: string;
  body: string;
  /** Size in bytes before truncation (a stream's response: of its stored summary). */
  bytes: number;
  truncated: boolean;
}

export interface TraceBodyStore {
  /** Queues a body (replacing one with the same request id, kind and attempt); never throws, never blocks. */
  put(body: TraceBody): void;
  /** A request's bodies: request, upstream by attempt, response. Flushes pending writes first. */
  list(requestId: string): TraceBody[];
  /** Deletes bodies kept before `before`; returns how many. */
  prune(before: number): number;
  /** Bodies dropped because the write queue was full or a write failed. */
  dropped(): number;
}
