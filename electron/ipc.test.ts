import { describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN_CHANNEL, BASE_URL_CHANNEL, IPC_CHANNELS, LAUNCH_AT_LOGIN_GET_CHANNEL, LAUNCH_AT_LOGIN_SET_CHANNEL, OPEN_EXTERNAL_CHANNEL } from './ipc-channels.js';
import { createIpcHandlers, registerIpc, type IpcDeps } from './ipc.js';

const ORIGIN = 'http://127.0.0.1:6464';
const PAGE = `${ORIGIN}/#/settings`;

function setup(overrides: Partial<IpcDeps> = {}) {
  let loginItem = false;
  const refused: string[] = [];
  const deps: IpcDeps = {
    origin: () => ORIGIN,
    adminToken: () => 'admin-token',
    openExternal: vi.fn(async () => undefined),
    launchAtLogin: { get: () => loginItem, set: (enabled) => (loginItem = enabled) },
    onRefused: (channel, reason) => refused.push(`${channel}: ${reason}`),
    ...overrides,
  };
  return { deps, handlers: createIpcHandlers(deps), refused };
}

describe('IPC handlers', () => {
  it('answer the app page', async () => {
    const { handlers, deps } = setup();
    expect(await handlers[ADMIN_TOKEN_CHANNEL](PAGE, [])).toBe('admin-token');
    expect(await handlers[BASE_URL_CHANNEL](PAGE, [])).toBe(ORIGIN);
    expect(await handlers[OPEN_EXTERNAL_CHANNEL](PAGE, ['https://platform.openai.com/api-keys'])).toBe(true);
    expect(deps.openExternal).toHaveBeenCalledWith('https://platform.openai.com/api-keys');
    expect(await handlers[LAUNCH_AT_LOGIN_GET_CHANNEL](PAGE, [])).toBe(false);
    expect(await handlers[LAUNCH_AT_LOGIN_SET_CHANNEL](PAGE, [true])).toBe(true);
    expect(await handlers[LAUNCH_AT_LOGIN_GET_CHANNEL](PAGE, [])).toBe(true);
  });

  it('give nothing to any other frame, on every channel', async () => {
    const { handlers, deps, refused } = setup();
    for (const frame of [undefined, null, '', 'https://evil.example/', 'http://127.0.0.1:6465/', 'file:///tmp/x.html', 'about:blank']) {
      expect(await handlers[ADMIN_TOKEN_CHANNEL](frame, [])).toBeNull();
      expect(await handlers[BASE_URL_CHANNEL](frame, [])).toBeNull();
      expect(await handlers[OPEN_EXTERNAL_CHANNEL](frame, ['https://example.com'])).toBe(false);
      expect(await handlers[LAUNCH_AT_LOGIN_SET_CHANNEL](frame, [true])).toBe(false);
      expect(await handlers[LAUNCH_AT_LOGIN_GET_CHANNEL](frame, [])).toBe(false);
    }
    expect(deps.openExternal).not.toHaveBeenCalled();
    expect(refused.length).toBe(35);
    expect(await handlers[LAUNCH_AT_LOGIN_GET_CHANNEL](PAGE, [])).toBe(false);
  });

  it('refuse everything before the gateway listens', async () => {
    const { handlers } = setup({ origin: () => undefined });
    expect(await handlers[ADMIN_TOKEN_CHANNEL](PAGE, [])).toBeNull();
  });

  it('validate arguments before acting', async () => {
    const { handlers, deps, refused } = setup();
    expect(await handlers[LAUNCH_AT_LOGIN_SET_CHANNEL](PAGE, ['yes'])).toBe(false);
    expect(await handlers[LAUNCH_AT_LOGIN_SET_CHANNEL](PAGE, [true, 'extra'])).toBe(false);
    expect(await handlers[ADMIN_TOKEN_CHANNEL](PAGE, ['extra'])).toBeNull();
    expect(await handlers[OPEN_EXTERNAL_CHANNEL](PAGE, [`https://example.com/${'x'.repeat(5000)}`])).toBe(false);
    expect(await handlers[LAUNCH_AT_LOGIN_GET_CHANNEL](PAGE, [])).toBe(false);
    expect(deps.openExternal).not.toHaveBeenCalled();
    expect(refused).toHaveLength(4);
  });

  it('open only https links without credentials', async () => {
    const { handlers, deps } = setup();
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com', 'smb://host/share', 'not a url']) {
      expect(await handlers[OPEN_EXTERNAL_CHANNEL](PAGE, [url])).toBe(false);
    }
    expect(deps.openExternal).not.toHaveBeenCalled();
  });

  it('registerIpc binds every channel and passes the sender frame URL', async () => {
    const { handlers } = setup();
    const bound = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    registerIpc({ handle: (channel: string, listener: (event: never, ...args: unknown[]) => unknown) => void bound.set(channel, listener as never) } as never, handlers);
    expect([...bound.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    expect(await bound.get(ADMIN_TOKEN_CHANNEL)?.({ senderFrame: { url: PAGE } })).toBe('admin-token');
    expect(await bound.get(ADMIN_TOKEN_CHANNEL)?.({ senderFrame: null })).toBeNull();
    expect(await bound.get(LAUNCH_AT_LOGIN_SET_CHANNEL)?.({ senderFrame: { url: PAGE } }, true)).toBe(true);
  });
});
