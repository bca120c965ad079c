/**
 * The IPC handlers of the desktop shell, as plain functions of (sender frame URL, arguments): each checks
 * that the sender is the app's own page (isAppSender) and validates its arguments (ipc-validation.ts)
 * before doing anything; a refused call answers `null` (or `false` for the boolean channels) and is
 * reported through `onRefused`. Effects (the admin token, the browser, login items) are injected, so this
 * is tested under plain Node; `registerIpc` only binds them to `ipcMain.handle`.
 */
import type { IpcMain } from 'electron';
import {
  ADMIN_TOKEN_CHANNEL,
  BASE_URL_CHANNEL,
  IPC_CHANNELS,
  LAUNCH_AT_LOGIN_GET_CHANNEL,
  LAUNCH_AT_LOGIN_SET_CHANNEL,
  OPEN_EXTERNAL_CHANNEL,
  type IpcChannel,
} from './ipc-channels.js';
import { parseIpcArguments, type IpcArguments } from './ipc-validation.js';
import { isAppSender, isSafeExternalUrl } from './security.js';

export interface IpcDeps {
  /** The gateway's origin (http://127.0.0.1:<port>), or undefined before it listens. */
  origin(): string | undefined;
  adminToken(): string | undefined;
  openExternal(url: string): Promise<void>;
  launchAtLogin: { get(): Promise<boolean> | boolean; set(enabled: boolean): Promise<boolean> | boolean };
  onRefused?(channel: IpcChannel, reason: string): void;
}

export type IpcHandler = (senderUrl: string | undefined | null, args: readonly unknown[]) => Promise<unknown>;

export function createIpcHandlers(deps: IpcDeps): Record<IpcChannel, IpcHandler> {
  const guarded =
    <C extends IpcChannel>(channel: C, refused: null | false, run: (args: IpcArguments<C>) => unknown): IpcHandler =>
    async (senderUrl, args) => {
      const origin = deps.origin();
      if (!origin || !isAppSender(senderUrl, origin)) {
        deps.onRefused?.(channel, 'sender is not the app page');
        return refused;
      }
      const parsed = parseIpcArguments(channel, args);
      if (!parsed.ok) {
        deps.onRefused?.(channel, parsed.reason);
        return refused;
      }
      return run(parsed.value);
    };

  return {
    [ADMIN_TOKEN_CHANNEL]: guarded(ADMIN_TOKEN_CHANNEL, null, () => deps.adminToken() ?? null),
    [BASE_URL_CHANNEL]: guarded(BASE_URL_CHANNEL, null, () => deps.origin() ?? null),
    [OPEN_EXTERNAL_CHANNEL]: guarded(OPEN_EXTERNAL_CHANNEL, false, async ([url]) => {
      if (!isSafeExternalUrl(url)) {
        deps.onRefused?.(OPEN_EXTERNAL_CHANNEL, 'only https links without credentials open externally');
        return false;
      }
      await deps.openExternal(url);
      return true;
    }),
    [LAUNCH_AT_LOGIN_GET_CHANNEL]: guarded(LAUNCH_AT_LOGIN_GET_CHANNEL, false, () => deps.launchAtLogin.get()),
    [LAUNCH_AT_LOGIN_SET_CHANNEL]: guarded(LAUNCH_AT_LOGIN_SET_CHANNEL, false, ([enabled]) => deps.launchAtLogin.set(enabled)),
  };
}

/** Thin wiring: every channel answered through its guarded handler (the sender frame's URL is checked). */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, handlers: Record<IpcChannel, IpcHandler>): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => handlers[channel](event.senderFrame?.url, args));
  }
}
