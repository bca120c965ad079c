/**
 * Inbound half, stream: canonical parts → the Responses event ladder (wire-formats.md §3.3):
 * `response.created` → `response.in_progress` → per item `output_item.added` … `output_item.done` →
 * `response.completed` (or `response.incomplete`) carrying the full response, built by the same code as
 * the non-streamed answer. There is no `[DONE]`: the terminal event ends the stream. A failure becomes
 * `error` + `response.failed`, after which nothing else is sent — never a completed after an error
 * (wire-formats.md §8 item 16). Only choice 0 is encoded: the Responses API has no `n`.
 */
import type { FinishReason } from '../../core/response.js';
import type { CanonicalRequest } from '../../core/request.js';
import type { StreamEncoder, StreamPart } from '../../core/stream.js';
import type { Usage } from '../../core/usage.js';
import { encodeErrorBody } from '../openai-chat/errors.js';
import { echoRequest, wantsEncryptedReasoning } from './echo-request.js';
import { idBase, responseIdOf } from './ids.js';
import { buildResponse, outcomeOf, type ResponseSnapshot, type ResponseStatus } from './response-object.js';
import { createFrameWriter } from './stream-frames.js';
import { createItemLadder } from './stream-items.js';

export function createStreamEncoder(request: CanonicalRequest): StreamEncoder {
  const echo = echoRequest(request);
  const frames = createFrameWriter();
  // Until `message-start` names the response (it always comes first; these are only a safety net).
  let id = responseIdOf('');
  let base = idBase('');
  let model = request.model;
  let createdAt = 0;
  const items = createItemLadder(frames, () => base, wantsEncryptedReasoning(request));
  let started = false;
  let ended = false;
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;

  const response = (status: ResponseStatus, extra: Partial<ResponseSnapshot> = {}): Record<string, unknown> => {
    const snapshot: ResponseSnapshot = { id, createdAt, model, status, output: status === 'in_progress' ? [] : [...items.output], ...extra };
    if (usage && status !== 'in_progress') snapshot.usage = usage;
    return buildResponse(echo, snapshot);
  };

  const start = (): string => {
    if (started) return '';
    started = true;
    const snapshot = response('in_progress');
    return frames.event('response.created', { response: snapshot }) + frames.event('response.in_progress', { response: snapshot });
  };

  const encodePart = (part: Exclude<StreamPart, { type: 'message-start' | 'usage' | 'error' }>): string => {
    switch (part.type) {
      case 'text-start':
        return items.textStart();
      case 'text-delta':
        return items.textDelta(part.text);
      case 'text-end':
        return items.textEnd();
      case 'refusal-delta':
        return items.refusalDelta(part.text);
      case 'reasoning-start':
        return items.reasoningStart();
      case 'reasoning-delta':
        return items.reasoningDelta(part.text);
      case 'reasoning-end':
        return items.reasoningEnd(part.signature);
      case 'tool-input-start':
        return items.toolStart(part.index, part.id, part.name);
      case 'tool-input-delta':
        return items.toolDelta(part.index, part.delta);
      case 'tool-input-end':
        return items.toolEnd(part.index);
      case 'finish':
        finish = part.reason;
        return items.close(outcomeOf(finish).status);
      // Opaque redacted reasoning (Anthropic) means nothing to a Responses client; other dialects'
      // provider events cannot be reproduced here.
      case 'reasoning-redacted':
      case 'dialect-event':
        return '';
    }
  };

  return {
    push(part: StreamPart): string {
      if (ended) return '';
      switch (part.type) {
        case 'message-start':
          if (started) return '';
          id = responseIdOf(part.id);
          base = idBase(part.id);
          if (part.model) model = part.model;
          createdAt = part.created;
          return start();
        case 'usage':
          usage = part.usage;
          return '';
        case 'error': {
          // The open item is left as is: the response failed, and `response.failed` says so.
          ended = true;
          const { code, type, message, param } = encodeErrorBody(part.error).error;
          const error = { code: code ?? type, message };
          return (
            start() +
            frames.event('error', { ...error, param }) +
            frames.event('response.failed', { response: response('failed', { error }) })
          );
        }
        default:
          if (part.choice !== 0) return '';
          return start() + encodePart(part);
      }
    },
    end(): string {
      if (ended) return '';
      ended = true;
      const outcome = outcomeOf(finish);
      // A block still open (no finish from upstream) is closed before the terminal event.
      const out = start() + items.close(outcome.status);
      const extra: Partial<ResponseSnapshot> = outcome.incompleteReason ? { incompleteReason: outcome.incompleteReason } : {};
      const type = outcome.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
      return out + frames.event(type, { response: response(outcome.status, extra) });
    },
  };
}
