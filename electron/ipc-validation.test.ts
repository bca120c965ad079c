import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_CHANNEL, IPC_CHANNELS, LAUNCH_AT_LOGIN_SET_CHANNEL, OPEN_EXTERNAL_CHANNEL } from './ipc-channels.js';
import { IPC_ARGUMENTS, MAX_URL_LENGTH, parseIpcArguments } from './ipc-validation.js';

describe('IPC argument validation', () => {
  it('has a schema for every channel', () => {
    expect(Object.keys(IPC_ARGUMENTS).sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('accepts exactly the expected arguments', () => {
    expect(parseIpcArguments(ADMIN_TOKEN_CHANNEL, [])).toEqual({ ok: true, value: [] });
    expect(parseIpcArguments(OPEN_EXTERNAL_CHANNEL, ['https://example.com'])).toEqual({ ok: true, value: ['https://example.com'] });
    expect(parseIpcArguments(LAUNCH_AT_LOGIN_SET_CHANNEL, [true])).toEqual({ ok: true, value: [true] });
  });

  it('rejects wrong types', () => {
    for (const args of [[1], [null], [{ toString: 'https://x' }], [['https://x']], [undefined]]) {
      expect(parseIpcArguments(OPEN_EXTERNAL_CHANNEL, args).ok).toBe(false);
    }
    for (const args of [['true'], [1], [null], []]) expect(parseIpcArguments(LAUNCH_AT_LOGIN_SET_CHANNEL, args).ok).toBe(false);
  });

  it('rejects extra arguments', () => {
    expect(parseIpcArguments(ADMIN_TOKEN_CHANNEL, ['please']).ok).toBe(false);
    expect(parseIpcArguments(OPEN_EXTERNAL_CHANNEL, ['https://example.com', 'more']).ok).toBe(false);
    expect(parseIpcArguments(LAUNCH_AT_LOGIN_SET_CHANNEL, [true, false]).ok).toBe(false);
  });

  it('rejects oversized and empty strings, with a reason', () => {
    const long = `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`;
    const parsed = parseIpcArguments(OPEN_EXTERNAL_CHANNEL, [long]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/^0: /);
    expect(parseIpcArguments(OPEN_EXTERNAL_CHANNEL, ['']).ok).toBe(false);
  });
});
