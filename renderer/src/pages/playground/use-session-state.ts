/** useState kept in sessionStorage, so a composed request survives going to another page and back. */
import { useEffect, useState } from 'react';

export function useSessionState<T>(key: string, initial: () => T, valid: (value: unknown) => value is T): [T, (next: T | ((current: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = sessionStorage.getItem(key);
      if (stored !== null) {
        const parsed: unknown = JSON.parse(stored);
        if (valid(parsed)) return parsed;
      }
    } catch {
      // No storage (or a stale value): start fresh.
    }
    return initial();
  });
  useEffect(() => {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or unavailable: keeping state in memory is enough.
    }
  }, [key, value]);
  return [value, setValue];
}
