/** Desktop-only preferences, kept in `<dataDir>/desktop-prefs.json` (see paths.ts). */
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file.js';

export const DesktopPrefsSchema = z.object({
  /** Native notifications for budget warnings and providers going down. */
  notifications: z.boolean().default(true),
  /** The "still running in the tray" hint is shown once, ever. */
  trayHintShown: z.boolean().default(false),
});

export type DesktopPrefs = z.output<typeof DesktopPrefsSchema>;

export const DEFAULT_PREFS: DesktopPrefs = { notifications: true, trayHintShown: false };

export function loadPrefs(file: string): DesktopPrefs {
  return readJsonFile(file, DesktopPrefsSchema) ?? { ...DEFAULT_PREFS };
}

export function savePrefs(file: string, prefs: DesktopPrefs): void {
  writeJsonFile(file, prefs);
}
