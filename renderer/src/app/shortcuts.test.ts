import { describe, expect, it } from 'vitest';
import { activeNav } from './nav';
import { createSequenceMatcher } from './shortcuts';

describe('shortcuts', () => {
  const matcher = () => createSequenceMatcher({ 'g t': 'traces', 'g o': 'overview', '?': 'help' }, 1000);

  it('match a sequence typed within the timeout', () => {
    const keys = matcher();
    expect(keys.press({ key: 'g' }, 0)).toBeUndefined();
    expect(keys.press({ key: 't' }, 500)).toBe('traces');
    expect(keys.press({ key: '?' }, 600)).toBe('help');
  });

  it('forget a prefix after the timeout, or when typing in a field or with modifiers', () => {
    const keys = matcher();
    keys.press({ key: 'g' }, 0);
    expect(keys.press({ key: 't' }, 1500)).toBeUndefined();
    keys.press({ key: 'g' }, 2000);
    expect(keys.press({ key: 't', inField: true }, 2100)).toBeUndefined();
    keys.press({ key: 'g' }, 3000);
    expect(keys.press({ key: 'o', metaKey: true }, 3100)).toBeUndefined();
    keys.press({ key: 'g' }, 4000);
    expect(keys.press({ key: 'g' }, 4100)).toBeUndefined();
    expect(keys.press({ key: 'o' }, 4200)).toBe('overview');
  });

  it('knows which page a location belongs to', () => {
    expect(activeNav('/')?.label).toBe('Overview');
    expect(activeNav('/traces/sbr_1')?.label).toBe('Traces');
    expect(activeNav('/connect/zed')?.label).toBe('Connect');
    expect(activeNav('/nope')).toBeUndefined();
  });
});
