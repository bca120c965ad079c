/**
 * The output-item half of a Responses stream: one item open at a time, each `*.added` matched by its
 * `*.done`, items closed in order, `output_index` counting items. Canonical blocks map onto items as in
 * output-items.ts: text and refusal go into the open message item (one content part each, or a new
 * message item after a reasoning or tool item); reasoning and tool-call blocks are items of their own.
 * An item stays open after its block ends until the next item starts or the turn finishes, because a
 * message may gain more parts and only the finish says whether the last item is `incomplete`.
 */
import { itemId } from './ids.js';
import { functionCallItem, messageItem, outputText, reasoningItem, refusalContent, type ItemStatus, type OutputItem } from './output-items.js';
import { argumentsDone, closePart, closeSummary, type OpenItem, type OpenPart, type Position } from './stream-item-events.js';
import { jsonMembers, type FrameWriter } from './stream-frames.js';

export type ItemLadder = ReturnType<typeof createItemLadder>;

/** `base` is read when an item opens (the response id is known from `message-start` on). */
export function createItemLadder(frames: FrameWriter, base: () => string, encryptedReasoning: boolean) {
  const output: OutputItem[] = [];
  let open: OpenItem | undefined;

  const position = (prefix: 'msg' | 'rs' | 'fc'): Position => {
    const index = output.length;
    const id = itemId(prefix, base(), index);
    return { index, id, head: jsonMembers({ item_id: id, output_index: index }) };
  };
  const added = (item: Position, wire: OutputItem): string => frames.event('response.output_item.added', { output_index: item.index, item: wire });

  const close = (status: ItemStatus): string => {
    const item = open;
    if (!item) return '';
    open = undefined;
    let out: string;
    let wire: OutputItem;
    if (item.kind === 'message') {
      out = closePart(frames, item);
      wire = messageItem(item.id, status, item.content);
    } else if (item.kind === 'reasoning') {
      out = closeSummary(frames, item);
      wire = reasoningItem(item.id, item.text, item.signature, encryptedReasoning);
    } else {
      out = argumentsDone(frames, item);
      wire = functionCallItem(item.id, status, item.callId, item.name, item.args);
    }
    output.push(wire);
    return out + frames.event('response.output_item.done', { output_index: item.index, item: wire });
  };

  /** The open message item, opening one (and closing any other item) when needed. */
  const message = (): [string, Extract<OpenItem, { kind: 'message' }>] => {
    if (open?.kind === 'message') return ['', open];
    const out = close('completed');
    const item: OpenItem = { ...position('msg'), kind: 'message', content: [] };
    open = item;
    return [out + added(item, messageItem(item.id, 'in_progress', [])), item];
  };

  const openPart = (kind: OpenPart['kind']): [string, OpenPart] => {
    const [head, item] = message();
    if (kind === 'refusal' && item.part?.kind === 'refusal') return [head, item.part];
    let out = head + closePart(frames, item);
    const contentIndex = item.content.length;
    const part: OpenPart = { kind, contentIndex, head: `${item.head},"content_index":${contentIndex}`, text: '' };
    item.part = part;
    out += frames.event('response.content_part.added', {
      item_id: item.id,
      output_index: item.index,
      content_index: contentIndex,
      part: kind === 'text' ? outputText('') : refusalContent(''),
    });
    return [out, part];
  };

  const reasoningStart = (): string => {
    const out = close('completed');
    const item: OpenItem = { ...position('rs'), kind: 'reasoning', text: '', summaryStarted: false, ended: false };
    open = item;
    return out + added(item, reasoningItem(item.id, '', undefined, false));
  };

  /** The open tool item for a canonical tool index; canonical tool blocks arrive one after another. */
  const tool = (toolIndex: number): Extract<OpenItem, { kind: 'function_call' }> | undefined =>
    open?.kind === 'function_call' && open.toolIndex === toolIndex && !open.done ? open : undefined;

  return {
    /** Items closed so far, as `response.completed` reports them. */
    output,
    /** Closes the open item (if any) with `status`. */
    close,
    textStart: () => openPart('text')[0],
    textDelta(text: string): string {
      const [out, part] = open?.kind === 'message' && open.part?.kind === 'text' ? ['', open.part] : openPart('text');
      if (!text) return out;
      part.text += text;
      return out + frames.delta('response.output_text.delta', part.head, text, ',"logprobs":[]');
    },
    textEnd: () => (open?.kind === 'message' && open.part?.kind === 'text' ? closePart(frames, open) : ''),
    refusalDelta(text: string): string {
      if (!text) return '';
      const [out, part] = openPart('refusal');
      part.text += text;
      return out + frames.delta('response.refusal.delta', part.head, text);
    },
    reasoningStart,
    reasoningDelta(text: string): string {
      let out = open?.kind === 'reasoning' && !open.ended ? '' : reasoningStart();
      const item = open;
      if (!text || item?.kind !== 'reasoning') return out;
      const head = `${item.head},"summary_index":0`;
      if (!item.summaryStarted) {
        item.summaryStarted = true;
        const part = { type: 'summary_text', text: '' };
        out += frames.event('response.reasoning_summary_part.added', { item_id: item.id, output_index: item.index, summary_index: 0, part });
      }
      item.text += text;
      return out + frames.delta('response.reasoning_summary_text.delta', head, text);
    },
    reasoningEnd(signature: string | undefined): string {
      if (open?.kind !== 'reasoning' || open.ended) return '';
      if (signature) open.signature = signature;
      return closeSummary(frames, open);
    },
    toolStart(toolIndex: number, callId: string, name: string): string {
      const out = close('completed');
      const item: OpenItem = { ...position('fc'), kind: 'function_call', toolIndex, callId, name, args: '', done: false };
      open = item;
      return out + added(item, functionCallItem(item.id, 'in_progress', callId, name, ''));
    },
    toolDelta(toolIndex: number, delta: string): string {
      const item = tool(toolIndex);
      if (!item || !delta) return '';
      item.args += delta;
      return frames.delta('response.function_call_arguments.delta', item.head, delta);
    },
    toolEnd(toolIndex: number): string {
      const item = tool(toolIndex);
      return item ? argumentsDone(frames, item) : '';
    },
  };
}
