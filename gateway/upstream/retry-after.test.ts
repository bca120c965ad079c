import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

const now = Date.parse('2026-11-23T12:00:00Z');

describe('Retry-After', () => {
  it.each([
    [{ 'retry-after': '7' }, 7],
    [{ 'retry-after': '1.5' }, 2],
    [{ 'retry-after-ms': '120', 'retry-after': '9' }, 1],
    [{ 'retry-after': 'Mon, 23 Nov 2026 12:00:30 GMT' }, 30],
    [{ 'retry-after': 'Mon, 23 Nov 2026 11:00:00 GMT' }, undefined],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s', (headers, expected) => {
    expect(parseRetryAfter(headers, now)).toBe(expected);
  });
});
