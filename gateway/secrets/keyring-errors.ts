/**
 * Keyring library errors → a reason the user can act on. Texts come from @napi-rs/keyring 2.1.2 pinned to
 * the Secret Service on Linux (see shared/reference/toolchain.md §3); other platforms get the library's
 * own message, cleaned up. Keyring errors never contain secret values.
 */

const NO_SESSION_BUS =
  /DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to address|Could not parse server address|no secret service provider or dbus session found/i;
const NO_SECRET_SERVICE = /org\.freedesktop\.secrets was not provided|ServiceUnknown|org\.freedesktop\.secrets/i;
const LOCKED = /unlock prompt was dismissed|IsLocked|is locked|locked object/i;

const USE_ENV = 'or use env: references instead of keychain:';

export function explainKeyringError(error: unknown): string {
  const message = String((error as Error | undefined)?.message ?? error);
  if (NO_SESSION_BUS.test(message)) {
    return (
      'no OS keychain is reachable: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS), so the Secret Service cannot be asked. ' +
      'Run Signalbox in a desktop session, or on a headless machine inside `dbus-run-session` with an unlocked ' +
      `\`gnome-keyring-daemon --unlock --components=secrets\`, ${USE_ENV}`
    );
  }
  if (NO_SECRET_SERVICE.test(message) && !LOCKED.test(message)) {
    return (
      'no OS keychain is reachable: the D-Bus session has no Secret Service (org.freedesktop.secrets). ' +
      `Install and start one (gnome-keyring: \`gnome-keyring-daemon --unlock --components=secrets\`; or KeePassXC), ${USE_ENV}`
    );
  }
  if (LOCKED.test(message)) {
    return 'the OS keychain is locked: unlock it (log in to the desktop session, or `gnome-keyring-daemon --unlock` on a headless machine) and try again';
  }
  // eslint-disable-next-line no-control-regex
  const firstLine = message.split('\n')[0]!.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 300);
  return `the OS keychain failed: ${firstLine || 'unknown error'}`;
}
