/**
 * State of the one open item of a Responses stream, and the events that close its parts: the
 * `*.done` events of a content part, of a reasoning summary, and of function-call arguments. Each
 * `*.done` repeats the full value accumulated from the deltas, as the API's own do.
 */
import { outputText, refusalContent, type MessageContent } from './output-items.js';
import type { FrameWriter } from './stream-frames.js';

export interface Position {
  index: number;
  id: string;
  /** `"item_id":…,"output_index":…` (plus `content_index` / `summary_index` for parts). */
  head: string;
}
export interface OpenPart {
  kind: 'text' | 'refusal';
  contentIndex: number;
  head: string;
  text: string;
}
export type OpenItem =
  | (Position & { kind: 'message'; content: MessageContent[]; part?: OpenPart })
  | (Position & { kind: 'reasoning'; text: string; summaryStarted: boolean; ended: boolean; signature?: string })
  | (Position & { kind: 'function_call'; toolIndex: number; callId: string; name: string; args: string; done: boolean });

export function closePart(frames: FrameWriter, item: Extract<OpenItem, { kind: 'message' }>): string {
  const part = item.part;
  if (!part) return '';
  item.part = undefined;
  const where = { item_id: item.id, output_index: item.index, content_index: part.contentIndex };
  const wire = part.kind === 'text' ? outputText(part.text) : refusalContent(part.text);
  item.content.push(wire);
  const done =
    part.kind === 'text'
      ? frames.event('response.output_text.done', { ...where, text: part.text, logprobs: [] })
      : frames.event('response.refusal.done', { ...where, refusal: part.text });
  return done + frames.event('response.content_part.done', { ...where, part: wire });
}

export function closeSummary(frames: FrameWriter, item: Extract<OpenItem, { kind: 'reasoning' }>): string {
  if (item.ended) return '';
  item.ended = true;
  if (!item.summaryStarted) return '';
  const where = { item_id: item.id, output_index: item.index, summary_index: 0 };
  return (
    frames.event('response.reasoning_summary_text.done', { ...where, text: item.text }) +
    frames.event('response.reasoning_summary_part.done', { ...where, part: { type: 'summary_text', text: item.text } })
  );
}

export function argumentsDone(frames: FrameWriter, item: Extract<OpenItem, { kind: 'function_call' }>): string {
  if (item.done) return '';
  item.done = true;
  return frames.event('response.function_call_arguments.done', { item_id: item.id, output_index: item.index, name: item.name, arguments: item.args });
}
