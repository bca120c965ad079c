/**
 * When the configured port is taken (EADDRINUSE — another Signalbox, or another program), the app asks
 * instead of dying: use a free port this time, use it and remember it (config `server.port`, written
 * through the gateway's config writer so comments survive), or quit. The decision flow is pure with the
 * dialog, the port finder and the writer injected; `findFreePort` is the one real effect here.
 */
import { createServer } from 'node:net';

export function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

export interface MessageBoxModel {
  type: 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
}

export type PortChoice = { action: 'use'; port: number; remember: boolean } | { action: 'quit' };

/** The dialog, and the choice each of its buttons stands for (same order). */
export function portConflictDialog(port: number, freePort: number, canRemember: boolean): { model: MessageBoxModel; choices: PortChoice[] } {
  const choices: PortChoice[] = [{ action: 'use', port: freePort, remember: false }];
  const buttons = [`Use port ${freePort} this time`];
  if (canRemember) {
    choices.push({ action: 'use', port: freePort, remember: true });
    buttons.push(`Always use port ${freePort}`);
  }
  choices.push({ action: 'quit' });
  buttons.push('Quit');
  return {
    model: {
      type: 'warning',
      title: 'Signalbox',
      message: `Port ${port} is already in use`,
      detail:
        `Another program (or another Signalbox) is listening on 127.0.0.1:${port}. Signalbox can start on port ${freePort} instead; ` +
        `tools configured with the old address (http://127.0.0.1:${port}) will need the new one.` +
        (canRemember ? ' "Always" saves it as server.port in the config file.' : ''),
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
    },
    choices,
  };
}

export interface PortFallbackDeps<T> {
  configuredPort: number;
  /** Listens on `port` (undefined: the configured one); rejects with EADDRINUSE when taken. */
  listen(port?: number): Promise<T>;
  findFreePort(): Promise<number>;
  /** Shows the dialog; resolves with the index of the button clicked. */
  ask(model: MessageBoxModel): Promise<number>;
  /** Saves the port as config `server.port`; undefined when there is no config file to write. */
  savePort?: (port: number) => void | Promise<void>;
  /** A save that failed (e.g. the file was hand-edited since loading): the port is still used this time. */
  onSaveError?: (error: unknown) => void;
  /** Free ports can be taken again between the check and the listen: how many times to ask. */
  maxAttempts?: number;
}

/** Listens, asking what to do on each EADDRINUSE. Resolves undefined when the user chose to quit. */
export async function listenWithPortFallback<T>(deps: PortFallbackDeps<T>): Promise<T | undefined> {
  let port = deps.configuredPort;
  let attempt: number | undefined;
  for (let asked = 0; ; asked++) {
    try {
      return await deps.listen(attempt);
    } catch (error) {
      if (!isAddressInUse(error) || asked >= (deps.maxAttempts ?? 3)) throw error;
    }
    const freePort = await deps.findFreePort();
    const { model, choices } = portConflictDialog(port, freePort, deps.savePort !== undefined);
    const choice = choices[await deps.ask(model)] ?? { action: 'quit' };
    if (choice.action === 'quit') return undefined;
    if (choice.remember && deps.savePort) {
      try {
        await deps.savePort(choice.port);
      } catch (error) {
        deps.onSaveError?.(error);
      }
    }
    port = choice.port;
    attempt = choice.port;
  }
}

/** A port free right now on `host` (the OS picks it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
