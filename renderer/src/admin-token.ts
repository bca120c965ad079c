/**
 * The admin token arrives in the URL fragment (`/#token=…`, never sent to a server). It is moved to
 * sessionStorage and removed from the address bar, so it does not linger in history or screenshots.
 */
const KEY = 'signalbox.adminToken';

export function takeAdminToken(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    storage.setItem(KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
    return token;
  }
  return storage.getItem(KEY);
}
