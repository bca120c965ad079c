import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findFreePort, isAddressInUse, listenWithPortFallback, portConflictDialog, type MessageBoxModel } from './port-conflict.js';

const inUse = (): Error => Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:6464'), { code: 'EADDRINUSE' });

/** A fake gateway whose listed ports are taken, and a fake dialog answering with the given button labels. */
function setup(taken: number[], answers: Array<string | ((model: MessageBoxModel) => number)>, savePort?: (port: number) => void) {
  const listened: Array<number | undefined> = [];
  const asked: MessageBoxModel[] = [];
  let free = 7000;
  const deps = {
    configuredPort: 6464,
    listen: async (port?: number) => {
      listened.push(port);
      if (taken.includes(port ?? 6464)) throw inUse();
      return { port: port ?? 6464 };
    },
    findFreePort: async () => free++,
    ask: async (model: MessageBoxModel) => {
      asked.push(model);
      const answer = answers.shift();
      if (typeof answer === 'function') return answer(model);
      return model.buttons.findIndex((button) => button.startsWith(answer ?? 'Quit'));
    },
    ...(savePort ? { savePort } : {}),
  };
  return { deps, listened, asked };
}

describe('port in use', () => {
  it('recognises EADDRINUSE only', () => {
    expect(isAddressInUse(inUse())).toBe(true);
    expect(isAddressInUse(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(false);
    expect(isAddressInUse(null)).toBe(false);
  });

  it('listens on the configured port without asking when it is free', async () => {
    const { deps, asked } = setup([], []);
    expect(await listenWithPortFallback(deps)).toEqual({ port: 6464 });
    expect(asked).toEqual([]);
  });

  it('uses a free port this time, without saving', async () => {
    const savePort = vi.fn();
    const { deps, listened, asked } = setup([6464], ['Use port'], savePort);
    expect(await listenWithPortFallback(deps)).toEqual({ port: 7000 });
    expect(listened).toEqual([undefined, 7000]);
    expect(asked[0]).toMatchObject({ message: 'Port 6464 is already in use', buttons: ['Use port 7000 this time', 'Always use port 7000', 'Quit'], cancelId: 2 });
    expect(savePort).not.toHaveBeenCalled();
  });

  it('remembers the new port in the config when asked to', async () => {
    const savePort = vi.fn();
    const { deps } = setup([6464], ['Always'], savePort);
    expect(await listenWithPortFallback(deps)).toEqual({ port: 7000 });
    expect(savePort).toHaveBeenCalledWith(7000);
  });

  it('still starts when saving fails, and reports it', async () => {
    const onSaveError = vi.fn();
    const { deps } = setup([6464], ['Always'], () => {
      throw new Error('config file changed on disk');
    });
    expect(await listenWithPortFallback({ ...deps, onSaveError })).toEqual({ port: 7000 });
    expect(onSaveError).toHaveBeenCalledOnce();
  });

  it('offers no "always" without a config file, and quits when asked (or the dialog is dismissed)', async () => {
    const { deps, asked } = setup([6464], ['Quit']);
    expect(await listenWithPortFallback(deps)).toBeUndefined();
    expect(asked[0]?.buttons).toEqual(['Use port 7000 this time', 'Quit']);
    const dismissed = setup([6464], [(model) => model.cancelId]);
    expect(await listenWithPortFallback(dismissed.deps)).toBeUndefined();
    const outOfRange = setup([6464], [() => 99]);
    expect(await listenWithPortFallback(outOfRange.deps)).toBeUndefined();
  });

  it('asks again when the free port was taken in between, then gives up', async () => {
    const { deps, asked } = setup([6464, 7000], ['Use port', 'Use port']);
    expect(await listenWithPortFallback(deps)).toEqual({ port: 7001 });
    expect(asked[1]?.message).toBe('Port 7000 is already in use');
    const stubborn = setup([6464, 7000, 7001, 7002], ['Use port', 'Use port', 'Use port']);
    await expect(listenWithPortFallback(stubborn.deps)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('rethrows any other listen error', async () => {
    await expect(
      listenWithPortFallback({ configuredPort: 80, listen: async () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })), findFreePort: async () => 1, ask: async () => 0 }),
    ).rejects.toMatchObject({ code: 'EACCES' });
  });

  it('the dialog names both ports', () => {
    const { model, choices } = portConflictDialog(6464, 51000, true);
    expect(model.detail).toContain('127.0.0.1:6464');
    expect(model.detail).toContain('51000');
    expect(choices).toEqual([{ action: 'use', port: 51000, remember: false }, { action: 'use', port: 51000, remember: true }, { action: 'quit' }]);
  });
});

describe('findFreePort', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  it('finds a port that can be listened on', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  });
});

describe('with the real gateway', () => {
  it('listens on a free port after EADDRINUSE on the configured one', async () => {
    const { validateConfig } = await import('../gateway/config/load.js');
    const { createGateway } = await import('../gateway/index.js');
    const { silentLogger } = await import('../gateway/telemetry/log.js');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const gateway = await createGateway({ config: validateConfig({ server: { port: taken } }, 'test'), log: silentLogger, uiRoot: null, env: {} });
    try {
      const listening = await listenWithPortFallback({
        configuredPort: taken,
        listen: (port) => gateway.listen({ port, host: '127.0.0.1' }),
        findFreePort: () => findFreePort(),
        ask: async () => 0,
      });
      expect(listening?.port).not.toBe(taken);
      expect((await fetch(`${listening?.url}/health`)).status).toBe(200);
    } finally {
      await gateway.close();
      blocker.close();
    }
  });
});
