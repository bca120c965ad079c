/** IPC channel names shared by the main process and the preload script. */
export const ADMIN_TOKEN_CHANNEL = 'signalbox:admin-token';
