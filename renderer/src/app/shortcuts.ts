/**
 * Keyboard shortcuts as key sequences (`g t` = go to Traces, `?` = help), matched by a small pure state
 * machine: a prefix key waits up to `timeoutMs` for the next. Keys typed into fields are never shortcuts.
 */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Whether focus is in something that takes text (input, textarea, select, contenteditable). */
  inField?: boolean;
}

export interface SequenceMatcher<A> {
  /** The action the key completes, if any. */
  press(event: KeyPress, now: number): A | undefined;
}

export function createSequenceMatcher<A>(bindings: Record<string, A>, timeoutMs = 1200): SequenceMatcher<A> {
  const prefixes = new Set<string>();
  for (const sequence of Object.keys(bindings)) {
    const keys = sequence.split(' ');
    for (let i = 1; i < keys.length; i++) prefixes.add(keys.slice(0, i).join(' '));
  }
  let pending: { keys: string; at: number } | undefined;
  return {
    press(event, now) {
      if (event.inField || event.ctrlKey || event.metaKey || event.altKey) {
        pending = undefined;
        return undefined;
      }
      const key = event.key;
      const sequence = pending && now - pending.at <= timeoutMs ? `${pending.keys} ${key}` : key;
      pending = undefined;
      const action = bindings[sequence] ?? (sequence !== key ? bindings[key] : undefined);
      if (action !== undefined) return action;
      if (prefixes.has(sequence)) pending = { keys: sequence, at: now };
      else if (prefixes.has(key)) pending = { keys: key, at: now };
      return undefined;
    },
  };
}

export function isTextField(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes((element as HTMLInputElement).type);
  return element.isContentEditable;
}
