/**
 * After a failed attempt: retry the same target, fall back to the next, or stop. Pure; ERROR_KINDS (core/
 * errors.ts) is the one table of dispositions, refined here only by what the kind alone cannot say.
 *
 * Retried (same target), only before anything reached the client: 429, 500, 502, 503, 504, 529 and
 * connection failures (nothing was sent). Never: 400/401/403/404/422. A connection reset after the request
 * was sent is not retried — the provider may have processed (and billed) it — but may fall back.
 * A provider's Retry-After is honoured up to `maxRetryAfterMs`; when another target is ready and the wait
 * is longer than one ordinary backoff, the request falls over instead of waiting.
 */
import { ERROR_KINDS, type Disposition, type GatewayError } from '../core/errors.js';
import type { RetryConfig } from '../config/routing-schema.js';
import { fullJitterDelay, retryAfterDelay } from './backoff.js';

export type Decision =
  | { action: 'retry'; delayMs: number; why: string }
  | { action: 'fallback'; why: string }
  | { action: 'stop'; why: string };

export function dispositionOf(error: GatewayError, config?: Pick<RetryConfig, 'retryAfterReset'>): Disposition {
  if (error.kind === 'upstream_reset' && config?.retryAfterReset) return 'retry';
  // An HTTP 504/408 *answer* is the provider's gateway timing out: retriable like a 502. Our own timeout
  // (no upstreamStatus) means this target is slow: try the next one instead of waiting again.
  if (error.kind === 'upstream_timeout' && error.upstreamStatus !== undefined) return 'retry';
  // The gateway's own per-provider queue is full: another provider may have room.
  if (error.code === 'queue_full') return 'fallback';
  return ERROR_KINDS[error.kind].disposition;
}

/** Whether a failure says something about the target's health (counts towards its circuit breaker). */
export function countsAgainstTarget(error: GatewayError): boolean {
  if (error.code === 'queue_full' || error.injected) return false;
  switch (error.kind) {
    case 'rate_limited':
    case 'quota_exceeded':
    case 'overloaded':
    case 'upstream_server_error':
    case 'upstream_timeout':
    case 'upstream_unreachable':
    case 'upstream_reset':
    case 'upstream_bad_response':
    case 'upstream_truncated':
    case 'upstream_auth':
    case 'upstream_permission':
    case 'upstream_not_found':
      return true;
    default:
      return false;
  }
}

export interface RetryContext {
  error: GatewayError;
  /** Retries already made on this target. */
  retries: number;
  maxRetries: number;
  /** Time already spent waiting in this request. */
  waitedMs: number;
  /** Time left before the request's deadline. */
  remainingMs: number;
  hasNextTarget: boolean;
  /** Whether the global retry budget has room (asked only when it would be spent). */
  budget: () => boolean;
  /** A sample in [0, 1). */
  random: number;
  config: RetryConfig;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

export function decide(context: RetryContext): Decision {
  const { error, config } = context;
  const disposition = dispositionOf(error, config);
  const giveUp = (why: string): Decision => (context.hasNextTarget && disposition !== 'stop' ? { action: 'fallback', why } : { action: 'stop', why });
  if (disposition === 'stop') return { action: 'stop', why: `${error.kind} is not retried` };
  if (disposition === 'fallback') return giveUp(`${error.kind}: not retried on the same target`);
  if (context.retries >= context.maxRetries) return giveUp(`${context.maxRetries} ${context.maxRetries === 1 ? 'retry' : 'retries'} used`);

  let delayMs: number;
  let why: string;
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > config.maxRetryAfterMs) {
      return giveUp(`the provider asked to wait ${seconds(error.retryAfterMs)}, more than the ${seconds(config.maxRetryAfterMs)} cap`);
    }
    if (context.hasNextTarget && error.retryAfterMs > config.maxDelayMs) {
      return { action: 'fallback', why: `the provider asked to wait ${seconds(error.retryAfterMs)}; another target is ready` };
    }
    delayMs = retryAfterDelay(error.retryAfterMs, context.random);
    why = `the provider asked to wait ${seconds(error.retryAfterMs)}`;
  } else {
    delayMs = fullJitterDelay(context.retries, config.baseDelayMs, config.maxDelayMs, context.random);
    why = `backoff ${delayMs} ms`;
  }
  if (context.waitedMs + delayMs > config.maxTotalWaitMs) return giveUp(`waiting would exceed the ${seconds(config.maxTotalWaitMs)} total wait cap`);
  if (delayMs >= context.remainingMs) return giveUp('the request deadline would pass while waiting');
  if (!context.budget()) return giveUp('the retry budget is spent (too many retries across requests)');
  return { action: 'retry', delayMs, why };
}
