/**
 * Launch at login. macOS and Windows: Electron's login items (`app.setLoginItemSettings`). Linux has none
 * in Electron: an XDG autostart entry `~/.config/autostart/signalbox.desktop` (the freedesktop Desktop
 * Application Autostart spec) is written or removed. Either way the app starts hidden in the tray
 * (`--hidden`; on macOS `wasOpenedAtLogin`, since login items there take no arguments).
 * The .desktop content is a pure function; the file system is injected (tested on a temp dir).
 * Spec: https://specifications.freedesktop.org/autostart-spec/latest/
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE_NAME = 'signalbox.desktop';

export function autostartFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * One Exec argument as the Desktop Entry spec wants it: quoted when it holds reserved characters, with
 * `"`, `` ` ``, `$` and `\` backslash-escaped inside the quotes and `%` doubled (field codes); then, since Exec
 * is a string value, every backslash escaped once more (the key-file level). A newline cannot be expressed.
 */
export function quoteExecArgument(argument: string): string {
  if (/[\r\n]/.test(argument)) throw new Error('a launch command argument cannot contain a line break');
  if (argument !== '' && !/[\s"'\\`$<>~|&;*?#()%=]/.test(argument)) return argument;
  const quoted = `"${argument.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Signalbox',
    'Comment=Local AI gateway',
    `Exec=${command.map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** What to launch: the AppImage itself when running from one (its mount point changes every run). */
export function launchCommand(execPath: string, env: Readonly<Record<string, string | undefined>>, extraArgs: readonly string[] = []): string[] {
  return [env.APPIMAGE || execPath, ...extraArgs, HIDDEN_ARG];
}

/** Whether this launch should stay in the tray (started at login). */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_ARG) || wasOpenedAtLogin;
}

export interface FileEffects {
  read(file: string): string | undefined;
  write(file: string, content: string): void;
  remove(file: string): void;
}

export const nodeFiles: FileEffects = {
  read(file) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  write(file, content) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { mode: 0o644 });
  },
  remove: (file) => rmSync(file, { force: true }),
};

export interface LoginItemsDeps {
  platform: NodeJS.Platform;
  /** `app.getLoginItemSettings` / `app.setLoginItemSettings` (macOS, Windows). */
  /** `get` must be asked with the same `args` the item was set with (Windows compares them). */
  electron: { get(query?: { args?: string[] }): { openAtLogin: boolean }; set(settings: { openAtLogin: boolean; args?: string[] }): void };
  /** Linux: the autostart file and the command it runs. */
  autostartFile: string;
  command: readonly string[];
  files?: FileEffects;
}

export interface LoginItems {
  get(): boolean;
  /** Returns the state after the change. */
  set(enabled: boolean): boolean;
}

export function createLoginItems(deps: LoginItemsDeps): LoginItems {
  if (deps.platform === 'linux') {
    const files = deps.files ?? nodeFiles;
    const get = (): boolean => {
      const content = files.read(deps.autostartFile);
      return content !== undefined && !/^Hidden\s*=\s*true\s*$/im.test(content) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/im.test(content);
    };
    return {
      get,
      set(enabled) {
        if (enabled) files.write(deps.autostartFile, autostartEntry(deps.command));
        else files.remove(deps.autostartFile);
        return get();
      },
    };
  }
  // Windows runs `path args` and reports openAtLogin only for the same args; macOS ignores args
  // (startsHidden uses wasOpenedAtLogin there).
  const query = deps.platform === 'win32' ? { args: [HIDDEN_ARG] } : undefined;
  const get = (): boolean => deps.electron.get(query).openAtLogin;
  return {
    get,
    set(enabled) {
      deps.electron.set({ openAtLogin: enabled, ...query });
      return get();
    },
  };
}
