/**
 * How the UI authenticates to the admin API. In the desktop window the preload bridge hands over the
 * admin token (sent as a Bearer header). In a browser the link printed by `signalbox serve`
 * (`/?token=…`) was already exchanged by the gateway for an HttpOnly session cookie, which the browser
 * sends by itself; the page's JavaScript never sees a token.
 */
export type AdminAuth = { kind: 'bearer'; token: string } | { kind: 'cookie' };

interface Bridge {
  adminToken(): Promise<string | null>;
}

export async function resolveAdminAuth(bridge: Bridge | undefined): Promise<AdminAuth> {
  const token = bridge ? await bridge.adminToken().catch(() => null) : null;
  return token ? { kind: 'bearer', token } : { kind: 'cookie' };
}

export function authHeaders(auth: AdminAuth): Record<string, string> {
  return auth.kind === 'bearer' ? { authorization: `Bearer ${auth.token}` } : {};
}
