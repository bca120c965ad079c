/**
 * Retry delay advertised by a provider, in milliseconds: `retry-after-ms` (OpenAI, Anthropic SDK
 * convention), then `retry-after` (RFC 9110: delta-seconds or an HTTP date). Negative, past, garbage or
 * absent values → undefined (the caller falls back to its own backoff).
 */
import type { IncomingHttpHeaders } from 'node:http';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

const NUMBER = /^\d+(\.\d+)?$/;

export function parseRetryAfter(headers: IncomingHttpHeaders, now: number): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms && NUMBER.test(ms)) return Math.ceil(Number(ms));
  const value = header(headers, 'retry-after');
  if (!value) return undefined;
  if (NUMBER.test(value)) return Math.ceil(Number(value) * 1000);
  // HTTP dates only (IMF-fixdate and the obsolete forms all name a weekday or month); Date.parse alone
  // would take "1" or "2026" as dates.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  const wait = date - now;
  return wait > 0 ? wait : undefined;
}
