import { describe, expect, it } from 'vitest';
import { countSince, perMinuteBins, quantile } from './rate';
import { sparklinePaths } from './sparkline';

describe('request rates', () => {
  const now = 10 * 60_000 + 30_000;
  it('count the last minute and bin per minute, oldest first', () => {
    const starts = [now - 5_000, now - 20_000, now - 70_000, now - 9 * 60_000, now - 60 * 60_000];
    expect(countSince(starts, now - 60_000)).toBe(2);
    expect(perMinuteBins(starts, now, 3)).toEqual([0, 1, 2]);
    expect(perMinuteBins(starts, now, 10)[0]).toBe(1);
  });

  it('take nearest-rank quantiles', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([30, 10, 20, 40], 0.5)).toBe(20);
    expect(quantile([30, 10, 20, 40], 0.95)).toBe(40);
  });

  it('draw a sparkline inside its box, with a closed area under it', () => {
    const { line, area } = sparklinePaths([0, 2, 1], 100, 20, 2);
    expect(line).toBe('M0 18 L50 2 L100 10');
    expect(area.endsWith('L100 20 L0 20 Z')).toBe(true);
    expect(sparklinePaths([], 10, 10)).toEqual({ line: '', area: '' });
  });
});
