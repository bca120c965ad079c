/**
 * Guard for the keychain suite: it writes to the OS keychain, so it runs only inside the throwaway
 * keyring that `npm test` (test/run.mjs) sets up — `dbus-run-session`, an unlocked gnome-keyring-daemon and
 * XDG dirs under the directory named by SIGNALBOX_KEYCHAIN_TESTS — never against a developer's own keyring.
 * Anything else fails the suite loudly instead of skipping it.
 */
import { sep } from 'node:path';

export function assertThrowawayKeyring(): void {
  const root = process.env.SIGNALBOX_KEYCHAIN_TESTS;
  const problems: string[] = [];
  if (!root) problems.push('SIGNALBOX_KEYCHAIN_TESTS is not set');
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) problems.push('there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS)');
  if (root && !process.env.XDG_DATA_HOME?.startsWith(`${root}${sep}`)) problems.push('XDG_DATA_HOME is not inside the throwaway keyring directory');
  if (problems.length) {
    throw new Error(`The keychain suite must run inside the throwaway Secret Service set up by \`npm test\` (test/run.mjs): ${problems.join('; ')}.`);
  }
}
