/**
 * Responses stream frames: `event: <type>` + one compact `data:` line whose JSON repeats the `type` and
 * carries a `sequence_number` strictly increasing from 0 (wire-formats.md §3.3). The counter lives here
 * so no frame can skip or repeat a number.
 */
import { sseFrame } from '../../upstream/sse.js';

export interface FrameWriter {
  /** One event; `payload` keys follow `type`, `sequence_number` comes last (as the API orders them). */
  event(type: string, payload: Record<string, unknown>): string;
  /**
   * A delta event assembled from a precomputed `head` (e.g. `"item_id":"msg_x_0","output_index":0`):
   * these run once per token, so only the delta itself is serialised.
   */
  delta(type: string, head: string, delta: string, tail?: string): string;
}

/** `"key":value,…` of an object, for use as a precomputed `head`. */
export function jsonMembers(fields: Record<string, unknown>): string {
  return JSON.stringify(fields).slice(1, -1);
}

export function createFrameWriter(): FrameWriter {
  let sequence = 0;
  return {
    event(type, payload) {
      return sseFrame(JSON.stringify({ type, ...payload, sequence_number: sequence++ }), type);
    },
    delta(type, head, delta, tail = '') {
      return sseFrame(`{"type":${JSON.stringify(type)},${head},"delta":${JSON.stringify(delta)}${tail},"sequence_number":${sequence++}}`, type);
    },
  };
}
