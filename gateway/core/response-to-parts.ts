/** A complete response replayed as stream parts (for providers that answer a stream request with JSON). */
import type { CanonicalResponse } from './response.js';
import type { StreamPart } from './stream.js';

export function responseToParts(response: CanonicalResponse): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'message-start', id: response.id, model: response.model, created: response.created }];
  for (const choice of response.choices) {
    const at = choice.index;
    let tool = 0;
    for (const part of choice.content) {
      switch (part.type) {
        case 'text':
          parts.push({ type: 'text-start', choice: at }, { type: 'text-delta', choice: at, text: part.text }, { type: 'text-end', choice: at });
          break;
        case 'reasoning': {
          parts.push({ type: 'reasoning-start', choice: at }, { type: 'reasoning-delta', choice: at, text: part.text });
          const end: StreamPart = { type: 'reasoning-end', choice: at };
          if (part.signature) end.signature = part.signature;
          parts.push(end);
          break;
        }
        case 'refusal':
          parts.push({ type: 'refusal-delta', choice: at, text: part.text });
          break;
        case 'tool-call':
          parts.push(
            { type: 'tool-input-start', choice: at, index: tool, id: part.id, name: part.name },
            { type: 'tool-input-delta', choice: at, index: tool, delta: part.arguments },
            { type: 'tool-input-end', choice: at, index: tool },
          );
          tool++;
          break;
        default:
          break;
      }
    }
    parts.push({ type: 'finish', choice: at, reason: choice.finishReason });
  }
  if (response.usage) parts.push({ type: 'usage', usage: response.usage });
  return parts;
}
