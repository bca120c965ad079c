import { describe, expect, it } from 'vitest';
import { maskedHint } from './masked-hint.js';

describe('maskedHint', () => {
  it('shows the first 3 and last 4 characters of a key of 16 characters or more', () => {
    expect(maskedHint('sk-proj-abcdefgh1234')).toBe('sk-…1234');
    expect(maskedHint('0123456789abcdef')).toBe('012…cdef');
  });

  it('shows nothing of a shorter key', () => {
    expect(maskedHint('0123456789abcde')).toBe('••••');
    expect(maskedHint('x')).toBe('••••');
  });

  it('never reveals more than 7 characters, however long the key', () => {
    const key = `sk-${'a'.repeat(100)}WXYZ`;
    const hint = maskedHint(key);
    expect(hint.replace('…', '')).toHaveLength(7);
    expect(key.includes(hint.replace('…', ''))).toBe(false);
  });
});
