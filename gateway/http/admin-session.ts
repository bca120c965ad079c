/**
 * Admin sessions for the UI in a browser: `signalbox serve` prints `/?token=<admin token>`; that URL is
 * exchanged once for an HttpOnly, SameSite=Strict cookie holding a random session id (the token itself
 * never sits in a cookie, in the page's JavaScript, or in history: the exchange answers with a redirect).
 *
 * Cookies ignore ports, so any page on 127.0.0.1 is "same-site": a cookie is accepted only when the
 * browser says the request came from our own origin (`Sec-Fetch-Site` absent, `same-origin` or `none`;
 * `Origin`, when present, is checked by the origin guard). The cookie name carries our port so two
 * gateways on one machine do not overwrite each other's sessions. Sessions live in memory: a restart
 * (a new admin token) ends them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AdminSessions {
  /** A new session id when `token` is the admin token; undefined otherwise. */
  exchange(token: string): string | undefined;
  valid(sessionId: string): boolean;
  end(sessionId: string): void;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function createAdminSessions(tokenDigest: Buffer, clock: () => number, ttlMs = 12 * 3_600_000): AdminSessions {
  /** sha256(session id) hex → expiry; ids are never kept in clear. */
  const sessions = new Map<string, number>();
  const prune = (now: number): void => {
    for (const [key, expires] of sessions) if (expires <= now) sessions.delete(key);
  };
  return {
    exchange(token) {
      if (!timingSafeEqual(digest(token), tokenDigest)) return undefined;
      const now = clock();
      prune(now);
      const id = randomBytes(32).toString('base64url');
      sessions.set(digest(id).toString('hex'), now + ttlMs);
      return id;
    },
    valid(sessionId) {
      const key = digest(sessionId).toString('hex');
      const expires = sessions.get(key);
      if (expires === undefined) return false;
      if (expires <= clock()) {
        sessions.delete(key);
        return false;
      }
      return true;
    },
    end(sessionId) {
      sessions.delete(digest(sessionId).toString('hex'));
    },
  };
}

export const sessionCookieName = (port: number): string => `signalbox_session_${port}`;

export function sessionCookie(port: number, id: string): string {
  return `${sessionCookieName(port)}=${id}; Path=/; HttpOnly; SameSite=Strict`;
}

export function clearedSessionCookie(port: number): string {
  return `${sessionCookieName(port)}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** The value of one cookie in a `Cookie` header (the first, if repeated). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return undefined;
}

/** Whether the browser vouches that a cookie-carrying request comes from our own pages. */
export function fromOwnPages(secFetchSite: string | string[] | undefined): boolean {
  return secFetchSite === undefined || secFetchSite === 'same-origin' || secFetchSite === 'none';
}
