import { describe, expect, it } from 'vitest';
import { formatAgo, formatCount, formatDateTime, formatIn, formatMs, formatPercent, formatSpan, formatTime, formatTokens, formatUsd, microsToUsd } from './format';

const en = { locale: 'en-US' };

describe('formatUsd', () => {
  it('keeps enough precision for fractions of a cent, and never says free when it is not', () => {
    expect(formatUsd(1234.5, en)).toBe('$1,234.50');
    expect(formatUsd(0.42, en)).toBe('$0.42');
    expect(formatUsd(0.0031, en)).toBe('$0.0031');
    expect(formatUsd(0.000032, en)).toBe('$0.000032');
    expect(formatUsd(0.00000042, en)).toBe('<$0.000001');
    expect(formatUsd(0, en)).toBe('$0.00');
    expect(formatUsd(0.999, en)).toBe('$1.00');
  });

  it('reads the API’s decimal strings and says — for unknown', () => {
    expect(formatUsd('0.000140', en)).toBe('$0.00014');
    expect(formatUsd(null, en)).toBe('—');
    expect(formatUsd('not a number', en)).toBe('—');
    expect(formatUsd(microsToUsd(2_500_000), en)).toBe('$2.50');
  });
});

describe('token and count formatting', () => {
  it('is compact from a thousand on', () => {
    expect(formatTokens(842, en)).toBe('842');
    expect(formatTokens(12_400, en)).toBe('12.4k');
    expect(formatTokens(3_200_000, en)).toBe('3.2M');
    expect(formatTokens(null, en)).toBe('—');
    expect(formatCount(12345, en)).toBe('12,345');
  });
});

describe('durations', () => {
  it('picks the unit a person reads fastest', () => {
    expect(formatMs(0.4)).toBe('0 ms');
    expect(formatMs(842)).toBe('842 ms');
    expect(formatMs(1240)).toBe('1.24 s');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(125_000)).toBe('2m 05s');
    expect(formatMs(null)).toBe('—');
    expect(formatSpan(45_000)).toBe('45 s');
    expect(formatSpan(3 * 3_600_000 + 12 * 60_000)).toBe('3 h 12 min');
    expect(formatSpan(50 * 3_600_000)).toBe('2 d 2 h');
  });
});

describe('shares', () => {
  it('spells small shares honestly', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.0567)).toBe('5.7%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(undefined)).toBe('—');
  });
});

describe('times', () => {
  const at = Date.UTC(2026, 10, 23, 14, 3, 27);
  it('formats in the given zone, 24-hour', () => {
    expect(formatTime(at, { locale: 'en-GB', timeZone: 'UTC' })).toBe('14:03:27');
    expect(formatTime(at, { locale: 'en-GB', timeZone: 'Europe/Paris' })).toBe('15:03:27');
    expect(formatDateTime(at, { locale: 'en-US', timeZone: 'UTC' })).toMatch(/Nov 23.*14:03:27/);
  });

  it('says how long ago and how long until, coarsely', () => {
    expect(formatAgo(at - 2_000, at)).toBe('just now');
    expect(formatAgo(at - 30_000, at)).toBe('30 s ago');
    expect(formatAgo(at - 5 * 60_000, at)).toBe('5 min ago');
    expect(formatAgo(at - 3 * 86_400_000, at)).toBe('3 d ago');
    expect(formatIn(at + 40_000, at)).toBe('in 40 s');
    expect(formatIn(at + 5 * 3_600_000, at)).toBe('in 5 h');
  });
});
