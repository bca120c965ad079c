/**
 * Sends a replay (a prepared body to a playground endpoint) and reads its answer the way the playground
 * does (`readAnswer`: JSON, or the dialect's stream delta by delta), keeping the new request id.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { authHeaders } from '../../api/admin-auth';
import { errorFrom } from '../../api/admin-client';
import { useAdmin } from '../../api/AdminProvider';
import type { Dialect } from '../playground/playground-request';
import { readAnswer } from '../playground/use-playground-send';
import type { ReplayRequest } from './replay-request';

export interface ReplayState {
  phase: 'idle' | 'sending' | 'streaming' | 'done' | 'error' | 'stopped';
  text: string;
  /** Tool calls the answer made, if any. */
  toolCalls: Array<{ name: string; arguments: string }>;
  /** The new request's id (`x-signalbox-request-id`). */
  traceId: string | null;
  httpStatus: number | null;
  error: { message: string; status: number | null; inBand: boolean } | null;
  startedAt: number | null;
  firstTokenMs: number | null;
  totalMs: number | null;
}

const IDLE: ReplayState = { phase: 'idle', text: '', toolCalls: [], traceId: null, httpStatus: null, error: null, startedAt: null, firstTokenMs: null, totalMs: null };

export function useReplaySend() {
  const { client, markSignedOut } = useAdmin();
  const [state, setState] = useState<ReplayState>(IDLE);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const stop = useCallback(() => controller.current?.abort(), []);

  const send = useCallback(
    async (dialect: Dialect, request: ReplayRequest) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const startedAt = Date.now();
      let next: ReplayState = { ...IDLE, phase: 'sending', startedAt };
      const update = (patch: Partial<ReplayState>) => {
        if (controller.current !== abort) return;
        next = { ...next, ...patch };
        setState(next);
      };
      const elapsed = () => Date.now() - startedAt;
      update({});
      let response: Response;
      try {
        response = await fetch(request.path, {
          method: 'POST',
          body: JSON.stringify(request.body),
          headers: { 'content-type': 'application/json', ...authHeaders(client.auth) },
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
          (calls) => update({ toolCalls: calls.map((call) => ({ name: call.name, arguments: call.arguments })) }),
        );
        update(error ? { phase: 'error', error: { message: error, status: null, inBand: true }, totalMs: elapsed() } : { phase: 'done', totalMs: elapsed() });
      } catch (failure) {
        if ((failure as Error).name === 'AbortError') return update({ phase: 'stopped', totalMs: elapsed() });
        update({ phase: 'error', error: { message: `The answer broke off: ${(failure as Error).message}`, status: null, inBand: true }, totalMs: elapsed() });
      }
    },
    [client, markSignedOut],
  );

  return { state, send, stop };
}
