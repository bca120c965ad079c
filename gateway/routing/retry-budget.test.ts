import { describe, expect, it } from 'vitest';
import { createRetryBudget, type RetryBudget } from './retry-budget.js';

/** How many retries the budget grants at `now` before refusing (taking them). */
function drain(budget: RetryBudget, now: number, limit = 10_000): number {
  let granted = 0;
  while (granted < limit && budget.tryRetry(now)) granted++;
  return granted;
}

const requests = (budget: RetryBudget, count: number, now: number): void => {
  for (let i = 0; i < count; i++) budget.noteRequest(now);
};

describe('retry budget', () => {
  it.each([
    { name: 'defaults, no requests: the floor of 5/s × 10 s', ratio: 0.2, minPerSecond: 5, requests: 0, allowed: 50 },
    { name: 'defaults, 100 requests: 50 + 20%', ratio: 0.2, minPerSecond: 5, requests: 100, allowed: 70 },
    { name: 'defaults, 1000 requests: 50 + 200', ratio: 0.2, minPerSecond: 5, requests: 1_000, allowed: 250 },
    { name: 'ratio only: 50% of 10 requests', ratio: 0.5, minPerSecond: 0, requests: 10, allowed: 5 },
    { name: 'ratio only: 20% of 9 requests rounds down', ratio: 0.2, minPerSecond: 0, requests: 9, allowed: 1 },
    { name: 'floor only: 0.5/s', ratio: 0, minPerSecond: 0.5, requests: 1_000, allowed: 5 },
    { name: 'nothing allowed', ratio: 0, minPerSecond: 0, requests: 1_000, allowed: 0 },
  ])('$name → $allowed retries', ({ ratio, minPerSecond, requests: count, allowed }) => {
    const budget = createRetryBudget(ratio, minPerSecond);
    requests(budget, count, 0);
    expect(drain(budget, 0)).toBe(allowed);
    expect(budget.tryRetry(0)).toBe(false);
  });

  it('counts requests and retries across the seconds of the window', () => {
    const budget = createRetryBudget(0.5, 0);
    requests(budget, 4, 0);
    requests(budget, 4, 3_500);
    requests(budget, 2, 9_999);
    expect(drain(budget, 9_999)).toBe(5);
  });

  it('a refused retry is not counted', () => {
    const budget = createRetryBudget(0.5, 0);
    requests(budget, 2, 0);
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(0)).toBe(false);
    expect(budget.tryRetry(0)).toBe(false);
    requests(budget, 2, 0);
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(0)).toBe(false);
  });

  it('retries older than 10 s are forgotten, second by second', () => {
    const budget = createRetryBudget(0, 5);
    expect(drain(budget, 0, 20)).toBe(20); // second 0
    expect(drain(budget, 5_000)).toBe(30); // second 5: the window is full (50)
    expect(budget.tryRetry(9_999)).toBe(false);
    // Second 10: second 0's 20 retries leave the window.
    expect(drain(budget, 10_000)).toBe(20);
    expect(budget.tryRetry(14_999)).toBe(false);
    // Second 15: second 5's 30 leave.
    expect(drain(budget, 15_000)).toBe(30);
  });

  it('requests older than 10 s no longer earn retries', () => {
    const budget = createRetryBudget(1, 0);
    requests(budget, 10, 0);
    expect(budget.tryRetry(9_000)).toBe(true);
    requests(budget, 1, 9_500);
    // Second 10: the 10 requests of second 0 are gone; one request (second 9) and one retry remain.
    expect(budget.tryRetry(10_000)).toBe(false);
    requests(budget, 1, 10_000);
    expect(budget.tryRetry(10_000)).toBe(true);
    expect(budget.tryRetry(10_000)).toBe(false);
  });

  it.each([10_000, 19_999, 3_600_000, Date.UTC(2025, 0, 1)])('a jump of %i ms forgets everything', (jump) => {
    const budget = createRetryBudget(0.2, 5);
    requests(budget, 500, 0);
    expect(drain(budget, 0)).toBe(150);
    expect(drain(budget, jump)).toBe(50);
  });

  it('works with wall-clock times', () => {
    const t = Date.UTC(2025, 5, 1, 12, 0, 0, 250);
    const budget = createRetryBudget(0.2, 1);
    requests(budget, 50, t);
    expect(drain(budget, t + 500)).toBe(20);
    expect(budget.tryRetry(t + 9_000)).toBe(false);
    expect(drain(budget, t + 9_750)).toBe(10); // t's second has left the window; requests went with it
  });

  it('a clock that steps back a little counts in the latest second and forgets nothing early', () => {
    const budget = createRetryBudget(0, 1);
    expect(drain(budget, 5_000, 6)).toBe(6);
    expect(drain(budget, 4_000)).toBe(4);
    expect(budget.tryRetry(14_999)).toBe(false);
    expect(drain(budget, 15_000)).toBe(10);
  });
});
