/** Global keyboard shortcuts: `g` + a page key navigates, `?` opens the list. */
import { useEffect, useMemo } from 'react';
import { navigate } from '../lib/hash-location';
import { NAV } from './nav';
import { createSequenceMatcher, isTextField } from './shortcuts';

type Action = { go: string } | { help: true };

export function useShortcuts(onHelp: () => void): void {
  const matcher = useMemo(() => {
    const bindings: Record<string, Action> = { '?': { help: true } };
    for (const item of NAV) bindings[`g ${item.key}`] = { go: item.path };
    return createSequenceMatcher(bindings);
  }, []);
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      // Inside a dialog, keys belong to the dialog.
      if ((event.target as Element | null)?.closest?.('[role="dialog"], [role="alertdialog"], [role="menu"]')) return;
      const action = matcher.press(
        { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, inField: isTextField(event.target) },
        performance.now(),
      );
      if (!action) return;
      event.preventDefault();
      if ('go' in action) navigate(action.go);
      else onHelp();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [matcher, onHelp]);
}
