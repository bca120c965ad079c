/**
 * Inbound half, stream: canonical parts → Anthropic Messages SSE, as @anthropic-ai/sdk and Claude Code
 * read it (wire-formats.md §5.4, §8 items 1, 2, 19, 19a): every frame has an `event:` line; blocks are
 * numbered contiguously from 0 in start order and strictly sequential (one open at a time); no delta for
 * a block that was not started; text blocks open only when text arrives; the stop reason and final usage
 * go in message_delta at the end (OpenAI-style upstreams report usage after the finish), then message_stop.
 * A failure is one `event: error` and no message_stop.
 */
import type { GatewayError } from '../../core/errors.js';
import type { StreamEncoder, StreamPart } from '../../core/stream.js';
import { emptyUsage, type Usage } from '../../core/usage.js';
import { sseFrame } from '../../upstream/sse.js';
import { fieldsOf } from '../extensions.js';
import { asRecord } from '../lenient.js';
import { messageId } from './encode-response.js';
import { anthropicErrorType } from './errors.js';
import { DIALECT, encodeStopReason, encodeUsage, sanitizeToolId } from './shared.js';
import type { FinishReason } from '../../core/response.js';

type Open = { kind: 'text' | 'thinking' | 'dialect'; index: number } | { kind: 'tool'; index: number; tool: number };

const frame = (data: Record<string, unknown>): string => sseFrame(JSON.stringify(data), data.type as string);

export function createStreamEncoder(): StreamEncoder {
  let next = 0;
  let open: Open | undefined;
  let calledTools = false;
  let finish: FinishReason = { unified: 'stop', raw: null };
  let usage: Usage = emptyUsage();
  let rawUsage: Record<string, unknown> | undefined;
  let failed = false;
  /** Upstream block index → ours, for same-dialect events Signalbox passes through. */
  const dialectIndex = new Map<number, number>();

  const close = (): string => {
    if (!open) return '';
    const out = frame({ type: 'content_block_stop', index: open.index });
    open = undefined;
    return out;
  };

  const start = (kind: 'text' | 'thinking', block: Record<string, unknown>): string => {
    const out = close();
    open = { kind, index: next++ };
    return out + frame({ type: 'content_block_start', index: open.index, content_block: block });
  };

  const delta = (delta: Record<string, unknown>): string => (open ? frame({ type: 'content_block_delta', index: open.index, delta }) : '');

  const text = (value: string): string => {
    if (!value) return '';
    const head = open?.kind === 'text' ? '' : start('text', { type: 'text', text: '' });
    return head + delta({ type: 'text_delta', text: value });
  };

  const passThrough = (raw: unknown): string => {
    const event = asRecord(raw);
    if (!event) return '';
    const upstream = typeof event.index === 'number' ? event.index : -1;
    if (event.type === 'content_block_start') {
      const out = close();
      open = { kind: 'dialect', index: next++ };
      dialectIndex.set(upstream, open.index);
      return out + frame({ ...event, index: open.index });
    }
    const index = dialectIndex.get(upstream) ?? open?.index;
    if (index === undefined) return '';
    if (event.type === 'content_block_stop') {
      if (open?.index === index) open = undefined;
      return frame({ ...event, index });
    }
    return frame({ ...event, index });
  };

  return {
    push(part: StreamPart): string {
      if (failed || ('choice' in part && part.choice !== 0)) return '';
      switch (part.type) {
        case 'message-start': {
          const { usage: startUsage, ...fields } = fieldsOf(part.extensions, DIALECT) ?? {};
          const message = {
            id: messageId(part.id),
            type: 'message',
            role: 'assistant',
            model: part.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: asRecord(startUsage) ?? encodeUsage(emptyUsage()),
            ...fields,
          };
          return frame({ type: 'message_start', message });
        }
        case 'text-delta':
        case 'refusal-delta':
          return text(part.text);
        case 'text-end':
          return open?.kind === 'text' ? close() : '';
        case 'reasoning-start':
          return start('thinking', { type: 'thinking', thinking: '', signature: '' });
        case 'reasoning-delta': {
          const head = open?.kind === 'thinking' ? '' : start('thinking', { type: 'thinking', thinking: '', signature: '' });
          return head + delta({ type: 'thinking_delta', thinking: part.text });
        }
        case 'reasoning-end': {
          if (open?.kind !== 'thinking') return '';
          return (part.signature ? delta({ type: 'signature_delta', signature: part.signature }) : '') + close();
        }
        case 'reasoning-redacted': {
          const out = close();
          const index = next++;
          return out + frame({ type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: part.data } }) + frame({ type: 'content_block_stop', index });
        }
        case 'tool-input-start': {
          const out = close();
          calledTools = true;
          open = { kind: 'tool', index: next++, tool: part.index };
          return out + frame({ type: 'content_block_start', index: open.index, content_block: { type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input: {} } });
        }
        case 'tool-input-delta':
          return open?.kind === 'tool' && open.tool === part.index ? delta({ type: 'input_json_delta', partial_json: part.delta }) : '';
        case 'tool-input-end':
          return open?.kind === 'tool' && open.tool === part.index ? close() : '';
        case 'dialect-event':
          return part.dialect === DIALECT ? passThrough(part.raw) : '';
        case 'finish':
          finish = part.reason;
          return close();
        case 'usage': {
          usage = part.usage;
          const raw = asRecord(fieldsOf(part.extensions, DIALECT)?.usage);
          if (raw) rawUsage = raw;
          return '';
        }
        case 'error':
          failed = true;
          return close() + frame({ type: 'error', error: { type: anthropicErrorType(part.error as GatewayError), message: part.error.message } });
        case 'text-start':
          return '';
      }
    },
    end(): string {
      if (failed) return '';
      const stop = encodeStopReason(finish, calledTools);
      return (
        close() +
        frame({
          type: 'message_delta',
          delta: { stop_reason: stop, stop_sequence: finish.stopSequence ?? null },
          usage: rawUsage ?? encodeUsage(usage),
        }) +
        frame({ type: 'message_stop' })
      );
    },
  };
}
