/**
 * Where the gateway listens (SEC-07, SEC-08): loopback by default; a non-loopback interface only with an
 * explicit opt-in AND client keys, otherwise listen() refuses with a clear error and no socket is opened.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { BindRefusedError } from '../../gateway/http/bind-policy.js';
import { createGateway } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';

const KEY = 'sk-sb-bind-test-key-0123456789';

async function gatewayWith(server: Record<string, unknown>, withKey: boolean) {
  const config = validateConfig({ server, clientKeys: withKey ? [{ name: 'k', key: 'env:KEY' }] : [] }, 'test config');
  return createGateway({ config, env: { KEY }, log: silentLogger, uiRoot: null });
}

describe('bind policy', () => {
  it('binds 127.0.0.1 by default', async () => {
    const gateway = await gatewayWith({ port: 0 }, false);
    try {
      const { url } = await gateway.listen();
      expect(gateway.app.server.address()).toMatchObject({ address: '127.0.0.1' });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await gateway.close();
    }
  });

  it.each([
    ['0.0.0.0 without the flag', { host: '0.0.0.0', port: 0 }, true, /not a loopback address.*allowRemote: true/],
    ['0.0.0.0 with the flag but no client key', { host: '0.0.0.0', port: 0, allowRemote: true }, false, /without client keys/],
    [':: without the flag', { host: '::', port: 0 }, true, /not a loopback address/],
  ])('refuses %s, leaving no socket', async (_name, server, withKey, message) => {
    const gateway = await gatewayWith(server, withKey);
    try {
      const failure = await gateway.listen().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BindRefusedError);
      expect((failure as Error).message).toMatch(message);
      expect(gateway.app.server.listening).toBe(false);
    } finally {
      await gateway.close();
    }
  });

  it('binds all interfaces with the flag and a key, and then still only answers allowed Host names', async () => {
    for (const [server, listen] of [
      [{ host: '0.0.0.0', port: 0, allowRemote: true }, {}],
      [{ port: 0 }, { host: '0.0.0.0', allowRemote: true }],
    ] as const) {
      const gateway = await gatewayWith(server, true);
      try {
        const { url, port } = await gateway.listen(listen);
        expect(gateway.app.server.address()).toMatchObject({ address: '0.0.0.0' });
        // 0.0.0.0 is not an address a client can use, nor an allowed Host: the URL shown is loopback.
        expect(url).toBe(`http://127.0.0.1:${port}`);
        expect((await fetch(`${url}/health`)).status).toBe(200);
      } finally {
        await gateway.close();
      }
    }
  });

  it('the CLI refuses a non-loopback --host without --allow-remote, and documents the flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signalbox-bind-'));
    try {
      writeFileSync(join(dir, 'config.yaml'), 'clientKeys:\n  - name: k\n    key: env:BIND_KEY\n');
      const cli = fileURLToPath(new URL('../../gateway/cli.ts', import.meta.url));
      const run = (args: string[]) =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, BIND_KEY: KEY }, stdio: 'pipe' });
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
          child.on('exit', (code) => resolve({ code, out, err }));
        });
      const refused = await run(['serve', '--config', join(dir, 'config.yaml'), '--data-dir', dir, '--host', '0.0.0.0', '--port', '0']);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/refusing to listen on "0\.0\.0\.0".*--allow-remote/);
      expect(refused.out).not.toMatch(/listening on/);
      expect((await run(['--help'])).out).toMatch(/--allow-remote/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
