/**
 * The one retry loop: runs a plan's attempts in order until one is answered. Around each attempt: the
 * circuit (re-checked at send time; a half-open circuit lets exactly one probe through), the provider's
 * concurrency slot, and one timer — the attempt's time to first byte, cut short by the request's deadline.
 * After a failure, retry-policy.ts decides: wait and retry the same target, fall back to the next, or stop.
 * Every attempt is logged (target, outcome, latency, error kind, decision) for the ledger and the traces.
 *
 * The loop returns at the commit point (a non-streamed answer's first byte, a stream's first content);
 * the caller reports the end with `finish(error?)`, which frees the slot and feeds health and latency.
 */
import type { RetryConfig } from '../config/routing-schema.js';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { linkedCancel, type CancelSignal } from '../upstream/cancel.js';
import type { Limiter, Release } from './concurrency.js';
import type { HealthRegistry } from './health.js';
import type { PlannedAttempt, RoutePlan } from './plan.js';
import type { RetryBudget } from './retry-budget.js';
import { countsAgainstTarget, decide } from './retry-policy.js';

export interface AttemptLogEntry {
  /** 1-based, in the order the attempts were made. */
  n: number;
  model: string;
  provider: string;
  upstreamModel: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** Until the first byte (committed) or the failure. */
  latencyMs: number;
  outcome: 'ok' | 'error' | 'skipped';
  errorKind: string | null;
  /** The provider's HTTP status, when it answered with an error. */
  upstreamStatus: number | null;
  /** The error message (already cleaned of secrets) or the reason a planned attempt was skipped. */
  message: string | null;
  decision: 'retry' | 'fallback' | 'stop' | null;
  why: string | null;
  /** Time waited before the next attempt. */
  waitMs: number | null;
}

export interface RunDeps {
  health: HealthRegistry;
  budget: RetryBudget;
  limiter: (provider: string) => Limiter;
  retry: RetryConfig;
  clock: () => number;
  random: () => number;
  /** Waits `ms`, or rejects with the signal's reason when it aborts first. */
  sleep: (ms: number, signal: CancelSignal) => Promise<void>;
}

/** What one attempt gets: where to go, how long it has, and its cancellation. */
export interface AttemptCall {
  attempt: PlannedAttempt;
  /** Time allowed until the first byte (the attempt's timeout, or less when the deadline is nearer). */
  timeoutMs: number;
  /** Time left before the request's deadline. */
  remainingMs: number;
  signal: CancelSignal;
  /** Call at the first byte: from then on the attempt's timer no longer applies. */
  firstByte: () => void;
}

export interface Committed<T> {
  value: T;
  attempt: PlannedAttempt;
  /** Upstream calls made, retries included. */
  attempts: number;
  /** Report the end of the answer: frees the provider slot, records health and latency. */
  finish(error?: GatewayError): void;
}

function attemptTimeout(attempt: PlannedAttempt, timeoutMs: number, byDeadline: boolean, totalTimeoutMs: number): GatewayError {
  const provider = attempt.target.provider.id;
  if (byDeadline) {
    return new GatewayError('upstream_timeout', `No answer within the request's deadline (${totalTimeoutMs} ms).`, { provider, code: 'deadline_exceeded' });
  }
  return new GatewayError('upstream_timeout', `Provider "${provider}" did not start answering within ${timeoutMs} ms.`, { provider });
}

export async function runPlan<T>(
  plan: RoutePlan,
  call: (context: AttemptCall) => Promise<T>,
  deps: RunDeps,
  cancel: CancelSignal,
  log: AttemptLogEntry[],
): Promise<Committed<T>> {
  const started = deps.clock();
  const deadline = started + plan.totalTimeoutMs;
  deps.budget.noteRequest(started);
  let waited = 0;
  let lastError: GatewayError | undefined;
  let calls = 0;

  for (let index = 0; index < plan.attempts.length; index++) {
    const attempt = plan.attempts[index] as PlannedAttempt;
    const hasNextTarget = index < plan.attempts.length - 1;
    const entry = (outcome: AttemptLogEntry['outcome'], at: number): AttemptLogEntry => ({
      n: log.length + 1,
      model: attempt.model,
      provider: attempt.target.provider.id,
      upstreamModel: attempt.target.upstreamModel,
      startedAt: at,
      latencyMs: 0,
      outcome,
      errorKind: null,
      upstreamStatus: null,
      message: null,
      decision: null,
      why: null,
      waitMs: null,
    });

    for (let retries = 0; ; retries++) {
      if (cancel.aborted) throw toGatewayError(cancel.reason);
      const now = deps.clock();
      // Health may have changed since planning (other requests failed meanwhile).
      const state = deps.health.get(attempt.key).availability;
      const probe = state === 'half-open';
      if (!attempt.forced && (state === 'open' || state === 'probing' || (probe && !deps.health.claimProbe(attempt.key)))) {
        log.push({ ...entry('skipped', now), message: state === 'open' ? 'circuit opened meanwhile' : 'a probe request is in flight', decision: 'fallback' });
        break;
      }
      if (attempt.forced && probe) deps.health.claimProbe(attempt.key);

      const remainingMs = deadline - now;
      if (remainingMs <= 0) throw attemptTimeout(attempt, 0, true, plan.totalTimeoutMs);
      const byDeadline = remainingMs < attempt.timeoutMs;
      const timeoutMs = Math.min(attempt.timeoutMs, remainingMs);
      const link = linkedCancel(cancel);
      const timer = setTimeout(() => link.cancel.abort(attemptTimeout(attempt, timeoutMs, byDeadline, plan.totalTimeoutMs)), timeoutMs);
      let slot: Release | undefined;
      calls++;
      try {
        slot = await deps.limiter(attempt.target.provider.id).acquire(link.cancel);
        const value = await call({ attempt, timeoutMs, remainingMs, signal: link.cancel, firstByte: () => clearTimeout(timer) });
        clearTimeout(timer);
        const firstByteMs = deps.clock() - now;
        log.push({ ...entry('ok', now), latencyMs: firstByteMs });
        const release = slot;
        let finished = false;
        return {
          value,
          attempt,
          attempts: calls,
          finish(error) {
            if (finished) return;
            finished = true;
            release();
            link.release();
            if (!error) deps.health.success(attempt.key, { ttftMs: firstByteMs, totalMs: deps.clock() - now });
            else if (error.kind === 'client_cancelled' || error.kind === 'shutting_down') deps.health.abandon(attempt.key);
            else if (countsAgainstTarget(error)) deps.health.failure(attempt.key, error.kind);
            else deps.health.success(attempt.key, {});
          },
        };
      } catch (raw) {
        clearTimeout(timer);
        slot?.();
        link.release();
        const error = toGatewayError(raw);
        const failedAt = deps.clock();
        const record: AttemptLogEntry = {
          ...entry('error', now),
          latencyMs: failedAt - now,
          errorKind: error.kind,
          upstreamStatus: error.upstreamStatus ?? null,
          message: error.message,
        };
        // Logged once its decision is known: the log is also a stream of events (the trace bus).
        const settle = (action: AttemptLogEntry['decision'], why: string, waitMs: number | null = null): void => {
          record.decision = action;
          record.why = why;
          record.waitMs = waitMs;
          log.push(record);
        };
        if (cancel.aborted) {
          deps.health.abandon(attempt.key);
          settle('stop', 'the request was cancelled');
          throw toGatewayError(cancel.reason);
        }
        // An injected (playground) failure says nothing about the target: neither failure nor success.
        if (countsAgainstTarget(error)) deps.health.failure(attempt.key, error.kind);
        else if (error.upstreamStatus !== undefined && !error.injected) deps.health.success(attempt.key, {});
        else deps.health.abandon(attempt.key);
        if (error.code === 'deadline_exceeded') {
          settle('stop', 'the request deadline passed');
          throw error;
        }
        const decision = decide({
          error,
          retries,
          maxRetries: attempt.maxRetries,
          waitedMs: waited,
          remainingMs: deadline - failedAt,
          hasNextTarget,
          budget: () => deps.budget.tryRetry(failedAt),
          random: deps.random(),
          config: deps.retry,
        });
        if (decision.action === 'stop') {
          settle('stop', decision.why);
          throw error;
        }
        lastError = error;
        if (decision.action === 'fallback') {
          settle('fallback', decision.why);
          break;
        }
        settle(decision.action, decision.why, decision.delayMs);
        waited += decision.delayMs;
        await deps.sleep(decision.delayMs, cancel);
      }
    }
  }
  throw (
    lastError ??
    new GatewayError('provider_unavailable', `Every target of ${plan.route ? `route '${plan.route}'` : `'${plan.requested}'`} was skipped: their circuits opened meanwhile.`, {
      code: 'no_available_target',
    })
  );
}
