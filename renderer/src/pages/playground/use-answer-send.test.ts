import { describe, expect, it } from 'vitest';
import { readAnswer } from './use-answer-send';

function sse(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function read(response: Response, dialect: Parameters<typeof readAnswer>[1]) {
  const texts: string[] = [];
  const { error } = await readAnswer(response, dialect, (text) => texts.push(text));
  return { text: texts.join(''), error };
}

describe('readAnswer', () => {
  it('reads an OpenAI chat stream split mid-event', async () => {
    const response = sse(['data: {"choices":[{"delta":{"content":"Hel"}}]}\n\ndata: {"choices":[{"del', 'ta":{"content":"lo"}}]}\n\n', 'data: [DONE]\n\n']);
    expect(await read(response, 'openai-chat')).toEqual({ text: 'Hello', error: null });
  });
  it('stops at an in-band error and keeps the text before it', async () => {
    const response = sse(['event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Par"}}\n\n', 'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"upstream cut the stream"}}\n\n', 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"is"}}\n\n']);
    expect(await read(response, 'anthropic-messages')).toEqual({ text: 'Par', error: 'upstream cut the stream' });
  });
  it('reads a Responses stream', async () => {
    const response = sse(['event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hi"}\n\n', 'event: response.completed\ndata: {"type":"response.completed","response":{}}\n\n']);
    expect(await read(response, 'openai-responses')).toEqual({ text: 'Hi', error: null });
  });
  it('reads a JSON answer', async () => {
    const response = new Response(JSON.stringify({ content: [{ type: 'text', text: 'Done.' }] }), { headers: { 'content-type': 'application/json' } });
    expect(await read(response, 'anthropic-messages')).toEqual({ text: 'Done.', error: null });
  });
});
