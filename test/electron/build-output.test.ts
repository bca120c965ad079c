/**
 * What `npm run build` emits for the desktop shell, checked by compiling electron/ with the very options
 * of tsconfig.build.json (in memory, without type checking — `npm run typecheck` does that):
 *   - dist/electron/main.js is an ES module (package.json "type": "module"; "main" points at it);
 *   - dist/electron/preload.cjs is CommonJS that a *sandboxed* preload can run: `require("electron")`,
 *     no ESM syntax, no local imports — proven by running it in the wrapper Electron uses for sandboxed
 *     preloads, with a fake `electron` module;
 *   - main.ts loads the preload under the emitted name.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../electron/ipc-channels.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const electronDir = join(repository, 'electron');
const packageJson = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as { main: string; type: string };

/** Emitted files of electron/ (main and preload as roots), by path relative to the repository. */
const emitted = new Map<string, string>();

beforeAll(() => {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(repository, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.build.json could not be read');
  const roots = parsed.fileNames.filter((file) => file.startsWith(`${electronDir}/`) || file.startsWith(`${electronDir}\\`));
  const program = ts.createProgram(roots, { ...parsed.options, noCheck: true, sourceMap: false });
  const result = program.emit(undefined, (file, text) => {
    emitted.set(relative(repository, file).split('\\').join('/'), text);
  });
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  expect(errors.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
}, 60_000);

function output(name: string): string {
  const text = emitted.get(name);
  if (text === undefined) throw new Error(`${name} was not emitted; emitted: ${[...emitted.keys()].filter((key) => key.startsWith('dist/electron/')).join(', ')}`);
  return text;
}

describe('desktop build output', () => {
  it('the build includes electron/ and emits dist/electron/main.js as an ES module', () => {
    expect(packageJson.type).toBe('module');
    expect(packageJson.main).toBe('dist/electron/main.js');
    const main = output('dist/electron/main.js');
    expect(main).toMatch(/^import .* from ["']electron["'];?$/m);
    expect(main).not.toMatch(/\brequire\(/);
  });

  it('emits the preload as CommonJS dist/electron/preload.cjs', () => {
    const sources = readdirSync(electronDir).filter((file) => /^preload\.[cm]?ts$/.test(file));
    expect(sources, 'one preload source, and it is .cts').toEqual(['preload.cts']);
    expect([...emitted.keys()].filter((file) => /^dist\/electron\/preload\./.test(file))).toEqual(['dist/electron/preload.cjs']);
    const preload = output('dist/electron/preload.cjs');
    expect(preload).toContain('require("electron")');
    // Only `electron` (a sandboxed preload can require a few built-ins, but never a local file or a package).
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(?:import|export)\b/m);
    expect(preload).not.toMatch(/\bimport\s*\(|import\.meta/);
  });

  it('the preload runs in the sandboxed-preload wrapper and exposes only invoke-on-a-fixed-channel functions', async () => {
    const preload = output('dist/electron/preload.cjs');
    // The shape of Electron's wrapper for sandboxed preloads (lib/sandboxed_renderer): a plain function, no ESM.
    const wrapper = new vm.Script(`(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {\n${preload}\n})`, {
      filename: 'preload.cjs',
    });
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: { invoke: async (...args: unknown[]) => invoked.push(args) },
    };
    const required: string[] = [];
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return fakeElectron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const run = wrapper.runInNewContext({}) as (...args: unknown[]) => void;
    const exports = {};
    run(fakeRequire, {}, undefined, {}, undefined, undefined, exports, { exports });

    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['signalbox']);
    // Call every exposed function (nested objects too) and collect the channels they use.
    const calls: Promise<unknown>[] = [];
    const visit = (value: unknown) => {
      if (typeof value === 'function') calls.push(Promise.resolve((value as (argument: unknown) => unknown)('https://example.com')));
      else if (value && typeof value === 'object') for (const inner of Object.values(value)) visit(inner);
      else throw new Error(`the bridge exposes a non-function value: ${String(value)}`);
    };
    visit(exposed.get('signalbox'));
    await Promise.all(calls);
    expect(calls.length).toBeGreaterThan(0);
    for (const [channel] of invoked) expect(IPC_CHANNELS as readonly unknown[]).toContain(channel);
  });

  it('main.ts loads the preload under the name the build emits', () => {
    const sources = readdirSync(electronDir)
      .filter((file) => /\.ts$/.test(file) && !file.endsWith('.test.ts'))
      .map((file) => readFileSync(join(electronDir, file), 'utf8'));
    const names = sources.flatMap((source) => [...source.matchAll(/['"`](preload\.[cm]?js)['"`]/g)].map((match) => match[1]));
    expect(names.length, 'main process names its preload file').toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set(['preload.cjs']));
  });
});
