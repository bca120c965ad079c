/**
 * Routing in the address's fragment (`#/traces/sbr_1?status=error`): the gateway serves one static
 * index.html, and the Electron window loads the same page, so deep links must never reach the server.
 * The query lives inside the fragment too (wouter's own hash hook puts it in the real query string).
 */
import { useSyncExternalStore } from 'react';

export interface HashParts {
  path: string;
  search: string;
}

export function parseHash(hash: string): HashParts {
  const body = hash.replace(/^#/, '');
  const question = body.indexOf('?');
  const rawPath = question < 0 ? body : body.slice(0, question);
  const search = question < 0 ? '' : body.slice(question + 1);
  const path = `/${rawPath.replace(/^\/+/, '')}`;
  return { path, search };
}

export function buildHash(path: string, search = ''): string {
  const clean = `/${path.replace(/^#?\/*/, '')}`;
  return search ? `#${clean}?${search.replace(/^\?/, '')}` : `#${clean}`;
}

const subscribe = (callback: () => void) => {
  addEventListener('hashchange', callback);
  return () => removeEventListener('hashchange', callback);
};

const currentPath = () => parseHash(location.hash).path;
const currentSearch = () => parseHash(location.hash).search;

/** Navigates to `/path` or `/path?query` (relative to the fragment). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const question = to.indexOf('?');
  const next = question < 0 ? buildHash(to) : buildHash(to.slice(0, question), to.slice(question + 1));
  if (next === location.hash) return;
  const oldURL = location.href;
  const url = new URL(location.href);
  url.hash = next;
  history[options.replace ? 'replaceState' : 'pushState'](null, '', url.href);
  dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: url.href }));
}

/** wouter location hook: the fragment's path. */
export function useHashPath(): [string, (to: string, options?: { replace?: boolean }) => void] {
  return [useSyncExternalStore(subscribe, currentPath), navigate];
}
useHashPath.hrefs = (href: string) => `#${href}`;
useHashPath.searchHook = () => useSyncExternalStore(subscribe, currentSearch);

/** The fragment's query, for pages that keep state in the address. */
export const useHashSearch = (): string => useSyncExternalStore(subscribe, currentSearch);
