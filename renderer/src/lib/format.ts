/**
 * Number and time formatting for the whole UI: currency, token counts, durations, shares, local times.
 * Pure functions; the locale and time zone default to the user's and can be fixed (tests do).
 */

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

const EMPTY = '—';

/** Micro-USD (the ledger's integer unit) to USD. */
export const microsToUsd = (micros: number): number => micros / 1_000_000;

/**
 * USD with as much precision as the amount needs: `$1,234.50`, `$0.42`, `$0.0031`, `<$0.000001`.
 * Per-request costs are often fractions of a cent, and rounding them to `$0.00` would say "free".
 */
export function formatUsd(value: number | string | null | undefined, options: FormatOptions = {}): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  const amount = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(amount)) return EMPTY;
  const abs = Math.abs(amount);
  if (abs > 0 && abs < 0.000001) return amount < 0 ? '>-$0.000001' : '<$0.000001';
  const digits = abs === 0 || abs >= 0.995 ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : smallDigits(abs);
  return new Intl.NumberFormat(options.locale, { style: 'currency', currency: 'USD', ...digits }).format(amount);
}

/** Two significant digits below a dollar, never fewer than two decimals: 0.42 → 0.42, 0.0031 → 0.0031. */
function smallDigits(abs: number): { minimumFractionDigits: number; maximumFractionDigits: number } {
  const leadingZeros = Math.max(0, -Math.floor(Math.log10(abs)) - 1);
  return { minimumFractionDigits: 2, maximumFractionDigits: Math.min(6, Math.max(2, leadingZeros + 2)) };
}

/** Token counts, compact: 842, 12.4k, 3.2M. */
export function formatTokens(value: number | null | undefined, options: FormatOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  if (Math.abs(value) < 1000) return new Intl.NumberFormat(options.locale).format(value);
  return new Intl.NumberFormat(options.locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value).toLowerCase().replace(/b$/, 'B').replace(/m$/, 'M');
}

/** Whole numbers with grouping: 12,345. */
export function formatCount(value: number | null | undefined, options: FormatOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  return new Intl.NumberFormat(options.locale, { maximumFractionDigits: 0 }).format(value);
}

/** Durations: 842 ms, 1.24 s, 2m 05s. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 10_000) return `${(value / 1000).toFixed(2)} s`;
  if (value < 60_000) return `${(value / 1000).toFixed(1)} s`;
  const minutes = Math.floor(value / 60_000);
  const seconds = Math.floor((value % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/** Long spans (uptime): 45 s, 12 min, 3 h 12 min, 2 d 4 h. */
export function formatSpan(value: number): string {
  const seconds = Math.floor(value / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A share (0.123 → 12.3%), with the small cases spelled honestly: 0%, <0.1%. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return EMPTY;
  if (ratio === 0) return '0%';
  const percent = ratio * 100;
  if (percent < 0.1) return '<0.1%';
  if (percent < 10) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}

/** Local wall-clock time: 14:03:27. */
export function formatTime(epochMs: number, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: options.timeZone }).format(epochMs);
}

/** Local date and time: Nov 23, 14:03:27. */
export function formatDateTime(epochMs: number, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone: options.timeZone,
  }).format(epochMs);
}

/** How long ago, coarse: just now, 12 s ago, 3 min ago, 2 h ago, 4 d ago. */
export function formatAgo(epochMs: number, now: number): string {
  const seconds = Math.round((now - epochMs) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** In how long, coarse (for resets): in 40 s, in 12 min, in 5 h, in 3 d. */
export function formatIn(epochMs: number, now: number): string {
  const seconds = Math.max(0, Math.round((epochMs - now) / 1000));
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} d`;
}

/** An error kind as words, short enough for a badge: upstream_server_error → server error. */
export function formatErrorKind(kind: string | null | undefined): string {
  if (!kind) return 'error';
  return kind.replace(/^upstream_/, '').replace(/_/g, ' ');
}
