/**
 * Outbound half, stream: OpenAI-family `chat.completion.chunk` SSE events → canonical stream parts.
 * A step function with explicit state per choice. Tolerates what real servers do (wire-formats.md §2.4,
 * §8): finish_reason on the last content chunk, usage on any chunk, tool-call ids/names only on the first
 * delta of an index, whole calls in one delta, empty `arguments` resent after completion, `[DONE]` missing
 * after a finish. A stream that ends with neither `[DONE]` nor a finish is reported as truncated.
 */
import { GatewayError } from '../../core/errors.js';
import type { StreamDecoder, StreamPart } from '../../core/stream.js';
import { kindForStreamError } from '../../upstream/error-details.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { decodeFinishReason, decodeUsage } from './decode-response.js';
import { contentDeltaMatcher, type ContentDeltaMatcher } from './content-delta.js';
import { decodeErrorBody } from './errors.js';

const DIALECT = 'openai-chat';
/** Top-level chunk fields that are per-chunk noise, not stream metadata worth repeating. */
const CHUNK_FIELDS = new Set(['id', 'object', 'created', 'model', 'choices', 'usage', 'obfuscation']);

interface ChoiceState {
  text: boolean;
  reasoning: boolean;
  /** upstream tool index → canonical tool index */
  tools: Map<number, number>;
  openTool: number | undefined;
  finished: boolean;
}

export interface StreamContext {
  /** Fallbacks when the provider leaves these out of its chunks. */
  id: string;
  created: number;
  newToolCallId: () => string;
}

export function createStreamDecoder(context: StreamContext): StreamDecoder<{ data: string }> {
  const choices = new Map<number, ChoiceState>();
  let started = false;
  let done = false;
  let failed = false;
  let anyFinish = false;
  /** Cheap decoding of plain content deltas that repeat the first chunk's layout (content-delta.ts). */
  let fastPath: ContentDeltaMatcher | undefined;

  const stateOf = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (!state) {
      state = { text: false, reasoning: false, tools: new Map(), openTool: undefined, finished: false };
      choices.set(index, state);
    }
    return state;
  };

  const closeOpen = (choice: number, state: ChoiceState, out: StreamPart[]): void => {
    if (state.reasoning) {
      out.push({ type: 'reasoning-end', choice });
      state.reasoning = false;
    }
    if (state.text) {
      out.push({ type: 'text-end', choice });
      state.text = false;
    }
    if (state.openTool !== undefined) {
      out.push({ type: 'tool-input-end', choice, index: state.openTool });
      state.openTool = undefined;
    }
  };

  const textDelta = (choice: number, state: ChoiceState, text: string, logprobs: unknown, out: StreamPart[]): void => {
    if (!state.text) {
      closeOpen(choice, state, out);
      state.text = true;
      out.push({ type: 'text-start', choice });
    }
    const part: StreamPart = { type: 'text-delta', choice, text };
    if (logprobs !== null && logprobs !== undefined) part.extensions = { dialect: DIALECT, fields: { logprobs } };
    out.push(part);
  };

  const decodeToolDeltas = (choice: number, state: ChoiceState, calls: readonly unknown[], out: StreamPart[]): void => {
    for (const raw of calls) {
      const call = asRecord(raw);
      if (!call) continue;
      const upstreamIndex = typeof call.index === 'number' ? call.index : state.tools.size;
      const fn = asRecord(call.function);
      const args = typeof fn?.arguments === 'string' ? fn.arguments : fn?.arguments !== undefined ? JSON.stringify(fn.arguments) : '';
      let index = state.tools.get(upstreamIndex);
      if (index === undefined) {
        closeOpen(choice, state, out);
        index = state.tools.size;
        state.tools.set(upstreamIndex, index);
        state.openTool = index;
        out.push({
          type: 'tool-input-start',
          choice,
          index,
          id: asString(call.id) || context.newToolCallId(),
          name: asString(fn?.name) ?? '',
        });
      } else if (state.openTool !== index) {
        // A fragment for a call that is no longer open: only a resent empty string is tolerated.
        if (args) out.push({ type: 'tool-input-delta', choice, index, delta: args });
        continue;
      }
      if (args) out.push({ type: 'tool-input-delta', choice, index, delta: args });
    }
  };

  const decodeChoice = (raw: unknown, out: StreamPart[]): void => {
    const record = asRecord(raw);
    if (!record) return;
    const choice = typeof record.index === 'number' ? record.index : 0;
    const state = stateOf(choice);
    const delta = asRecord(record.delta) ?? {};
    const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
    if (reasoning) {
      if (!state.reasoning) {
        closeOpen(choice, state, out);
        state.reasoning = true;
        const start: StreamPart = { type: 'reasoning-start', choice };
        // OpenRouter-style `reasoning` vs DeepSeek-style `reasoning_content`: answer in kind.
        if (delta.reasoning_content === undefined) start.extensions = { dialect: DIALECT, hints: { reasoningField: 'reasoning' } };
        out.push(start);
      }
      out.push({ type: 'reasoning-delta', choice, text: reasoning });
    }
    const content = asString(delta.content);
    const logprobs = record.logprobs ?? undefined;
    if (content) textDelta(choice, state, content, logprobs, out);
    const refusal = asString(delta.refusal);
    if (refusal) out.push({ type: 'refusal-delta', choice, text: refusal });
    const calls = asArray(delta.tool_calls);
    if (calls.length) decodeToolDeltas(choice, state, calls, out);
    if (record.finish_reason !== null && record.finish_reason !== undefined && !state.finished) {
      closeOpen(choice, state, out);
      state.finished = true;
      anyFinish = true;
      const reason = decodeFinishReason(record.finish_reason);
      const finish: StreamPart = { type: 'finish', choice, reason };
      if (!content && logprobs !== null && logprobs !== undefined) finish.extensions = { dialect: DIALECT, fields: { logprobs } };
      out.push(finish);
    }
  };

  return {
    get done() {
      return done || failed;
    },
    push({ data }) {
      if (done || failed) return [];
      if (data === '[DONE]') {
        done = true;
        return [];
      }
      const fast = fastPath?.(data);
      if (fast) {
        const state = stateOf(fast.choice);
        const out: StreamPart[] = [];
        if (fast.text) textDelta(fast.choice, state, fast.text, undefined, out);
        return out;
      }
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        failed = true;
        return [{ type: 'error', error: new GatewayError('upstream_bad_response', 'The provider sent a stream event that is not valid JSON.') }];
      }
      const record = asRecord(chunk);
      if (!record) return [];
      if (asRecord(record.error)) {
        failed = true;
        const details = decodeErrorBody(record);
        const message = details.message ?? 'The provider reported an error mid-stream.';
        return [{ type: 'error', error: new GatewayError(kindForStreamError(details), message, details.code ? { code: details.code } : {}) }];
      }
      const out: StreamPart[] = [];
      if (!started) {
        started = true;
        const part: StreamPart = {
          type: 'message-start',
          id: asString(record.id) ?? context.id,
          model: asString(record.model) ?? '',
          created: typeof record.created === 'number' ? record.created : context.created,
        };
        const extensions = makeExtensions(DIALECT, unknownFields(record, CHUNK_FIELDS));
        if (extensions) part.extensions = extensions;
        out.push(part);
        fastPath = contentDeltaMatcher(data);
      }
      for (const choice of asArray(record.choices)) decodeChoice(choice, out);
      const usage = decodeUsage(record.usage);
      if (usage) out.push({ type: 'usage', usage, extensions: { dialect: DIALECT, fields: { usage: record.usage } } });
      return out;
    },
    end() {
      if (failed) return [];
      if (!done && !anyFinish) {
        failed = true;
        return [{ type: 'error', error: new GatewayError('upstream_truncated', 'The provider closed the stream before it finished.') }];
      }
      const out: StreamPart[] = [];
      for (const [choice, state] of choices) {
        if (state.finished) continue;
        // `[DONE]` arrived but this choice never got a finish_reason: close it as a normal stop.
        closeOpen(choice, state, out);
        state.finished = true;
        out.push({ type: 'finish', choice, reason: { unified: 'stop', raw: null } });
      }
      done = true;
      return out;
    },
  };
}
