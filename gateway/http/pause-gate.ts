/**
 * Pause / resume (the desktop tray's "Pause"): while paused, model traffic — every route whose auth level
 * is `client` (/v1/*, and the Gemini paths when they exist) — is refused with 503 in the client's dialect
 * and a Retry-After, before any upstream call. The UI, /admin/* (so the app can resume), /metrics and the
 * probes keep working. The gate runs after authentication: a wrong key still gets its 401.
 */
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../core/errors.js';
import type { AuthLevel } from './guards.js';

export const PAUSED_MESSAGE = 'Signalbox is paused; resume it from the tray or the app.';
/**
 * A pause is the user's decision, not an outage: clients are told not to retry (`x-should-retry: false`,
 * honoured by the OpenAI and Anthropic SDKs) and get no Retry-After, so a tool fails at once instead of
 * waiting out retries.
 */
export const NO_RETRY_HEADER = 'x-should-retry';

export interface PauseSwitch {
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Called on every change (not on a pause while already paused); returns the unsubscribe function. */
  onChange(listener: (paused: boolean) => void): () => void;
}

export function createPauseSwitch(initiallyPaused = false): PauseSwitch {
  let paused = initiallyPaused;
  const listeners = new Set<(paused: boolean) => void>();
  const set = (next: boolean): void => {
    if (next === paused) return;
    paused = next;
    for (const listener of listeners) listener(paused);
  };
  return {
    get paused() {
      return paused;
    },
    pause: () => set(true),
    resume: () => set(false),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Model traffic is what a pause stops; everything else (UI, admin, metrics, probes) goes on. */
export function isPausable(auth: AuthLevel | undefined): boolean {
  return auth === 'client';
}

export function pausedError(): GatewayError {
  return new GatewayError('paused', PAUSED_MESSAGE, { code: 'gateway_paused' });
}

/** The gate (an onRequest hook registered after admission) and the admin routes that drive it. */
export function registerPauseGate(app: FastifyInstance, pause: PauseSwitch): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!pause.paused || request.is404 || !isPausable(request.routeOptions.config.auth)) return done();
    reply.header(NO_RETRY_HEADER, 'false');
    done(pausedError());
  });
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };
  app.get('/admin/pause', admin, async () => ({ paused: pause.paused }));
  app.post('/admin/pause', admin, async () => {
    pause.pause();
    return { paused: pause.paused };
  });
  app.post('/admin/resume', admin, async () => {
    pause.resume();
    return { paused: pause.paused };
  });
}
