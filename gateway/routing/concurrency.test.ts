import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { Cancel } from '../upstream/cancel.js';
import { createLimiter, type Release } from './concurrency.js';

/** Lets queued promise callbacks run. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Tracks a promise's settlement without awaiting it. */
function track<T>(promise: Promise<T>): { settled: () => 'pending' | 'resolved' | 'rejected'; value: () => T | undefined; error: () => unknown } {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (result) => {
      state = 'resolved';
      value = result;
    },
    (reason: unknown) => {
      state = 'rejected';
      error = reason;
    },
  );
  return { settled: () => state, value: () => value, error: () => error };
}

describe('per-provider limiter', () => {
  it('grants up to maxConcurrency slots at once', async () => {
    const limiter = createLimiter('oai', 3, 10);
    const signal = new Cancel();
    const releases = await Promise.all([limiter.acquire(signal), limiter.acquire(signal), limiter.acquire(signal)]);
    expect(limiter.active).toBe(3);
    expect(limiter.queued).toBe(0);
    for (const release of releases) release();
    expect(limiter.active).toBe(0);
  });

  it('queues beyond the slots and serves the queue in FIFO order', async () => {
    const limiter = createLimiter('oai', 1, 10);
    const signal = new Cancel();
    const first = await limiter.acquire(signal);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) =>
      limiter.acquire(signal).then((release) => {
        order.push(n);
        return release;
      }),
    );
    expect(limiter.queued).toBe(3);
    await tick();
    expect(order).toEqual([]);

    first();
    await tick();
    expect(order).toEqual([1]);
    // The slot went straight to the waiter: still one active.
    expect(limiter.active).toBe(1);
    expect(limiter.queued).toBe(2);

    const second = await waiting[0];
    second?.();
    await tick();
    expect(order).toEqual([1, 2]);
    (await waiting[1])?.();
    await tick();
    expect(order).toEqual([1, 2, 3]);
    (await waiting[2])?.();
    expect(limiter.active).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('fails at once with 503 overloaded / queue_full when the queue is full', async () => {
    const limiter = createLimiter('groq', 1, 2);
    const signal = new Cancel();
    await limiter.acquire(signal);
    const queued = [track(limiter.acquire(signal)), track(limiter.acquire(signal))];
    const rejected = limiter.acquire(signal);
    await expect(rejected).rejects.toBeInstanceOf(GatewayError);
    await expect(rejected).rejects.toMatchObject({ kind: 'overloaded', code: 'queue_full', provider: 'groq', status: 503 });
    await expect(rejected).rejects.toThrow(/"groq" has 1 requests in flight and 2 waiting/);
    expect(limiter.queued).toBe(2);
    await tick();
    expect(queued.map((entry) => entry.settled())).toEqual(['pending', 'pending']);
  });

  it('with maxQueue 0, a request beyond the slots fails at once', async () => {
    const limiter = createLimiter('local', 2, 0);
    const signal = new Cancel();
    await limiter.acquire(signal);
    await limiter.acquire(signal);
    await expect(limiter.acquire(signal)).rejects.toMatchObject({ kind: 'overloaded', code: 'queue_full' });
    expect(limiter.queued).toBe(0);
  });

  it('a cancelled waiter leaves the queue, rejecting with the signal reason, and never takes a slot', async () => {
    const limiter = createLimiter('oai', 1, 5);
    const holder = await limiter.acquire(new Cancel());
    const cancel = new Cancel();
    const other = new Cancel();
    const a = track(limiter.acquire(other));
    const b = track(limiter.acquire(cancel));
    const c = track(limiter.acquire(other));
    expect(limiter.queued).toBe(3);

    const reason = new GatewayError('client_cancelled', 'gone');
    cancel.abort(reason);
    await tick();
    expect(b.settled()).toBe('rejected');
    expect(b.error()).toBe(reason);
    expect(limiter.queued).toBe(2);
    expect(cancel.listenerCount('abort')).toBe(0);

    holder();
    await tick();
    expect(a.settled()).toBe('resolved');
    a.value()?.();
    await tick();
    expect(c.settled()).toBe('resolved');
    c.value()?.();
    expect(limiter.active).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('the queue has room again after a cancellation', async () => {
    const limiter = createLimiter('oai', 1, 1);
    await limiter.acquire(new Cancel());
    const cancel = new Cancel();
    const first = limiter.acquire(cancel);
    await expect(limiter.acquire(new Cancel())).rejects.toMatchObject({ code: 'queue_full' });
    cancel.abort(new Error('bye'));
    await expect(first).rejects.toThrow('bye');
    const again = track(limiter.acquire(new Cancel()));
    await tick();
    expect(again.settled()).toBe('pending');
    expect(limiter.queued).toBe(1);
  });

  it('an already cancelled request gets no slot, even a free one', async () => {
    const limiter = createLimiter('oai', 2, 5);
    const cancel = new Cancel();
    cancel.abort(new Error('gone'));
    await expect(limiter.acquire(cancel)).rejects.toThrow('gone');
    expect(limiter.active).toBe(0);
  });

  it('an already cancelled request is not queued', async () => {
    const limiter = createLimiter('oai', 1, 5);
    await limiter.acquire(new Cancel());
    const cancel = new Cancel();
    cancel.abort(new Error('already gone'));
    await expect(limiter.acquire(cancel)).rejects.toThrow('already gone');
    expect(limiter.queued).toBe(0);
  });

  it('a waiter that got its slot stops listening to its signal; a later abort changes nothing', async () => {
    const limiter = createLimiter('oai', 1, 5);
    const holder = await limiter.acquire(new Cancel());
    const cancel = new Cancel();
    const waiting = limiter.acquire(cancel);
    expect(cancel.listenerCount('abort')).toBe(1);
    holder();
    const release = await waiting;
    expect(cancel.listenerCount('abort')).toBe(0);
    cancel.abort(new Error('late'));
    expect(limiter.active).toBe(1);
    release();
    expect(limiter.active).toBe(0);
  });

  it('release is idempotent: calling it twice frees one slot', async () => {
    const limiter = createLimiter('oai', 2, 5);
    const signal = new Cancel();
    const a = await limiter.acquire(signal);
    const b = await limiter.acquire(signal);
    a();
    a();
    a();
    expect(limiter.active).toBe(1);
    b();
    expect(limiter.active).toBe(0);
  });

  it('a double release does not hand a second queued waiter a slot', async () => {
    const limiter = createLimiter('oai', 1, 5);
    const signal = new Cancel();
    const holder = await limiter.acquire(signal);
    const first = track(limiter.acquire(signal));
    const second = track(limiter.acquire(signal));
    holder();
    holder();
    await tick();
    expect(first.settled()).toBe('resolved');
    expect(second.settled()).toBe('pending');
    expect(limiter.active).toBe(1);
    expect(limiter.queued).toBe(1);
    const releases: Release[] = [];
    const granted = first.value();
    if (granted) releases.push(granted);
    releases.forEach((release) => release());
    await tick();
    expect(second.settled()).toBe('resolved');
  });
});
