/**
 * Inbound half, stream: canonical parts → OpenAI `chat.completion.chunk` SSE frames, ending in
 * `data: [DONE]` on success or one `data: {"error":…}` frame (and no `[DONE]`) on failure.
 * Chunks are assembled from a precomputed prefix: this runs once per token on the hot path.
 */
import type { StreamEncoder, StreamPart } from '../../core/stream.js';
import { sseFrame } from '../../upstream/sse.js';
import { fieldsOf, hintOf } from '../extensions.js';
import { encodeErrorBody } from './errors.js';
import { encodeFinishReason, encodeUsage } from './encode-response.js';

const DIALECT = 'openai-chat';

export interface StreamEncoderOptions {
  /** The client asked for `stream_options.include_usage`. */
  includeUsage: boolean;
}

interface ChoiceState {
  calledTools: boolean;
  reasoningField: string;
}

export function createStreamEncoder(options: StreamEncoderOptions): StreamEncoder {
  let prefix = '';
  // In include_usage mode every chunk but the usage chunk carries `"usage":null`, as OpenAI's do.
  const suffix = options.includeUsage ? '],"usage":null}' : ']}';
  const choices = new Map<number, ChoiceState>();
  let failed = false;

  const chunk = (choiceJson: string): string => sseFrame(`${prefix}${choiceJson}${suffix}`);
  const delta = (choice: number, deltaJson: string, logprobs = 'null'): string =>
    chunk(`{"index":${choice},"delta":${deltaJson},"logprobs":${logprobs},"finish_reason":null}`);

  /** Every choice opens with a role chunk (choice 0 at message-start, others on their first part). */
  const open = (choice: number): string => {
    if (choices.has(choice)) return '';
    choices.set(choice, { calledTools: false, reasoningField: 'reasoning_content' });
    return delta(choice, '{"role":"assistant","content":""}');
  };

  return {
    push(part: StreamPart): string {
      if (failed) return '';
      switch (part.type) {
        case 'message-start': {
          let head = `{"id":${JSON.stringify(part.id)},"object":"chat.completion.chunk","created":${part.created},"model":${JSON.stringify(part.model)}`;
          const fields = fieldsOf(part.extensions, DIALECT);
          if (fields) for (const key in fields) head += `,${JSON.stringify(key)}:${JSON.stringify(fields[key])}`;
          prefix = `${head},"choices":[`;
          return open(0);
        }
        case 'text-delta': {
          const logprobs = fieldsOf(part.extensions, DIALECT)?.logprobs;
          return open(part.choice) + delta(part.choice, `{"content":${JSON.stringify(part.text)}}`, logprobs === undefined ? 'null' : JSON.stringify(logprobs));
        }
        case 'refusal-delta':
          return open(part.choice) + delta(part.choice, `{"refusal":${JSON.stringify(part.text)}}`);
        case 'reasoning-start': {
          const head = open(part.choice);
          const state = choices.get(part.choice);
          if (state && hintOf(part.extensions, DIALECT, 'reasoningField') === 'reasoning') state.reasoningField = 'reasoning';
          return head;
        }
        case 'reasoning-delta': {
          const head = open(part.choice);
          const field = choices.get(part.choice)?.reasoningField ?? 'reasoning_content';
          return head + delta(part.choice, `{"${field}":${JSON.stringify(part.text)}}`);
        }
        case 'tool-input-start': {
          const head = open(part.choice);
          const state = choices.get(part.choice);
          if (state) state.calledTools = true;
          return (
            head +
            delta(
              part.choice,
              `{"tool_calls":[{"index":${part.index},"id":${JSON.stringify(part.id)},"type":"function","function":{"name":${JSON.stringify(part.name)},"arguments":""}}]}`,
            )
          );
        }
        case 'tool-input-delta':
          return open(part.choice) + delta(part.choice, `{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.delta)}}}]}`);
        case 'finish': {
          const head = open(part.choice);
          const reason = encodeFinishReason(part.reason, choices.get(part.choice)?.calledTools ?? false);
          const logprobs = fieldsOf(part.extensions, DIALECT)?.logprobs;
          return head + chunk(`{"index":${part.choice},"delta":{},"logprobs":${logprobs === undefined ? 'null' : JSON.stringify(logprobs)},"finish_reason":"${reason}"}`);
        }
        case 'usage':
          if (!options.includeUsage) return '';
          return sseFrame(`${prefix}],"usage":${JSON.stringify(encodeUsage(part.usage, part.extensions))}}`);
        case 'error':
          failed = true;
          return sseFrame(JSON.stringify(encodeErrorBody(part.error)));
        case 'text-start':
        case 'text-end':
        case 'reasoning-end':
        case 'reasoning-redacted':
        case 'tool-input-end':
        case 'dialect-event':
          return '';
      }
    },
    end(): string {
      return failed ? '' : sseFrame('[DONE]');
    },
  };
}
