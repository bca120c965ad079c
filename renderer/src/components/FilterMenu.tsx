/**
 * One filter as a chip ("Model: gpt-4o ▾"): a popover with a search field and the values seen so far; typing
 * a value that is not listed and pressing Enter filters by it too. Non-modal Radix Popover (no scroll lock).
 */
import { Popover } from 'radix-ui';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Icon } from './Icon';

export function FilterMenu({
  label,
  value,
  options,
  onChange,
  placeholder,
  free = true,
  format = (option: string) => option,
}: {
  label: string;
  value: string | undefined;
  options: readonly string[];
  onChange(value: string | undefined): void;
  placeholder?: string;
  /** Accept a typed value that is not among the options. */
  free?: boolean;
  format?: (option: string) => string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const listId = useId();
  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return options.filter((option) => !needle || option.toLowerCase().includes(needle) || format(option).toLowerCase().includes(needle)).slice(0, 50);
  }, [options, query, format]);

  const choose = (next: string | undefined) => {
    onChange(next);
    setOpen(false);
    setQuery('');
  };

  const onInputKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const typed = query.trim();
      if (typed && options.includes(typed)) choose(typed);
      else if (typed && shown.length === 1) choose(shown[0]);
      else if (free && typed) choose(typed);
      else if (shown[0] !== undefined) choose(shown[0]);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      (document.getElementById(listId)?.querySelector('button') as HTMLButtonElement | null)?.focus();
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const buttons = [...event.currentTarget.querySelectorAll('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[Math.max(0, Math.min(buttons.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className={`filter-chip ${value ? 'is-set' : ''}`} aria-label={`${label}: ${value ? format(value) : 'any'}`}>
        <span className="filter-chip-label">{label}</span>
        <span className="filter-chip-value">{value ? format(value) : 'any'}</span>
        <Icon name="chevronDown" size={14} />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover filter-popover" align="start" sideOffset={6}>
          <input
            className="input"
            autoFocus
            value={query}
            placeholder={placeholder ?? `Filter by ${label.toLowerCase()}…`}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onInputKey}
            aria-label={`Filter by ${label.toLowerCase()}`}
          />
          <ul className="filter-options" id={listId} onKeyDown={onListKey}>
            {value && (
              <li>
                <button type="button" className="filter-option is-clear" onClick={() => choose(undefined)}>
                  <Icon name="x" size={14} />
                  Any {label.toLowerCase()}
                </button>
              </li>
            )}
            {shown.map((option) => (
              <li key={option}>
                <button type="button" className={`filter-option ${option === value ? 'is-selected' : ''}`} onClick={() => choose(option)}>
                  <span className="truncate">{format(option)}</span>
                  {option === value && <Icon name="check" size={14} />}
                </button>
              </li>
            ))}
            {shown.length === 0 && <li className="filter-empty">{free && query.trim() ? `Press Enter to filter by “${query.trim()}”` : 'Nothing seen yet'}</li>}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
