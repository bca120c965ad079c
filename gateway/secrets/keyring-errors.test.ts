import { describe, expect, it } from 'vitest';
import { explainKeyringError } from './keyring-errors.js';

// Messages recorded from @napi-rs/keyring 2.1.2 on Linux (store pinned to the Secret Service).
const NO_BUS = [
  'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
  'Platform failure: DBus error: Could not parse server address: Unknown address type (examples of valid types are "tcp" and on UNIX "unix")',
  'zbus error: Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)',
  'no secret service provider or dbus session found',
];
const NO_SERVICE = [
  'Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files',
  'zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
];
const LOCKED = [
  "Couldn't access platform storage: Secret Service: unlock prompt was dismissed",
  'zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object',
];

describe('explainKeyringError', () => {
  it('no D-Bus session: says so and names the ways out', () => {
    for (const message of NO_BUS) {
      const reason = explainKeyringError(new Error(message));
      expect(reason, message).toMatch(/^no OS keychain is reachable: there is no D-Bus session bus/);
      expect(reason).toContain('gnome-keyring-daemon');
      expect(reason).toContain('env: references');
    }
  });

  it('a session bus without a Secret Service', () => {
    for (const message of NO_SERVICE) {
      const reason = explainKeyringError(new Error(message));
      expect(reason, message).toMatch(/^no OS keychain is reachable: the D-Bus session has no Secret Service/);
      expect(reason).toContain('env: references');
    }
  });

  it('a locked keychain', () => {
    for (const message of LOCKED) expect(explainKeyringError(new Error(message)), message).toMatch(/^the OS keychain is locked: unlock it/);
  });

  it('anything else: the first line of the message, without control characters', () => {
    expect(explainKeyringError(new Error('Platform failure: boom\u001b[31m\nsecond line'))).toBe('the OS keychain failed: Platform failure: boom [31m');
    expect(explainKeyringError('odd')).toBe('the OS keychain failed: odd');
  });
});
