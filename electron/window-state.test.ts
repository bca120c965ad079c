import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, loadPrefs, savePrefs } from './desktop-prefs.js';
import { desktopPaths } from './paths.js';
import { captureWindowState, loadWindowState, MIN_HEIGHT, MIN_WIDTH, restoreBounds, saveWindowState, type Rect } from './window-state.js';

const PRIMARY: Rect = { x: 0, y: 25, width: 1920, height: 1055 };
const RIGHT: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };
const temp = mkdtempSync(join(tmpdir(), 'signalbox-window-state-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('restoreBounds', () => {
  it('keeps a window that is fully visible where it was', () => {
    expect(restoreBounds({ x: 100, y: 100, width: 1000, height: 700, maximized: false }, [PRIMARY, RIGHT])).toEqual({ x: 100, y: 100, width: 1000, height: 700 });
    expect(restoreBounds({ x: 2000, y: 50, width: 1000, height: 700, maximized: true }, [PRIMARY, RIGHT])).toEqual({ x: 2000, y: 50, width: 1000, height: 700 });
  });

  it('centres a default-size window on the primary display when nothing was saved', () => {
    expect(restoreBounds(undefined, [PRIMARY])).toEqual({ x: 360, y: 153, width: 1200, height: 800 });
    expect(restoreBounds(undefined, [])).toBeUndefined();
  });

  it('brings back a window whose monitor is gone, centred on the primary display', () => {
    const saved = { x: 2400, y: 200, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, [PRIMARY])).toEqual({ x: 460, y: 203, width: 1000, height: 700 });
    expect(restoreBounds({ ...saved, x: -5000, y: -5000 }, [PRIMARY, RIGHT])).toEqual({ x: 460, y: 203, width: 1000, height: 700 });
  });

  it('pulls a partly off-screen window fully onto the display it is mostly on', () => {
    expect(restoreBounds({ x: 1500, y: 0, width: 1000, height: 700, maximized: false }, [PRIMARY])).toEqual({ x: 920, y: 25, width: 1000, height: 700 });
    expect(restoreBounds({ x: 3000, y: 900, width: 800, height: 600, maximized: false }, [PRIMARY, RIGHT])).toEqual({ x: 2400, y: 424, width: 800, height: 600 });
  });

  it('shrinks a window larger than its display, and grows a tiny one to the minimum', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 4000, height: 3000, maximized: false }, [PRIMARY])).toEqual({ x: 0, y: 25, width: 1920, height: 1055 });
    expect(restoreBounds({ x: 10, y: 30, width: 50, height: 40, maximized: false }, [PRIMARY])).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT });
    const small: Rect = { x: 0, y: 0, width: 600, height: 400 };
    expect(restoreBounds({ x: 0, y: 0, width: 1000, height: 700, maximized: false }, [small])).toEqual({ x: 0, y: 0, width: 600, height: 400 });
  });
});

describe('window state file', () => {
  it('round-trips through the file and captures the normal bounds', () => {
    const file = join(temp, 'nested', 'window-state.json');
    const state = captureWindowState({ getNormalBounds: () => ({ x: 10.4, y: 20, width: 900, height: 600.6 }), isMaximized: () => true });
    expect(state).toEqual({ x: 10, y: 20, width: 900, height: 601, maximized: true });
    saveWindowState(file, state!);
    expect(loadWindowState(file)).toEqual(state);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('treats a missing, corrupt or invalid file as nothing saved', () => {
    expect(loadWindowState(join(temp, 'missing.json'))).toBeUndefined();
    for (const content of ['{not json', '[]', '{"x":"1","y":0,"width":800,"height":600}', '{"x":0,"y":0,"width":-5,"height":600}', '{"x":0,"y":0,"width":1e9,"height":600}']) {
      const file = join(temp, 'bad.json');
      writeFileSync(file, content);
      expect(loadWindowState(file), content).toBeUndefined();
    }
    writeFileSync(join(temp, 'old.json'), '{"x":0,"y":0,"width":800,"height":600}');
    expect(loadWindowState(join(temp, 'old.json'))).toEqual({ x: 0, y: 0, width: 800, height: 600, maximized: false });
  });
});

describe('desktop preferences', () => {
  it('default, then persist', () => {
    const file = join(temp, 'desktop-prefs.json');
    expect(loadPrefs(file)).toEqual(DEFAULT_PREFS);
    savePrefs(file, { notifications: false, trayHintShown: true });
    expect(loadPrefs(file)).toEqual({ notifications: false, trayHintShown: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ notifications: false, trayHintShown: true });
    writeFileSync(file, '{"notifications":"no"}');
    expect(loadPrefs(file)).toEqual(DEFAULT_PREFS);
  });
});

describe('desktop paths', () => {
  it('uses the same data folder as `signalbox serve` on each OS', () => {
    expect(desktopPaths('darwin', {}, '/Users/ada')).toEqual({
      dataDir: '/Users/ada/Library/Application Support/Signalbox',
      configFile: '/Users/ada/Library/Application Support/Signalbox/config.yaml',
      logFile: '/Users/ada/Library/Application Support/Signalbox/logs/signalbox.log',
      sessionData: '/Users/ada/Library/Application Support/Signalbox/chromium',
      windowStateFile: '/Users/ada/Library/Application Support/Signalbox/window-state.json',
      prefsFile: '/Users/ada/Library/Application Support/Signalbox/desktop-prefs.json',
    });
    expect(desktopPaths('linux', {}, '/home/ada').dataDir).toBe('/home/ada/.config/signalbox');
    expect(desktopPaths('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada').logFile).toBe('/xdg/signalbox/logs/signalbox.log');
    expect(desktopPaths('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada').dataDir).toMatch(/^C:\\Users\\ada\\AppData\\Roaming[\\/]Signalbox$/);
    expect(desktopPaths('linux', { SIGNALBOX_DATA_DIR: '/srv/sb' }, '/home/ada').configFile).toBe('/srv/sb/config.yaml');
  });
});
