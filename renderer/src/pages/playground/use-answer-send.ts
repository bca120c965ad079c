/**
 * Sends a request to one of the admin playground endpoints and reads its answer (text and tool calls):
 * JSON, or a stream in the request's dialect read delta by delta. Keeps the trace id
 * (`x-signalbox-request-id`) so the attempt timeline can follow it live. The Playground (compose, compare)
 * and the Traces page's replay both send through this.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAdmin } from '../../api/AdminProvider';
import { authHeaders } from '../../api/admin-auth';
import { errorFrom } from '../../api/admin-client';
import { createSseReader } from '../../live/sse-reader';
import type { ToolCall } from './conversation';
import { answerText, streamDelta, type Dialect } from './playground-request';
import { answerToolCalls, NO_TOOL_CALLS, streamedToolCalls, toolCallStep } from './tool-call-parse';

export interface SendState {
  phase: 'idle' | 'sending' | 'streaming' | 'done' | 'error' | 'stopped';
  text: string;
  /** Tool calls of the answer (complete once the phase is done). */
  toolCalls: ToolCall[];
  traceId: string | null;
  httpStatus: number | null;
  error: { message: string; status: number | null; inBand: boolean } | null;
  startedAt: number | null;
  firstTokenMs: number | null;
  totalMs: number | null;
}

/** How each phase is shown (a badge's label and tone). */
export const SEND_PHASE: Record<SendState['phase'], { label: string; tone: 'ok' | 'bad' | 'warn' | 'info' | undefined }> = {
  idle: { label: 'not sent', tone: undefined },
  sending: { label: 'waiting for the first byte', tone: 'info' },
  streaming: { label: 'streaming', tone: 'info' },
  done: { label: 'done', tone: 'ok' },
  error: { label: 'failed', tone: 'bad' },
  stopped: { label: 'stopped', tone: 'warn' },
};

/** What to send: a playground endpoint path, the JSON body, and extra headers (e.g. `x-signalbox-faults`). */
export interface AnswerRequest {
  path: string;
  body: unknown;
  headers?: Record<string, string>;
}

const IDLE: SendState = { phase: 'idle', text: '', toolCalls: [], traceId: null, httpStatus: null, error: null, startedAt: null, firstTokenMs: null, totalMs: null };

export function useAnswerSend() {
  const { client, markSignedOut } = useAdmin();
  const [state, setState] = useState<SendState>(IDLE);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const stop = useCallback(() => controller.current?.abort(), []);

  const send = useCallback(
    async (dialect: Dialect, request: AnswerRequest) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const startedAt = Date.now();
      const elapsed = () => Date.now() - startedAt;
      let next: SendState = { ...IDLE, phase: 'sending', startedAt };
      const update = (patch: Partial<SendState>) => {
        if (controller.current !== abort) return;
        next = { ...next, ...patch };
        setState(next);
      };
      update({});
      let response: Response;
      try {
        // The raw fetch, so an error answer still carries its trace id.
        response = await fetch(request.path, {
          method: 'POST',
          body: JSON.stringify(request.body),
          headers: { 'content-type': 'application/json', ...request.headers, ...authHeaders(client.auth) },
          credentials: 'same-origin',
          signal: abort.signal,
        });
      } catch (failure) {
        if ((failure as Error).name === 'AbortError') return update({ phase: 'stopped', totalMs: elapsed() });
        return update({ phase: 'error', error: { message: 'Cannot reach the gateway. Is Signalbox still running?', status: null, inBand: false }, totalMs: elapsed() });
      }
      update({ traceId: response.headers.get('x-signalbox-request-id'), httpStatus: response.status });
      if (response.status === 401) markSignedOut();
      if (!response.ok) {
        const error = await errorFrom(response);
        return update({ phase: 'error', error: { message: error.message, status: response.status, inBand: false }, totalMs: elapsed() });
      }
      try {
        const { error } = await readAnswer(
          response,
          dialect,
          (text) => update({ phase: 'streaming', text: next.text + text, firstTokenMs: next.firstTokenMs ?? elapsed() }),
          (toolCalls) => update({ phase: 'streaming', toolCalls, firstTokenMs: next.firstTokenMs ?? elapsed() }),
        );
        update(error ? { phase: 'error', error: { message: error, status: null, inBand: true }, totalMs: elapsed() } : { phase: 'done', totalMs: elapsed() });
      } catch (failure) {
        if ((failure as Error).name === 'AbortError') return update({ phase: 'stopped', totalMs: elapsed() });
        update({ phase: 'error', error: { message: `The answer broke off: ${(failure as Error).message}`, status: null, inBand: true }, totalMs: elapsed() });
      }
    },
    [client, markSignedOut],
  );

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState(IDLE);
  }, []);

  return { state, send, stop, reset };
}

/**
 * Reads a successful answer: a JSON body at once, or an SSE stream in `dialect` delta by delta. An in-band
 * error event ends the stream; its message is returned (the text before it was already passed on).
 * `onToolCalls` gets all the tool calls so far whenever they change.
 */
export async function readAnswer(response: Response, dialect: Dialect, onText: (text: string) => void, onToolCalls: (calls: ToolCall[]) => void = () => undefined): Promise<{ error: string | null }> {
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || !response.body) {
    const body: unknown = await response.json();
    const text = answerText(dialect, body);
    if (text) onText(text);
    const calls = answerToolCalls(dialect, body);
    if (calls.length) onToolCalls(calls);
    return { error: null };
  }
  let error: string | null = null;
  let ended = false;
  let tools = NO_TOOL_CALLS;
  const reader = createSseReader((message) => {
    if (ended) return;
    const step = toolCallStep(tools, dialect, message.event, message.data);
    if (step !== tools) {
      tools = step;
      onToolCalls(streamedToolCalls(tools));
    }
    const delta = streamDelta(dialect, message.event, message.data);
    if (delta?.kind === 'text') onText(delta.text);
    else if (delta?.kind === 'error') {
      ended = true;
      error = delta.message;
    }
  });
  const decoder = new TextDecoder();
  const body = response.body.getReader();
  for (;;) {
    const { value, done } = await body.read();
    if (done) break;
    reader.feed(decoder.decode(value, { stream: true }));
    if (ended) {
      void body.cancel().catch(() => undefined);
      break;
    }
  }
  return { error };
}
