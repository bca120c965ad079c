/**
 * electron-builder.yml: valid for the installed electron-builder (validated by electron-builder's own
 * validator against its scheme.json — the check `electron-builder` runs before packaging), secure fuses,
 * the installer targets we promise in the README, native modules unpacked from the asar, and the build
 * resources it points at (icon, entitlements) present and sane. No packaging happens here: electron-builder
 * needs to download Electron for that.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const config = parse(readFileSync(join(repository, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
// The validator and glob matcher electron-builder itself uses (its own dependencies, not ours).
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const { validateConfiguration } = builderRequire('./out/util/config/config.js') as {
  validateConfiguration: (config: unknown, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
};
const { minimatch } = builderRequire('minimatch') as { minimatch: (path: string, pattern: string, options?: object) => boolean };
const quietLogger = { isEnabled: false, add: () => undefined };

type Target = { target: string; arch: string[] };
const targets = (platform: string): Target[] => config[platform].target as Target[];

function nativeFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.node')) found.push(relative(repository, child).split('\\').join('/'));
    }
  };
  walk(dir);
  return found;
}

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder', async () => {
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('the validation is real: a misspelt or mistyped option is refused', async () => {
    await expect(validateConfiguration({ ...config, asarUnpak: ['x'] }, quietLogger)).rejects.toThrow(/asarUnpak/);
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, quietLogger)).rejects.toThrow(/electronFuses/);
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClick: 'sometimes' } }, quietLogger)).rejects.toThrow();
  });

  it('identifies the app and writes installers to release/', () => {
    expect(config).toMatchObject({ appId: 'dev.signalbox.app', productName: 'Signalbox', directories: { output: 'release', buildResources: 'build' } });
    expect(config.copyright).toMatch(/Signalbox/);
  });

  it('ships only the compiled app: no sources, maps or tests', () => {
    const files = config.files as string[];
    for (const required of ['dist/electron/**/*', 'dist/gateway/**/*', 'dist/renderer/**/*', 'package.json']) expect(files).toContain(required);
    for (const excluded of ['!**/*.map', '!**/*.{ts,cts,mts,tsx}', '!dist/**/*.test.js']) expect(files).toContain(excluded);
    expect(files.some((pattern) => /^(electron|gateway|renderer|test)\//.test(pattern))).toBe(false);
    const main = (JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as { main: string }).main;
    expect(files.some((pattern) => !pattern.startsWith('!') && minimatch(main, pattern))).toBe(true);
    expect(files.some((pattern) => !pattern.startsWith('!') && minimatch('dist/electron/preload.cjs', pattern))).toBe(true);
  });

  it('flips the Electron fuses to their secure values', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
    expect(config.asar).toBe(true); // onlyLoadAppFromAsar and asar integrity need an asar
  });

  it('rebuilds native modules for Electron with the prebuilt-first rebuilder, not a bare node-gyp', () => {
    expect(config).toMatchObject({ npmRebuild: true, nodeGypRebuild: false });
  });

  it('every asarUnpack pattern matches a real native module, and each one the app loads is unpacked', () => {
    const patterns = config.asarUnpack as string[];
    const candidates = [...nativeFiles(join(repository, 'node_modules', 'better-sqlite3')), ...nativeFiles(join(repository, 'node_modules', '@napi-rs'))];
    for (const pattern of patterns) {
      expect(candidates.filter((file) => minimatch(file, pattern)), pattern).not.toEqual([]);
    }
    const loaded = [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      ...candidates.filter((file) => /^node_modules\/@napi-rs\/keyring-[^/]+\/keyring\.[^/]+\.node$/.test(file)),
    ];
    expect(loaded.length).toBeGreaterThanOrEqual(2);
    for (const file of loaded) {
      expect(existsSync(join(repository, file)), file).toBe(true);
      expect(patterns.some((pattern) => minimatch(file, pattern)), file).toBe(true);
    }
  });

  it('macOS: dmg and zip for Apple silicon and Intel, hardened runtime with minimal entitlements', () => {
    expect(targets('mac')).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(config.mac).toMatchObject({ category: 'public.app-category.developer-tools', hardenedRuntime: true, darkModeSupport: true });
    const entitlements = readFileSync(join(repository, config.mac.entitlements as string), 'utf8');
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    expect(entitlements).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<!DOCTYPE plist/);
    const keys = [...entitlements.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(entitlements).not.toMatch(/disable-library-validation|allow-unsigned-executable-memory|allow-dyld-environment-variables/);
  });

  it('Windows: per-user NSIS installer for x64 and arm64 with a choice of folder', () => {
    expect(targets('win')).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false });
  });

  it('Linux: AppImage and deb for x64 and arm64, with the Secret Service library and a desktop entry', () => {
    expect(targets('linux')).toEqual([
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
    ]);
    expect(config.linux.category).toBe('Development');
    expect(config.linux.maintainer).toMatch(/<[^>]+@[^>]+>/); // deb refuses to build without one
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Signalbox', Categories: 'Development;' });
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libsecret-1-0', 'libnss3', 'libgtk-3-0']));
    expect(config.deb.recommends).toContain('gnome-keyring');
  });

  it('the icon is a square PNG of at least 512×512 that electron-builder can convert', () => {
    for (const platform of ['mac', 'win', 'linux']) expect(config[platform].icon).toBe('build/icon.png');
    const png = readFileSync(join(repository, 'build', 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
    expect(png[25]).toBe(6); // RGBA: transparent corners around the rounded square
  });
});
