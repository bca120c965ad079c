/** The theme setting (system / light / dark) and the theme it resolves to, applied to <html>. */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { applyTheme, readThemeSetting, resolveTheme, writeThemeSetting, type Theme, type ThemeSetting } from '../lib/theme';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');
const subscribeSystem = (callback: () => void) => {
  const media = query();
  media.addEventListener('change', callback);
  return () => media.removeEventListener('change', callback);
};
const systemPrefersDark = () => query().matches;

const listeners = new Set<() => void>();
let current: ThemeSetting | undefined;
const getSetting = (): ThemeSetting => (current ??= readThemeSetting(window.localStorage));

export function setThemeSetting(setting: ThemeSetting): void {
  current = setting;
  writeThemeSetting(window.localStorage, setting);
  for (const listener of listeners) listener();
}

export function useTheme(): { setting: ThemeSetting; theme: Theme; setSetting: (setting: ThemeSetting) => void } {
  const dark = useSyncExternalStore(subscribeSystem, systemPrefersDark);
  const [setting, setLocal] = useState(getSetting);
  useEffect(() => {
    const listener = () => setLocal(getSetting());
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  const theme = resolveTheme(setting, dark);
  useEffect(() => applyTheme(theme), [theme]);
  const setSetting = useCallback((next: ThemeSetting) => setThemeSetting(next), []);
  return { setting, theme, setSetting };
}

/** Applies the stored theme before the first render (no flash of the wrong theme). */
export function applyInitialTheme(): void {
  applyTheme(resolveTheme(getSetting(), systemPrefersDark()));
}
