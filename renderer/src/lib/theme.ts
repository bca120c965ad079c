/**
 * Dark and light: follows the system unless the user picked one (kept in localStorage). The resolved
 * theme is set on <html data-theme> so CSS variables switch; charts read the palette from here.
 */
export type ThemeSetting = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'signalbox.theme';

export function parseThemeSetting(value: string | null | undefined): ThemeSetting {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function resolveTheme(setting: ThemeSetting, systemPrefersDark: boolean): Theme {
  if (setting === 'system') return systemPrefersDark ? 'dark' : 'light';
  return setting;
}

/** The next setting for a one-key toggle: system → light → dark → system. */
export function nextThemeSetting(setting: ThemeSetting): ThemeSetting {
  return setting === 'system' ? 'light' : setting === 'light' ? 'dark' : 'system';
}

export function readThemeSetting(storage: Pick<Storage, 'getItem'> | undefined): ThemeSetting {
  try {
    return parseThemeSetting(storage?.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system';
  }
}

export function writeThemeSetting(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, setting: ThemeSetting): void {
  try {
    if (setting === 'system') storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, setting);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
}

/** Series colours for charts, distinct in both themes (and distinguishable with common colour blindness). */
export function chartPalette(theme: Theme): string[] {
  return theme === 'dark'
    ? ['#7c8cff', '#3ecf8e', '#f5a524', '#f06595', '#22b8cf', '#b197fc', '#ff8a4c', '#94d82d', '#adb5bd']
    : ['#4f5bd5', '#12a46b', '#d08700', '#d6336c', '#1098ad', '#7950f2', '#e8590c', '#5c940d', '#868e96'];
}
