/**
 * Client keys seen in clear during this page's life (the first-run key, keys created here), kept in memory
 * only so the Connect page can fill snippets with them. The gateway never shows a key again; neither does
 * a reload of this page.
 */
import { useSyncExternalStore } from 'react';

let keys: ReadonlyArray<{ name: string; key: string }> = [];
const listeners = new Set<() => void>();

export function rememberKey(name: string, key: string): void {
  keys = [...keys.filter((entry) => entry.name !== name), { name, key }];
  listeners.forEach((listener) => listener());
}

export function forgetKey(name: string): void {
  keys = keys.filter((entry) => entry.name !== name);
  listeners.forEach((listener) => listener());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

export function useSessionKeys(): ReadonlyArray<{ name: string; key: string }> {
  return useSyncExternalStore(subscribe, () => keys);
}
