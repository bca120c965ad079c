/**
 * Playground fault injection: make chosen targets fail for one admin request only, to watch retries,
 * fallbacks and the attempt timeline. An injected failure is a GatewayError marked `injected`, so it never
 * counts against (or for) a target's circuit breaker or latency figures: real traffic is unaffected.
 *
 * - `rate_limit`: a 429 with `Retry-After` (1 s) before anything is sent;
 * - `server_error`: a 500 before anything is sent;
 * - `timeout`: nothing is sent and no byte arrives, so the attempt's own first-byte timeout fires;
 * - `cut`: the real call is made and the stream is cut after its first content (a reset mid-stream).
 */
import { GatewayError } from '../core/errors.js';
import type { PartSource } from '../upstream/part-source.js';
import type { CancelSignal } from '../upstream/cancel.js';

export const FAULTS = ['rate_limit', 'server_error', 'timeout', 'cut'] as const;
export type Fault = (typeof FAULTS)[number];

interface FaultTarget {
  provider: { id: string };
  upstreamModel: string;
}

/** Rejects with the injected failure, or (timeout) when the signal aborts. */
export function failBeforeSending(fault: Exclude<Fault, 'cut'>, target: FaultTarget, signal: CancelSignal): Promise<never> {
  const provider = target.provider.id;
  if (fault === 'rate_limit') {
    return Promise.reject(
      new GatewayError('rate_limited', `Injected by the playground: ${provider} answered 429 (rate limited).`, {
        provider,
        upstreamStatus: 429,
        retryAfterMs: 1000,
        code: 'injected_fault',
        injected: true,
      }),
    );
  }
  if (fault === 'server_error') {
    return Promise.reject(
      new GatewayError('upstream_server_error', `Injected by the playground: ${provider} answered 500.`, { provider, upstreamStatus: 500, code: 'injected_fault', injected: true }),
    );
  }
  // timeout: wait for the attempt's deadline (run-plan aborts the signal with the timeout error).
  return new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.once('abort', () => reject(markInjected(signal.reason)));
  });
}

function markInjected(reason: unknown): unknown {
  if (!(reason instanceof GatewayError) || reason.kind !== 'upstream_timeout') return reason;
  return new GatewayError(reason.kind, `Injected by the playground: ${reason.message}`, {
    provider: reason.provider,
    code: reason.code,
    injected: true,
  });
}

/** The stream as it comes, cut with a reset after its first batch of content. */
export function cutAfterFirstContent(source: PartSource, target: FaultTarget): PartSource {
  const error = new GatewayError('upstream_reset', `Injected by the playground: the stream from ${target.provider.id} was cut.`, {
    provider: target.provider.id,
    code: 'injected_fault',
    injected: true,
  });
  return {
    first: () => source.first(),
    async pipe(sink) {
      let delivered = false;
      await source.pipe({
        write(batch) {
          if (delivered) return true;
          delivered = true;
          sink.write(batch);
          sink.write([{ type: 'error', error }]);
          source.close();
          return true;
        },
      });
    },
    resume: () => source.resume(),
    close: () => source.close(),
  };
}
