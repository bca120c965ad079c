import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAdminSessions, fromOwnPages, readCookie, sessionCookie } from './admin-session.js';

describe('admin sessions', () => {
  const digest = createHash('sha256').update('the-admin-token').digest();

  it('opens a session for the admin token only, and expires it', () => {
    let now = 0;
    const sessions = createAdminSessions(digest, () => now, 1_000);
    expect(sessions.exchange('wrong')).toBeUndefined();
    const id = sessions.exchange('the-admin-token') as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.valid(id)).toBe(true);
    expect(sessions.valid('the-admin-token')).toBe(false);
    now = 1_000;
    expect(sessions.valid(id)).toBe(false);
    const other = sessions.exchange('the-admin-token') as string;
    sessions.end(other);
    expect(sessions.valid(other)).toBe(false);
  });

  it('writes and reads the cookie', () => {
    expect(sessionCookie(6464, 'abc')).toBe('signalbox_session_6464=abc; Path=/; HttpOnly; SameSite=Strict');
    expect(readCookie('a=1; signalbox_session_6464=abc; b=2', 'signalbox_session_6464')).toBe('abc');
    expect(readCookie('signalbox_session_6465=abc', 'signalbox_session_6464')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });

  it('trusts a cookie only when the browser says the request came from our own pages', () => {
    expect(fromOwnPages(undefined)).toBe(true);
    expect(fromOwnPages('same-origin')).toBe(true);
    expect(fromOwnPages('none')).toBe(true);
    expect(fromOwnPages('same-site')).toBe(false);
    expect(fromOwnPages('cross-site')).toBe(false);
    expect(fromOwnPages(['same-origin', 'same-origin'])).toBe(false);
  });
});
