/**
 * Sends a playground request and reads its answer (text and tool calls): JSON, or a stream in the request's dialect read delta by
 * delta. Keeps the trace id (`x-signalbox-request-id`) so the attempt timeline can follow it live.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAdmin } from '../../api/AdminProvider';
import { authHeaders } from '../../api/admin-auth';
import { errorFrom } from '../../api/admin-client';
import { createSseReader } from '../../live/sse-reader';
import type { ToolCall } from './conversation';
import { answerText, buildRequest, faultsHeader, playgroundPath, streamDelta, type Compose, type Dialect, type Fault } from './playground-request';
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

const IDLE: SendState = { phase: 'idle', text: '', toolCalls: [], traceId: null, httpStatus: null, error: null, startedAt: null, firstTokenMs: null, totalMs: null };

export function usePlaygroundSend() {
  const { client, markSignedOut } = useAdmin();
  const [state, setState] = useState<SendState>(IDLE);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const stop = useCallback(() => controller.current?.abort(), []);

  const send = useCallback(
    async (compose: Compose, faults: Readonly<Record<string, Fault | null>>) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const startedAt = Date.now();
      let next: SendState = { ...IDLE, phase: 'sending', startedAt };
      const update = (patch: Partial<SendState>) => {
        if (controller.current !== abort) return;
        next = { ...next, ...patch };
        setState(next);
      };
      update({});
      const header = faultsHeader(faults);
      let response: Response;
      try {
        // The raw fetch, so an error answer still carries its trace id.
        response = await fetch(playgroundPath(compose.dialect), {
          method: 'POST',
          body: JSON.stringify(buildRequest(compose)),
          headers: { 'content-type': 'application/json', ...(header ? { 'x-signalbox-faults': header } : {}), ...authHeaders(client.auth) },
          credentials: 'same-origin',
          signal: abort.signal,
        });
      } catch (failure) {
        if ((failure as Error).name === 'AbortError') return update({ phase: 'stopped', totalMs: Date.now() - startedAt });
        return update({ phase: 'error', error: { message: 'Cannot reach the gateway. Is Signalbox still running?', status: null, inBand: false }, totalMs: Date.now() - startedAt });
      }
      update({ traceId: response.headers.get('x-signalbox-request-id'), httpStatus: response.status });
      if (response.status === 401) markSignedOut();
      if (!response.ok) {
        const error = await errorFrom(response);
        return update({ phase: 'error', error: { message: error.message, status: response.status, inBand: false }, totalMs: Date.now() - startedAt });
      }
      try {
        const { error } = await readAnswer(
          response,
          compose.dialect,
          (text) => update({ phase: 'streaming', text: next.text + text, firstTokenMs: next.firstTokenMs ?? Date.now() - startedAt }),
          (toolCalls) => update({ phase: 'streaming', toolCalls, firstTokenMs: next.firstTokenMs ?? Date.now() - startedAt }),
        );
        update(error ? { phase: 'error', error: { message: error, status: null, inBand: true }, totalMs: Date.now() - startedAt } : { phase: 'done', totalMs: Date.now() - startedAt });
      } catch (failure) {
        if ((failure as Error).name === 'AbortError') return update({ phase: 'stopped', totalMs: Date.now() - startedAt });
        update({ phase: 'error', error: { message: `The answer broke off: ${(failure as Error).message}`, status: null, inBand: true }, totalMs: Date.now() - startedAt });
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
