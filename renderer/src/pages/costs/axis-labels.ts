/** Labels for the spend chart's time axis and tooltip, in local time (or UTC for the usage fallback). */
import type { Bucket } from '../../lib/ranges';

export function bucketLabel(start: number, bucket: Bucket, utc = false, long = false, locale?: string): string {
  const timeZone = utc ? 'UTC' : undefined;
  if (bucket === 'hour') {
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(start);
    if (!long) return time;
    const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone }).format(start);
    return `${day}, ${time}${utc ? ' UTC' : ''}`;
  }
  const options: Intl.DateTimeFormatOptions = long ? { weekday: 'short', month: 'short', day: 'numeric', timeZone } : { month: 'short', day: 'numeric', timeZone };
  return new Intl.DateTimeFormat(locale, options).format(start) + (long && utc ? ' (UTC)' : '');
}

/** A compact currency for the value axis: $0, $0.005, $1.2, $45, $1.2k. */
export function axisUsd(value: number): string {
  if (value === 0) return '$0';
  const abs = Math.abs(value);
  if (abs >= 1000) return `$${(value / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (abs >= 10) return `$${Math.round(value)}`;
  if (abs >= 1) return `$${value.toFixed(1).replace(/\.0$/, '')}`;
  return `$${Number(value.toPrecision(2))}`;
}
