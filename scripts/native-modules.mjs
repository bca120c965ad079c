#!/usr/bin/env node
// One node_modules, two runtimes. better-sqlite3 12 is a V8-API addon: its one binary
// (node_modules/better-sqlite3/build/Release/better_sqlite3.node) loads either in Node (tests, `signalbox
// serve`, `npm run dev`) or in Electron (`npm start`, and what `npm run dist` packages) — never both.
// @napi-rs/keyring is N-API: the same binary loads in both, it is never rebuilt.
//
//   node scripts/native-modules.mjs node      make better-sqlite3 load in this Node (rebuilds only if needed)
//   node scripts/native-modules.mjs electron  build it for Electron's ABI (electron-builder install-app-deps;
//                                              @electron/rebuild skips it when it is already built for Electron)
//
// `npm start` runs the electron mode; `pretest`, `predev` and `preserve` run the node mode, so switching
// back costs one rebuild (a prebuilt download, or ~1–2 min compiling from source) only after an Electron run.
import { spawnSync } from 'node:child_process';

const mode = process.argv[2];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Loads better-sqlite3 in a child Node (a wrong-ABI addon can crash the process that loads it). */
function probeNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { encoding: 'utf8' });
  return { ok: probe.status === 0, message: `${probe.stderr ?? ''}`.trim() };
}

const WRONG_ABI = /NODE_MODULE_VERSION|compiled against a different|invalid ELF header|not a valid Win32 application|Module did not self-register/;

function ensureNode() {
  const first = probeNode();
  if (first.ok) return 0;
  if (!WRONG_ABI.test(first.message)) {
    process.stderr.write(`better-sqlite3 does not load in Node ${process.version}:\n${first.message}\n`);
    return 1;
  }
  process.stdout.write(`better-sqlite3 is built for another runtime (Electron?): rebuilding it for Node ${process.version} (npm rebuild better-sqlite3)\n`);
  const rebuilt = spawnSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (rebuilt.status !== 0) return rebuilt.status ?? 1;
  const second = probeNode();
  if (!second.ok) process.stderr.write(`better-sqlite3 still does not load after the rebuild:\n${second.message}\n`);
  return second.ok ? 0 : 1;
}

function ensureElectron() {
  const env = { ...process.env };
  // A `nodedir` setting (npm config / ~/.npmrc) makes node-gyp compile against *Node's* headers while
  // labelling the result as an Electron build: a "successful" rebuild that Electron cannot load. Electron's
  // headers must come from electronjs.org, so drop it for this command.
  for (const key of Object.keys(env)) {
    if (key.toLowerCase() === 'npm_config_nodedir') {
      process.stdout.write(`ignoring ${key}=${env[key]} for the Electron rebuild (it would build against Node's headers)\n`);
      delete env[key];
    }
  }
  const result = spawnSync(npx, ['electron-builder', 'install-app-deps'], { stdio: 'inherit', env, shell: process.platform === 'win32' });
  return result.status ?? 1;
}

if (mode === 'node') process.exit(ensureNode());
else if (mode === 'electron') process.exit(ensureElectron());
else {
  process.stderr.write('usage: node scripts/native-modules.mjs node|electron\n');
  process.exit(2);
}
