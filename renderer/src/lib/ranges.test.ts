import { describe, expect, it } from 'vitest';
import { bucketOf, bucketStarts, parseRange, rangeBounds, startOfLocalDay } from './ranges';

// Local-time expectations are built with the local Date constructor, so these hold in any time zone.
describe('ranges', () => {
  const now = new Date(2026, 10, 23, 14, 35, 10).getTime();

  it('align the last 24 hours to whole local hours, the current one included', () => {
    const { from, to, bucket } = rangeBounds('24h', now);
    expect(bucket).toBe('hour');
    expect(from).toBe(new Date(2026, 10, 22, 15, 0, 0).getTime());
    expect(to).toBe(now + 1);
    expect(bucketStarts(from, to, 'hour')).toHaveLength(24);
  });

  it('align days to local midnights', () => {
    const { from, bucket } = rangeBounds('7d', now);
    expect(bucket).toBe('day');
    expect(from).toBe(new Date(2026, 10, 17).getTime());
    expect(bucketStarts(from, now, 'day')).toEqual([17, 18, 19, 20, 21, 22, 23].map((day) => new Date(2026, 10, day).getTime()));
    expect(startOfLocalDay(now)).toBe(new Date(2026, 10, 23).getTime());
    expect(bucketOf(now, 'hour')).toBe(new Date(2026, 10, 23, 14).getTime());
  });

  it('default to 7 days for anything unknown', () => {
    expect(parseRange('30d')).toBe('30d');
    expect(parseRange('1y')).toBe('7d');
    expect(parseRange(null)).toBe('7d');
  });
});
