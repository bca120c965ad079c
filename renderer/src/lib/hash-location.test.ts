import { describe, expect, it } from 'vitest';
import { fileNameFrom } from './download';
import { buildHash, parseHash } from './hash-location';
import { nextThemeSetting, parseThemeSetting, readThemeSetting, resolveTheme, writeThemeSetting, THEME_STORAGE_KEY } from './theme';

describe('hash routes', () => {
  it('keep the query inside the fragment', () => {
    expect(parseHash('#/traces/sbr_1?status=error')).toEqual({ path: '/traces/sbr_1', search: 'status=error' });
    expect(parseHash('')).toEqual({ path: '/', search: '' });
    expect(parseHash('#traces')).toEqual({ path: '/traces', search: '' });
    expect(buildHash('/costs', 'range=30d')).toBe('#/costs?range=30d');
    expect(buildHash('keys')).toBe('#/keys');
  });
});

describe('theme', () => {
  it('follows the system unless set, and cycles system → light → dark', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
    expect(parseThemeSetting('purple')).toBe('system');
    expect(nextThemeSetting('system')).toBe('light');
    expect(nextThemeSetting('dark')).toBe('system');
  });

  it('persists a choice and forgets "system"; broken storage is not an error', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (key: string) => map.get(key) ?? null, setItem: (key: string, value: string) => void map.set(key, value), removeItem: (key: string) => void map.delete(key) };
    writeThemeSetting(storage, 'dark');
    expect(map.get(THEME_STORAGE_KEY)).toBe('dark');
    expect(readThemeSetting(storage)).toBe('dark');
    writeThemeSetting(storage, 'system');
    expect(map.has(THEME_STORAGE_KEY)).toBe(false);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } };
    expect(readThemeSetting(broken)).toBe('system');
    expect(() => writeThemeSetting(broken, 'light')).not.toThrow();
  });
});

describe('download names', () => {
  it('come from Content-Disposition', () => {
    expect(fileNameFrom('attachment; filename="signalbox-usage-day.csv"', 'x.csv')).toBe('signalbox-usage-day.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });
});
