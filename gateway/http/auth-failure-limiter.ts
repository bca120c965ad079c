/**
 * Auth-failure throttling (SEC-23): a token bucket of failed authentications per remote address. Each
 * failure takes a token; when the bucket is empty, further failures from that address are answered 429 with
 * Retry-After instead of 401, and one warning is logged per blocked spell rather than one line per guess.
 *
 * A request with a *valid* credential always passes, even from a blocked address: every local client shares
 * 127.0.0.1, so refusing all credentials there would let any local process lock the user's own tools out.
 * Guessing is not what this stops — client keys carry 256 random bits and the admin token 256 more — it
 * stops a misconfigured or hostile client from flooding the logs and the CPU with failed attempts.
 */

export interface AuthFailureLimits {
  /** Failures allowed in a burst before throttling starts. */
  burst: number;
  /** Failures per minute the bucket refills (the sustained rate allowed). */
  perMinute: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** Whether the current blocked spell has been reported. */
  reported: boolean;
}

export interface FailureVerdict {
  /** Milliseconds until the address may fail again without being throttled; 0 = not throttled. */
  retryAfterMs: number;
  /** True once per blocked spell: the moment to log a warning. */
  firstBlocked: boolean;
}

/** Buckets kept at most; beyond it, the least recently updated (Map insertion order) are dropped. */
const MAX_ADDRESSES = 4096;

export class AuthFailureLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly limits: AuthFailureLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.refillPerMs = limits.perMinute / 60_000;
  }

  /** Records one failed authentication from `address`; says whether it must be throttled. */
  fail(address: string): FailureVerdict {
    const now = this.clock();
    const bucket = this.refilled(address, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.touch(address, bucket);
      return { retryAfterMs: 0, firstBlocked: false };
    }
    const firstBlocked = !bucket.reported;
    bucket.reported = true;
    this.touch(address, bucket);
    return { retryAfterMs: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs)), firstBlocked };
  }

  /** Addresses currently tracked (for tests and diagnostics). */
  size(): number {
    return this.buckets.size;
  }

  private refilled(address: string, now: number): Bucket {
    const bucket = this.buckets.get(address) ?? { tokens: this.limits.burst, updatedAt: now, reported: false };
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    // A spell ends when the bucket has refilled completely, not when one token trickles back: a steady flood
    // is one spell (one warning), however long it lasts.
    if (bucket.tokens >= this.limits.burst) bucket.reported = false;
    return bucket;
  }

  private touch(address: string, bucket: Bucket): void {
    this.buckets.delete(address);
    this.buckets.set(address, bucket);
    if (this.buckets.size > MAX_ADDRESSES) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}
