/**
 * Canonical history → Anthropic `system` + `messages`, enforcing what the Messages API enforces
 * (wire-formats.md §7.2, §8 items 5, 8, 9, 23): system prompts hoisted to the top-level `system`; only
 * user/assistant turns, consecutive same-role turns merged; tool results as `tool_result` blocks first in
 * the next user turn; no empty text blocks; tool ids matching ^[a-zA-Z0-9_-]+$; thinking replayed only
 * with the signature Anthropic issued; at most 4 cache breakpoints.
 */
import type { CacheHint, ContentPart, FilePart, ImagePart, TextPart } from '../../core/content.js';
import type { Message } from '../../core/request.js';
import { fieldsOf, hintOf } from '../extensions.js';
import type { SignatureCache } from '../signature-cache.js';
import { argumentsObject, cacheToWire, DIALECT, sanitizeToolId } from './shared.js';
import { recallThinking, replayable } from './thinking-memory.js';

type Block = Record<string, unknown>;
interface Turn {
  role: 'user' | 'assistant';
  blocks: Block[];
  /** The single source message was a plain string (kept as one for same-dialect passthrough). */
  asString: boolean;
}

/** One uncached text block from a message the client wrote as a string goes back as that string. */
function plain(blocks: Block[], asString: boolean): Block[] | string {
  const only = blocks[0];
  return asString && blocks.length === 1 && only?.type === 'text' && !only.cache_control && Object.keys(only).length === 2 ? (only.text as string) : blocks;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const MAX_BREAKPOINTS = 4;

function cached(block: Block, cache: CacheHint | undefined): Block {
  if (cache) block.cache_control = cacheToWire(cache);
  return block;
}

function textBlock(part: TextPart): Block | undefined {
  if (!part.text) return undefined;
  return cached({ type: 'text', text: part.text, ...fieldsOf(part.extensions, DIALECT) }, part.cache);
}

function imageBlock(part: ImagePart, warnings: string[]): Block | undefined {
  if (part.source.kind === 'url') return cached({ type: 'image', source: { type: 'url', url: part.source.url } }, part.cache);
  if (!IMAGE_TYPES.has(part.source.mediaType)) {
    warnings.push(`dropped an image of type ${part.source.mediaType}: Anthropic accepts jpeg, png, gif and webp`);
    return undefined;
  }
  return cached({ type: 'image', source: { type: 'base64', media_type: part.source.mediaType, data: part.source.data } }, part.cache);
}

function documentBlock(part: FilePart, warnings: string[]): Block | undefined {
  const block: Block = { type: 'document' };
  if (part.url) block.source = { type: 'url', url: part.url };
  else if (part.data !== undefined && (part.mediaType ?? 'application/pdf') === 'application/pdf') {
    block.source = { type: 'base64', media_type: 'application/pdf', data: part.data };
  } else if (part.fileId) block.source = { type: 'file', file_id: part.fileId };
  else {
    warnings.push(`dropped a file of type ${part.mediaType ?? 'unknown'}: Anthropic documents are PDFs`);
    return undefined;
  }
  if (part.filename) block.title = part.filename;
  return cached(block, part.cache);
}

function contentBlocks(parts: ContentPart[], warnings: string[]): Block[] {
  const blocks: Block[] = [];
  for (const part of parts) {
    let block: Block | undefined;
    switch (part.type) {
      case 'text':
        block = textBlock(part);
        break;
      case 'image':
        block = imageBlock(part, warnings);
        break;
      case 'file':
        block = documentBlock(part, warnings);
        break;
      case 'refusal':
        block = part.text ? { type: 'text', text: part.text } : undefined;
        break;
      case 'reasoning':
        if (part.redacted) block = { type: 'redacted_thinking', data: part.redacted };
        else if (part.signature) block = { type: 'thinking', thinking: part.text, signature: part.signature };
        else if (part.text) warnings.push('dropped reasoning without an Anthropic signature (it cannot be replayed to Anthropic)');
        break;
      case 'tool-call': {
        const { input, ok } = argumentsObject(part.arguments);
        if (!ok) warnings.push(`tool call ${part.name}: arguments were not a JSON object; sent {}`);
        block = cached({ type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input }, part.cache);
        break;
      }
      case 'tool-result': {
        const inner: Block[] = [];
        for (const item of part.content) {
          const converted = item.type === 'text' ? textBlock(item) : item.type === 'image' ? imageBlock(item, warnings) : documentBlock(item, warnings);
          if (converted) inner.push(converted);
        }
        const content = plain(inner, hintOf(part.extensions, DIALECT, 'contentString') === true);
        block = cached({ type: 'tool_result', tool_use_id: sanitizeToolId(part.toolCallId), content }, part.cache);
        if (part.isError) block.is_error = true;
        break;
      }
      case 'audio':
        warnings.push('dropped an audio part: Anthropic does not accept audio');
        break;
      case 'dialect':
        if (part.dialect === DIALECT) block = part.raw as Block;
        else warnings.push(`dropped a ${part.dialect} block Anthropic cannot express`);
        break;
    }
    if (block) blocks.push(block);
  }
  return blocks;
}

/** Tool results first in a user turn (the API requires them before any other content). */
function resultsFirst(blocks: Block[]): Block[] {
  const results = blocks.filter((block) => block.type === 'tool_result');
  return results.length && results.length < blocks.length ? [...results, ...blocks.filter((block) => block.type !== 'tool_result')] : blocks;
}

/** Keeps the last `MAX_BREAKPOINTS` cache_control markers (the API rejects more). */
function limitBreakpoints(system: Block[], turns: Turn[], tools: Block[], warnings: string[]): void {
  const marked: Block[] = [];
  const visit = (block: Block): void => {
    if (block.cache_control) marked.push(block);
    if (Array.isArray(block.content)) for (const inner of block.content as Block[]) visit(inner);
  };
  for (const block of tools) visit(block);
  for (const block of system) visit(block);
  for (const turn of turns) for (const block of turn.blocks) visit(block);
  const excess = marked.length - MAX_BREAKPOINTS;
  if (excess <= 0) return;
  for (const block of marked.slice(0, excess)) delete block.cache_control;
  warnings.push(`removed ${excess} cache_control breakpoint(s): Anthropic allows at most ${MAX_BREAKPOINTS}`);
}

export interface EncodedMessages {
  system: Block[] | string;
  messages: Array<{ role: 'user' | 'assistant'; content: Block[] | string }>;
}

/**
 * An assistant turn that called tools but lost its signed thinking on the way through a client that
 * cannot carry it gets the thinking the gateway remembered for those calls.
 */
function restoreThinking(message: Message, memory: SignatureCache): ContentPart[] {
  if (message.role !== 'assistant' || message.content.some((part) => part.type === 'reasoning' && replayable(part))) return message.content;
  const call = message.content.find((part) => part.type === 'tool-call');
  const thinking = call ? recallThinking(memory, call.id) : undefined;
  if (!thinking) return message.content;
  return [...thinking, ...message.content.filter((part) => part.type !== 'reasoning')];
}

export function encodeMessages(history: Message[], tools: Block[], memory: SignatureCache, warnings: string[]): EncodedMessages {
  const system: Block[] = [];
  let systemMessages = 0;
  let systemAsString = false;
  const turns: Turn[] = [];
  let movedSystem = false;
  for (const message of history) {
    const asString = hintOf(message.extensions, DIALECT, 'contentString') === true;
    if (message.role === 'system') {
      if (turns.length) movedSystem = true;
      systemMessages++;
      systemAsString = asString;
      for (const part of message.content) {
        const block = part.type === 'text' ? textBlock(part) : undefined;
        if (block) system.push(block);
      }
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = contentBlocks(restoreThinking(message, memory), warnings);
    if (!blocks.length) continue;
    const last = turns.at(-1);
    if (last?.role === role) {
      last.blocks.push(...blocks);
      last.asString = false;
    } else turns.push({ role, blocks, asString });
  }
  if (movedSystem) warnings.push('moved a system message from the middle of the conversation into the top-level system prompt');
  limitBreakpoints(system, turns, tools, warnings);
  return {
    system: plain(system, systemMessages === 1 && systemAsString),
    messages: turns.map((turn) => ({ role: turn.role, content: plain(turn.role === 'user' ? resultsFirst(turn.blocks) : turn.blocks, turn.asString) })),
  };
}
