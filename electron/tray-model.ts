/**
 * What the tray (menu bar) menu shows, as plain data: status lines, then actions. tray.ts turns it into
 * `Menu.buildFromTemplate`, mapping each `action` id to its effect. Pure and tested.
 */
import { formatUsd } from '../gateway/accounting/limits.js';

export interface TrayStatus {
  /** The gateway's URL (http://127.0.0.1:6464), or null before it listens. */
  url: string | null;
  paused: boolean;
  /** Model requests recorded in the last 60 s. */
  requestsLastMinute: number;
  /** Known cost of today's requests (UTC day, as the daily budget counts), integer micro-USD. */
  spendTodayMicros: number;
  launchAtLogin: boolean;
  notifications: boolean;
}

export type TrayAction =
  | 'open'
  | 'copy-base-url'
  | 'copy-new-client-key'
  | 'pause'
  | 'resume'
  | 'toggle-launch-at-login'
  | 'toggle-notifications'
  | 'quit';

export type TrayItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | { type: 'checkbox'; label: string; enabled: boolean; checked: boolean; action: TrayAction };

const address = (url: string | null): string => (url ? url.replace(/^https?:\/\//, '') : 'not listening');

function statusLine(status: TrayStatus): string {
  if (!status.url) return 'Starting…';
  return status.paused ? `Paused (${address(status.url)})` : `Running on ${address(status.url)}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function trayMenuModel(status: TrayStatus): TrayItem[] {
  const listening = status.url !== null;
  const info = (label: string): TrayItem => ({ type: 'normal', label, enabled: false });
  return [
    info(statusLine(status)),
    info(`${plural(status.requestsLastMinute, 'request')} in the last minute`),
    info(`Spent today: ${formatUsd(status.spendTodayMicros)}`),
    { type: 'separator' },
    { type: 'normal', label: 'Open Signalbox', enabled: true, action: 'open' },
    { type: 'normal', label: 'Copy base URL', enabled: listening, action: 'copy-base-url' },
    // Stored keys are hashed and cannot be shown again: this creates a new one (named tray-<date>).
    { type: 'normal', label: 'Copy a new client key', enabled: listening, action: 'copy-new-client-key' },
    { type: 'separator' },
    status.paused
      ? { type: 'normal', label: 'Resume', enabled: listening, action: 'resume' }
      : { type: 'normal', label: 'Pause', enabled: listening, action: 'pause' },
    { type: 'checkbox', label: 'Launch at login', enabled: true, checked: status.launchAtLogin, action: 'toggle-launch-at-login' },
    { type: 'checkbox', label: 'Notifications', enabled: true, checked: status.notifications, action: 'toggle-notifications' },
    { type: 'separator' },
    { type: 'normal', label: 'Quit Signalbox', enabled: true, action: 'quit' },
  ];
}

export function trayTooltip(status: TrayStatus): string {
  return `Signalbox — ${statusLine(status)}; ${plural(status.requestsLastMinute, 'request')}/min; ${formatUsd(status.spendTodayMicros)} today`;
}

/** The name of a key created from the tray: `tray-2026-12-06-0142`, then `-2`, `-3`… when taken. */
export function trayKeyName(now: number, taken: ReadonlySet<string>): string {
  const base = `tray-${new Date(now).toISOString().slice(0, 16).replace('T', '-').replace(':', '')}`;
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}
