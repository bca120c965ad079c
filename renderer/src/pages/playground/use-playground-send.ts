/** Sends the composed playground request (with any injected faults) through `useAnswerSend`. */
import { useCallback } from 'react';
import { buildRequest, faultsHeader, playgroundPath, type Compose, type Fault } from './playground-request';
import { useAnswerSend } from './use-answer-send';

export function usePlaygroundSend() {
  const { state, send: sendAnswer, stop, reset } = useAnswerSend();
  const send = useCallback(
    (compose: Compose, faults: Readonly<Record<string, Fault | null>>) => {
      const header = faultsHeader(faults);
      return sendAnswer(compose.dialect, { path: playgroundPath(compose.dialect), body: buildRequest(compose), headers: header ? { 'x-signalbox-faults': header } : undefined });
    },
    [sendAnswer],
  );
  return { state, send, stop, reset };
}
