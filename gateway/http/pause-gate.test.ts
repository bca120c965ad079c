import { describe, expect, it } from 'vitest';
import { ERROR_KINDS } from '../core/errors.js';
import { createPauseSwitch, isPausable, PAUSED_MESSAGE, pausedError } from './pause-gate.js';

describe('pause switch', () => {
  it('flips and tells listeners about changes only', () => {
    const pause = createPauseSwitch();
    const seen: boolean[] = [];
    const stop = pause.onChange((paused) => seen.push(paused));
    expect(pause.paused).toBe(false);
    pause.pause();
    pause.pause();
    expect(pause.paused).toBe(true);
    pause.resume();
    stop();
    pause.pause();
    expect(seen).toEqual([true, false]);
  });

  it('gates model traffic only', () => {
    expect(isPausable('client')).toBe(true);
    for (const auth of ['admin', 'metrics', 'public', undefined] as const) expect(isPausable(auth)).toBe(false);
  });

  it('answers 503 with a clear message and no Retry-After (a pause is not an outage)', () => {
    const error = pausedError();
    expect(ERROR_KINDS[error.kind].status).toBe(503);
    expect(error.message).toBe(PAUSED_MESSAGE);
    expect(error.code).toBe('gateway_paused');
    expect(error.retryAfter).toBeUndefined();
  });
});
