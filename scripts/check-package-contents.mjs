#!/usr/bin/env node
// Packages the app with electron-builder.yml — for real, but around a stand-in Electron, so it works with
// no Electron download (offline CI) — and checks what would ship: the app files in app.asar, no source
// maps, TypeScript, tests or devDependencies, and the native modules unpacked next to the archive.
// Fuses and the native rebuild are skipped (both need the real Electron binary); the YAML's own checks
// are test/electron/builder-config.test.ts.
//
// Usage: npm run build && npm run check:package      (≈20 s; writes only to a temp dir)
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const repository = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const asar = builderRequire('@electron/asar');
const { parse } = require('yaml');

for (const file of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/gateway/index.js']) {
  if (!existsSync(join(repository, file))) {
    process.stderr.write(`${file} is missing: run \`npm run build\` first\n`);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'signalbox-package-'));
const failures = [];
try {
  // A stand-in for the unpacked Electron distribution (electronDist): just an executable and resources/.
  const fakeElectron = join(work, 'electron-dist');
  mkdirSync(join(fakeElectron, 'resources'), { recursive: true });
  writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(fakeElectron, 'electron'), 0o755);
  const packageJson = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8'));
  writeFileSync(join(fakeElectron, 'version'), `${require('electron/package.json').version}\n`);

  const config = parse(readFileSync(join(repository, 'electron-builder.yml'), 'utf8'));
  delete config.electronFuses; // flipping fuses needs the real binary
  const configFile = join(work, 'electron-builder.json');
  writeFileSync(configFile, JSON.stringify({ ...config, npmRebuild: false, electronDist: fakeElectron, directories: { ...config.directories, output: join(work, 'out') } }));

  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
  const builder = spawnSync(process.execPath, [require.resolve('electron-builder/cli.js'), '--linux', '--dir', '--x64', '--publish', 'never', '--config', configFile], {
    cwd: repository,
    env,
    encoding: 'utf8',
  });
  if (builder.status !== 0) {
    process.stderr.write(`${builder.stdout}\n${builder.stderr}\nelectron-builder failed (exit ${builder.status})\n`);
    process.exit(1);
  }

  const resources = join(work, 'out', 'linux-unpacked', 'resources');
  const archive = join(resources, 'app.asar');
  const inAsar = asar.listPackage(archive).map((file) => file.split(sep).join('/').replace(/^\//, ''));
  const unpacked = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else unpacked.push(relative(join(resources, 'app.asar.unpacked'), path).split(sep).join('/'));
    }
  };
  if (existsSync(join(resources, 'app.asar.unpacked'))) walk(join(resources, 'app.asar.unpacked'));

  const check = (ok, message) => (ok ? undefined : failures.push(message));
  for (const file of [packageJson.main, 'dist/electron/preload.cjs', 'dist/gateway/index.js', 'dist/gateway/cli.js', 'dist/renderer/index.html', 'package.json']) {
    check(inAsar.includes(file), `${file} is not in app.asar`);
  }
  const shipped = JSON.parse(asar.extractFile(archive, 'package.json').toString());
  check(shipped.main === packageJson.main && shipped.type === 'module', 'the packaged package.json lost "main" or "type": "module"');
  const appFiles = inAsar.filter((file) => !file.startsWith('node_modules/'));
  check(!appFiles.some((file) => /\.(?:map|ts|cts|mts|tsx)$/.test(file) || /\.test\.js$/.test(file)), `sources, maps or tests in the app: ${appFiles.filter((file) => /\.(?:map|[cm]?tsx?)$|\.test\.js$/.test(file)).slice(0, 5).join(', ')}`);
  check(!appFiles.some((file) => /^(?:electron|gateway|renderer|test|scripts|build)\//.test(file)), 'source folders in the app');
  const packages = new Set(inAsar.filter((file) => file.startsWith('node_modules/')).map((file) => file.split('/').slice(1, file.startsWith('node_modules/@') ? 3 : 2).join('/')));
  for (const dev of Object.keys(packageJson.devDependencies ?? {})) check(!packages.has(dev), `devDependency ${dev} is in the app`);
  for (const dependency of Object.keys(packageJson.dependencies ?? {})) check(packages.has(dependency), `dependency ${dependency} is missing from the app`);
  const nativeUnpacked = unpacked.filter((file) => file.endsWith('.node'));
  check(nativeUnpacked.includes('node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'better_sqlite3.node is not unpacked');
  check(nativeUnpacked.some((file) => /^node_modules\/@napi-rs\/keyring-[^/]+\/[^/]+\.node$/.test(file)), "the keyring's platform binary is not unpacked");
  check(!nativeUnpacked.some((file) => /test_extension|obj\.target/.test(file)), `build leftovers unpacked: ${nativeUnpacked.join(', ')}`);
  check(!inAsar.some((file) => file.startsWith('node_modules/better-sqlite3/deps/') || file.startsWith('node_modules/better-sqlite3/src/')), "better-sqlite3's sources are in the app");

  const size = readFileSync(archive).length;
  if (failures.length) {
    process.stderr.write(`package contents: ${failures.length} problem(s)\n${failures.map((failure) => `  - ${failure}`).join('\n')}\n`);
  } else {
    process.stdout.write(
      `package contents: ok — app.asar ${(size / 1e6).toFixed(1)} MB, ${inAsar.length} entries, ${packages.size} packages; unpacked: ${nativeUnpacked.join(', ')}\n`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures.length ? 1 : 0);
