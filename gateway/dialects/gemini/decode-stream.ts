/**
 * Outbound half, stream: Gemini `alt=sse` chunks → canonical parts (wire-formats.md §6.4). Each chunk
 * holds only new parts; text is incremental; a function call arrives whole in one part (start + one
 * delta carrying the full arguments + end, so Anthropic clients get their input_json_delta, §8 item 1);
 * the chunk with finishReason carries the final usage. No terminator: a stream that closes before a
 * finishReason is truncated.
 */
import { GatewayError } from '../../core/errors.js';
import type { StreamDecoder, StreamPart } from '../../core/stream.js';
import { kindForStreamError } from '../../upstream/error-details.js';
import type { SseEvent } from '../../upstream/sse.js';
import type { DecodeContext } from '../codec.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { decodePart } from './decode-response.js';
import { decodeErrorBody, decodeFinishReason, decodeUsage } from './shared.js';

interface CandidateState {
  open: 'text' | 'reasoning' | undefined;
  tools: number;
  finished: boolean;
}

export function createStreamDecoder(context: DecodeContext): StreamDecoder<SseEvent> {
  const candidates = new Map<number, CandidateState>();
  let started = false;
  let failed = false;
  let finishedAll = false;

  const close = (choice: number, state: CandidateState, out: StreamPart[]): void => {
    if (state.open === 'text') out.push({ type: 'text-end', choice });
    if (state.open === 'reasoning') out.push({ type: 'reasoning-end', choice });
    state.open = undefined;
  };

  const decodeCandidate = (raw: unknown, out: StreamPart[]): void => {
    const candidate = asRecord(raw);
    if (!candidate) return;
    const choice = typeof candidate.index === 'number' ? candidate.index : 0;
    let state = candidates.get(choice);
    if (!state) {
      state = { open: undefined, tools: 0, finished: false };
      candidates.set(choice, state);
    }
    if (state.finished) return;
    for (const item of asArray(asRecord(candidate.content)?.parts)) {
      const record = asRecord(item);
      const part = record ? decodePart(record, context) : undefined;
      if (!part) continue;
      if (part.type === 'text') {
        if (state.open !== 'text') {
          close(choice, state, out);
          state.open = 'text';
          out.push({ type: 'text-start', choice });
        }
        if (part.text) out.push({ type: 'text-delta', choice, text: part.text });
      } else if (part.type === 'reasoning') {
        if (state.open !== 'reasoning') {
          close(choice, state, out);
          state.open = 'reasoning';
          out.push({ type: 'reasoning-start', choice });
        }
        if (part.text) out.push({ type: 'reasoning-delta', choice, text: part.text });
      } else if (part.type === 'tool-call') {
        close(choice, state, out);
        const index = state.tools++;
        out.push({ type: 'tool-input-start', choice, index, id: part.id, name: part.name });
        out.push({ type: 'tool-input-delta', choice, index, delta: part.arguments });
        out.push(part.signature ? { type: 'tool-input-end', choice, index, signature: part.signature } : { type: 'tool-input-end', choice, index });
      }
    }
    if (candidate.finishReason !== undefined && candidate.finishReason !== null) {
      close(choice, state, out);
      state.finished = true;
      out.push({ type: 'finish', choice, reason: decodeFinishReason(candidate.finishReason, state.tools > 0) });
    }
  };

  return {
    get done() {
      return finishedAll || failed;
    },
    push({ data }) {
      if (failed) return [];
      let chunk: Record<string, unknown> | undefined;
      try {
        chunk = asRecord(JSON.parse(data));
      } catch {
        failed = true;
        return [{ type: 'error', error: new GatewayError('upstream_bad_response', 'The provider sent a stream event that is not valid JSON.') }];
      }
      if (!chunk) return [];
      if (asRecord(chunk.error)) {
        failed = true;
        const details = decodeErrorBody(chunk);
        return [{ type: 'error', error: new GatewayError(kindForStreamError(details), details.message ?? 'The provider reported an error mid-stream.') }];
      }
      const out: StreamPart[] = [];
      if (!started) {
        started = true;
        out.push({ type: 'message-start', id: asString(chunk.responseId) ?? context.id, model: asString(chunk.modelVersion) ?? '', created: context.created });
      }
      const list = asArray(chunk.candidates);
      const blocked = asString(asRecord(chunk.promptFeedback)?.blockReason);
      if (!list.length && blocked) {
        candidates.set(0, { open: undefined, tools: 0, finished: true });
        out.push({ type: 'finish', choice: 0, reason: { unified: 'content-filter', raw: blocked } });
      }
      for (const candidate of list) decodeCandidate(candidate, out);
      const allFinished = candidates.size > 0 && [...candidates.values()].every((state) => state.finished);
      if (allFinished && !finishedAll) {
        finishedAll = true;
        const usage = decodeUsage(chunk.usageMetadata);
        if (usage) out.push({ type: 'usage', usage });
      }
      return out;
    },
    end() {
      if (failed) return [];
      if (!finishedAll) {
        failed = true;
        return [{ type: 'error', error: new GatewayError('upstream_truncated', 'The provider closed the stream before it finished.') }];
      }
      return [];
    },
  };
}
