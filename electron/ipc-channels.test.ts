import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as channels from './ipc-channels.js';
import { IPC_CHANNELS } from './ipc-channels.js';

const preload = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');

describe('the preload and the main process agree on IPC', () => {
  it('the preload invokes every channel, with the literal ipc-channels.ts defines', () => {
    for (const channel of IPC_CHANNELS) expect(preload).toContain(`ipcRenderer.invoke('${channel}'`);
    const invoked = [...preload.matchAll(/ipcRenderer\.invoke\('([^']+)'/g)].map((match) => match[1]);
    expect(new Set(invoked)).toEqual(new Set(IPC_CHANNELS));
  });

  it('every exported channel constant is listed in IPC_CHANNELS, once', () => {
    const constants = Object.entries(channels).filter(([name]) => name.endsWith('_CHANNEL')).map(([, value]) => value);
    expect(new Set(constants)).toEqual(new Set(IPC_CHANNELS));
    expect(new Set(IPC_CHANNELS).size).toBe(IPC_CHANNELS.length);
  });

  it('the preload is self-contained CommonJS and exposes only named functions', () => {
    expect(preload).not.toMatch(/from '\.\.?\//);
    expect(preload).not.toMatch(/require\('\.\.?\//);
    expect(preload).toMatch(/^import electron = require\('electron'\);$/m);
    expect(preload).toContain("contextBridge.exposeInMainWorld('signalbox'");
    // Never the raw ipcRenderer (or its send/on) handed to the page.
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
    expect(preload).not.toMatch(/ipcRenderer\.(send|on|sendSync)\b/);
    for (const name of ['adminToken:', 'baseUrl:', 'openExternal:', 'launchAtLogin:', 'get:', 'set:']) expect(preload).toContain(name);
  });
});
