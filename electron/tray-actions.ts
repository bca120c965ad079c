/**
 * What each tray menu action does, with every effect injected (clipboard, window, login items, prefs,
 * notifications, quit), so the table is tested without Electron. "Copy a new client key" creates a key:
 * stored keys are hashed and cannot be shown again.
 */
import type { ClientKeys } from '../gateway/client-keys/client-keys.js';
import type { TrayAction } from './tray-model.js';
import { trayKeyName } from './tray-model.js';

export interface TrayActionDeps {
  url(): string | undefined;
  gateway(): { pause(): void; resume(): void; context: { clientKeys: Pick<ClientKeys, 'list' | 'create'> } } | undefined;
  openWindow(): void;
  /** Electron 45's clipboard is asynchronous (`clipboard.writeText` returns a promise). */
  writeClipboard(text: string): Promise<void> | void;
  notify(title: string, body: string): void;
  launchAtLogin: { get(): boolean; set(enabled: boolean): boolean };
  notifications: { get(): boolean; set(enabled: boolean): void };
  quit(): void;
  clock: () => number;
  /** Called after every action (the menu shows the new state). */
  changed(): void;
  onError(action: TrayAction, error: unknown): void;
}

export function createTrayActions(deps: TrayActionDeps): Record<TrayAction, () => Promise<void>> {
  const copyNewClientKey = async (): Promise<void> => {
    const gateway = deps.gateway();
    if (!gateway) return;
    const keys = gateway.context.clientKeys;
    const taken = new Set(keys.list().filter((key) => key.revokedAt === null).map((key) => key.name));
    const name = trayKeyName(deps.clock(), taken);
    const { key } = keys.create({ name });
    await deps.writeClipboard(key);
    deps.notify('New client key copied', `Key "${name}" is on the clipboard; it will not be shown again. Revoke it under Client keys.`);
  };
  const table: Record<TrayAction, () => Promise<void> | void> = {
    open: () => deps.openWindow(),
    'copy-base-url': async () => {
      const url = deps.url();
      if (url) await deps.writeClipboard(url);
    },
    'copy-new-client-key': copyNewClientKey,
    pause: () => deps.gateway()?.pause(),
    resume: () => deps.gateway()?.resume(),
    'toggle-launch-at-login': () => void deps.launchAtLogin.set(!deps.launchAtLogin.get()),
    'toggle-notifications': () => deps.notifications.set(!deps.notifications.get()),
    quit: () => deps.quit(),
  };
  // Every action settles (never rejects): failures are reported, and the menu refreshes either way.
  const guarded = {} as Record<TrayAction, () => Promise<void>>;
  for (const [action, run] of Object.entries(table) as Array<[TrayAction, () => Promise<void> | void]>) {
    guarded[action] = async () => {
      try {
        await run();
      } catch (error) {
        deps.onError(action, error);
      }
      deps.changed();
    };
  }
  return guarded;
}
