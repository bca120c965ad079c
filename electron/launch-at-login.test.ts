import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autostartEntry, autostartFile, createLoginItems, HIDDEN_ARG, launchCommand, quoteExecArgument, startsHidden } from './launch-at-login.js';

const temp = mkdtempSync(join(tmpdir(), 'signalbox-autostart-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('XDG autostart entry (Linux)', () => {
  it('lives in ~/.config/autostart, or under XDG_CONFIG_HOME', () => {
    expect(autostartFile({}, '/home/ada')).toBe('/home/ada/.config/autostart/signalbox.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: '/xdg' }, '/home/ada')).toBe('/xdg/autostart/signalbox.desktop');
  });

  it('builds a valid desktop entry that starts hidden', () => {
    expect(autostartEntry(launchCommand('/opt/Signalbox/signalbox', {}))).toBe(
      ['[Desktop Entry]', 'Type=Application', 'Name=Signalbox', 'Comment=Local AI gateway', 'Exec=/opt/Signalbox/signalbox --hidden', 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n'),
    );
  });

  it('launches the AppImage, not its temporary mount', () => {
    expect(launchCommand('/tmp/.mount_Signal123/signalbox', { APPIMAGE: '/home/ada/Apps/Signalbox.AppImage' })).toEqual(['/home/ada/Apps/Signalbox.AppImage', HIDDEN_ARG]);
    expect(launchCommand('/usr/lib/electron', {}, ['/home/ada/src/signalbox'])).toEqual(['/usr/lib/electron', '/home/ada/src/signalbox', HIDDEN_ARG]);
  });

  it('quotes Exec arguments as the spec requires', () => {
    expect(quoteExecArgument('/opt/signalbox')).toBe('/opt/signalbox');
    expect(quoteExecArgument('/home/ada/My Apps/Signalbox.AppImage')).toBe('"/home/ada/My Apps/Signalbox.AppImage"');
    // Argument-level escapes, then every backslash doubled for the key-file string.
    expect(quoteExecArgument('/a/$HOME/`x`/"q"\\b')).toBe('"/a/\\\\$HOME/\\\\`x\\\\`/\\\\"q\\\\"\\\\\\\\b"');
    expect(() => quoteExecArgument('/a\nb')).toThrow(/line break/);
    expect(quoteExecArgument('/a/100%')).toBe('"/a/100%%"');
    expect(quoteExecArgument('')).toBe('""');
  });

  it('writes and removes the file (temp dir)', () => {
    const file = join(temp, 'config', 'autostart', 'signalbox.desktop');
    const items = createLoginItems({ platform: 'linux', electron: { get: () => ({ openAtLogin: false }), set: () => undefined }, autostartFile: file, command: ['/opt/s b/signalbox', HIDDEN_ARG] });
    expect(items.get()).toBe(false);
    expect(items.set(true)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/s b/signalbox" --hidden\n');
    expect(items.set(true)).toBe(true);
    expect(items.set(false)).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(items.set(false)).toBe(false);
  });

  it('an entry the desktop disabled counts as off', () => {
    const entries: Record<string, string> = { f: '[Desktop Entry]\nExec=x\nHidden=true\n' };
    const files = { read: (file: string) => entries[file], write: () => undefined, remove: () => undefined };
    const items = createLoginItems({ platform: 'linux', electron: { get: () => ({ openAtLogin: true }), set: () => undefined }, autostartFile: 'f', command: [], files });
    expect(items.get()).toBe(false);
  });
});

describe('login items (macOS, Windows)', () => {
  const fake = () => {
    let settings: { openAtLogin: boolean; args?: string[] } = { openAtLogin: false };
    const queries: Array<{ args?: string[] } | undefined> = [];
    return {
      electron: {
        // Like Windows: openAtLogin is reported only when asked with the args the item was set with.
        get: (query?: { args?: string[] }) => {
          queries.push(query);
          return { openAtLogin: settings.openAtLogin && JSON.stringify(query?.args ?? []) === JSON.stringify(settings.args ?? []) };
        },
        set: (next: typeof settings) => void (settings = next),
      },
      settings: () => settings,
      queries,
    };
  };

  it('uses Electron login items, with --hidden on Windows', () => {
    const windows = fake();
    const items = createLoginItems({ platform: 'win32', electron: windows.electron, autostartFile: '', command: [] });
    expect(items.set(true)).toBe(true);
    expect(items.get()).toBe(true);
    expect(windows.settings()).toEqual({ openAtLogin: true, args: [HIDDEN_ARG] });
    expect(windows.queries.every((query) => query?.args?.[0] === HIDDEN_ARG)).toBe(true);
    expect(items.set(false)).toBe(false);
    const mac = fake();
    createLoginItems({ platform: 'darwin', electron: mac.electron, autostartFile: '', command: [] }).set(true);
    expect(mac.settings()).toEqual({ openAtLogin: true });
  });

  it('starts hidden when launched at login', () => {
    expect(startsHidden(['/opt/signalbox', HIDDEN_ARG], false)).toBe(true);
    expect(startsHidden(['/Applications/Signalbox.app/Contents/MacOS/Signalbox'], true)).toBe(true);
    expect(startsHidden(['/opt/signalbox'], false)).toBe(false);
  });
});
