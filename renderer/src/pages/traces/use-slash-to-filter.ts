/** `/` opens the first filter (as in most consoles), unless typing somewhere. */
import { useEffect, type RefObject } from 'react';
import { isTextField } from '../../app/shortcuts';

export function useSlashToFilter(container: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      if ((event.target as Element | null)?.closest?.('[role="dialog"]')) return;
      const chip = container.current?.querySelector<HTMLButtonElement>('.filter-chip');
      if (!chip) return;
      event.preventDefault();
      chip.click();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [container]);
}
