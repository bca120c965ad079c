import { describe, expect, it } from 'vitest';
import type { FinishReasonKind } from '../core/response.js';
import { MAX_CHOICES, recordFinish } from './finish-reasons.js';

describe('recordFinish', () => {
  it('keeps one reason per choice, in order, without holes', () => {
    const reasons: FinishReasonKind[] = [];
    recordFinish(reasons, 2, 'length');
    recordFinish(reasons, 0, 'stop');
    expect(reasons).toEqual(['stop', 'other', 'length']);
  });

  it('ignores indexes an upstream should never send: huge, negative, fractional', () => {
    const reasons: FinishReasonKind[] = [];
    for (const index of [100_000_000, 4_294_967_294, MAX_CHOICES, -1, 1.5, Number.NaN]) recordFinish(reasons, index, 'stop');
    expect(reasons).toEqual([]);
    recordFinish(reasons, MAX_CHOICES - 1, 'stop');
    expect(reasons).toHaveLength(MAX_CHOICES);
  });
});
