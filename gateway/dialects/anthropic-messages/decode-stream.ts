/**
 * Outbound half, stream: Anthropic Messages SSE events → canonical stream parts (wire-formats.md §5.4).
 * message_start → content blocks (text / thinking + signature_delta / redacted_thinking / tool_use with
 * input_json_delta) → message_delta (stop reason, cumulative usage) → message_stop. Blocks Signalbox does
 * not model (server tools, citations) travel as dialect events for Anthropic clients. A stream that ends
 * before message_delta is truncated; an `error` event is an error part.
 */
import { GatewayError } from '../../core/errors.js';
import type { StreamDecoder, StreamPart } from '../../core/stream.js';
import type { Usage } from '../../core/usage.js';
import { kindForStreamError } from '../../upstream/error-details.js';
import type { SseEvent } from '../../upstream/sse.js';
import type { DecodeContext } from '../codec.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { asRecord, asString } from '../lenient.js';
import { decodeErrorBody } from './errors.js';
import { decodeStopReason, decodeUsage, DIALECT } from './shared.js';
import { rememberThinking } from './thinking-memory.js';
import type { ReasoningPart } from '../../core/content.js';

type Block = { kind: 'text' } | { kind: 'reasoning'; text: string; signature: string } | { kind: 'tool'; index: number } | { kind: 'other' } | { kind: 'redacted' };

export function createStreamDecoder(context: DecodeContext): StreamDecoder<SseEvent> {
  const blocks = new Map<number, Block>();
  let tools = 0;
  let started = false;
  let finished = false;
  let done = false;
  let failed = false;
  let startUsage: Record<string, unknown> = {};
  /** This turn's signed thinking, remembered by the ids of the tool calls that follow it. */
  const thinking: ReasoningPart[] = [];

  const fail = (error: GatewayError): StreamPart[] => {
    failed = true;
    return [{ type: 'error', error }];
  };

  const onStart = (message: Record<string, unknown>): StreamPart[] => {
    if (started) return [];
    started = true;
    startUsage = asRecord(message.usage) ?? {};
    const part: StreamPart = {
      type: 'message-start',
      id: asString(message.id) ?? context.id,
      model: asString(message.model) ?? '',
      created: context.created,
    };
    const extensions = makeExtensions(DIALECT, { ...unknownFields(message, new Set(['id', 'model', 'type', 'role', 'content', 'stop_reason', 'stop_sequence'])) });
    if (extensions) part.extensions = extensions;
    return [part];
  };

  const onBlockStart = (event: Record<string, unknown>, index: number): StreamPart[] => {
    const block = asRecord(event.content_block) ?? {};
    switch (block.type) {
      case 'text': {
        blocks.set(index, { kind: 'text' });
        const text = asString(block.text);
        return text ? [{ type: 'text-start', choice: 0 }, { type: 'text-delta', choice: 0, text }] : [{ type: 'text-start', choice: 0 }];
      }
      case 'thinking':
        blocks.set(index, { kind: 'reasoning', text: asString(block.thinking) ?? '', signature: asString(block.signature) ?? '' });
        return [{ type: 'reasoning-start', choice: 0 }];
      case 'redacted_thinking':
        blocks.set(index, { kind: 'redacted' });
        thinking.push({ type: 'reasoning', text: '', redacted: asString(block.data) ?? '' });
        return [{ type: 'reasoning-redacted', choice: 0, data: asString(block.data) ?? '' }];
      case 'tool_use': {
        const tool = tools++;
        blocks.set(index, { kind: 'tool', index: tool });
        const id = asString(block.id) ?? context.newToolCallId();
        rememberThinking(context.state.signatures, [id], thinking);
        const parts: StreamPart[] = [{ type: 'tool-input-start', choice: 0, index: tool, id, name: asString(block.name) ?? '' }];
        const input = asRecord(block.input);
        if (input && Object.keys(input).length) parts.push({ type: 'tool-input-delta', choice: 0, index: tool, delta: JSON.stringify(input) });
        return parts;
      }
      default:
        blocks.set(index, { kind: 'other' });
        return [{ type: 'dialect-event', choice: 0, dialect: DIALECT, raw: event }];
    }
  };

  const onDelta = (event: Record<string, unknown>, block: Block | undefined): StreamPart[] => {
    const delta = asRecord(event.delta) ?? {};
    if (!block) return [];
    if (block.kind === 'text' && delta.type === 'text_delta') return [{ type: 'text-delta', choice: 0, text: asString(delta.text) ?? '' }];
    if (block.kind === 'reasoning' && delta.type === 'thinking_delta') {
      const text = asString(delta.thinking) ?? '';
      block.text += text;
      return [{ type: 'reasoning-delta', choice: 0, text }];
    }
    if (block.kind === 'reasoning' && delta.type === 'signature_delta') {
      block.signature += asString(delta.signature) ?? '';
      return [];
    }
    if (block.kind === 'tool' && delta.type === 'input_json_delta') {
      const fragment = asString(delta.partial_json) ?? '';
      return fragment ? [{ type: 'tool-input-delta', choice: 0, index: block.index, delta: fragment }] : [];
    }
    // citations_delta and deltas of blocks Signalbox does not model
    return [{ type: 'dialect-event', choice: 0, dialect: DIALECT, raw: event }];
  };

  const onBlockStop = (event: Record<string, unknown>, block: Block | undefined): StreamPart[] => {
    switch (block?.kind) {
      case 'text':
        return [{ type: 'text-end', choice: 0 }];
      case 'reasoning':
        if (!block.signature) return [{ type: 'reasoning-end', choice: 0 }];
        thinking.push({ type: 'reasoning', text: block.text, signature: block.signature });
        return [{ type: 'reasoning-end', choice: 0, signature: block.signature }];
      case 'tool':
        return [{ type: 'tool-input-end', choice: 0, index: block.index }];
      case 'other':
        return [{ type: 'dialect-event', choice: 0, dialect: DIALECT, raw: event }];
      default:
        return [];
    }
  };

  /** message_delta usage is cumulative and may repeat the input counts; message_start had the rest. */
  const onMessageDelta = (event: Record<string, unknown>): StreamPart[] => {
    const delta = asRecord(event.delta) ?? {};
    const rawUsage = { ...startUsage, ...asRecord(event.usage) };
    const parts: StreamPart[] = [];
    if (!finished) {
      finished = true;
      parts.push({ type: 'finish', choice: 0, reason: decodeStopReason(delta.stop_reason, delta.stop_sequence) });
    }
    const usage: Usage | undefined = decodeUsage(rawUsage);
    if (usage) parts.push({ type: 'usage', usage, extensions: { dialect: DIALECT, fields: { usage: rawUsage } } });
    return parts;
  };

  return {
    get done() {
      return done || failed;
    },
    push(sse) {
      if (done || failed) return [];
      let event: Record<string, unknown> | undefined;
      try {
        event = asRecord(JSON.parse(sse.data));
      } catch {
        return fail(new GatewayError('upstream_bad_response', 'The provider sent a stream event that is not valid JSON.'));
      }
      if (!event) return [];
      const index = typeof event.index === 'number' ? event.index : -1;
      switch (event.type) {
        case 'message_start':
          return onStart(asRecord(event.message) ?? {});
        case 'content_block_start':
          return [...onStart({}), ...onBlockStart(event, index)];
        case 'content_block_delta':
          return onDelta(event, blocks.get(index));
        case 'content_block_stop':
          return onBlockStop(event, blocks.get(index));
        case 'message_delta':
          return onMessageDelta(event);
        case 'message_stop':
          done = true;
          return [];
        case 'error': {
          const details = decodeErrorBody(event);
          return fail(new GatewayError(kindForStreamError(details), details.message ?? 'The provider reported an error mid-stream.'));
        }
        default:
          // ping and future event types
          return [];
      }
    },
    end() {
      if (failed) return [];
      if (!finished) return fail(new GatewayError('upstream_truncated', 'The provider closed the stream before it finished.'));
      done = true;
      return [];
    },
  };
}
