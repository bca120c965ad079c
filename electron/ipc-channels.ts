/**
 * IPC channel names shared by the main process and the preload script — the source of truth. A sandboxed
 * preload cannot import this file, so preload.cts repeats the literals; ipc-channels.test.ts checks they agree.
 */
export const ADMIN_TOKEN_CHANNEL = 'signalbox:admin-token';
export const BASE_URL_CHANNEL = 'signalbox:base-url';
export const OPEN_EXTERNAL_CHANNEL = 'signalbox:open-external';
export const LAUNCH_AT_LOGIN_GET_CHANNEL = 'signalbox:launch-at-login:get';
export const LAUNCH_AT_LOGIN_SET_CHANNEL = 'signalbox:launch-at-login:set';

export const IPC_CHANNELS = [ADMIN_TOKEN_CHANNEL, BASE_URL_CHANNEL, OPEN_EXTERNAL_CHANNEL, LAUNCH_AT_LOGIN_GET_CHANNEL, LAUNCH_AT_LOGIN_SET_CHANNEL] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];
