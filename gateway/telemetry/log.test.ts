import { describe, expect, it } from 'vitest';
import { createLogger, openLogger, REDACTED, REDACTED_FIELDS, type LogLevel } from './log.js';

function capture(level: LogLevel): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, log: createLogger(level, (line) => lines.push(line)) };
}

const parse = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>;

describe('logger', () => {
  it('writes one JSON object per line: level label, ISO time, msg and the fields', () => {
    const { lines, log } = capture('debug');
    log.info('request', { id: 'sbr_1', model: 'gpt-4o', latencyMs: 12, stream: false, route: null });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(lines[0]!.slice(0, -1)).not.toContain('\n');
    const line = parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', msg: 'request', id: 'sbr_1', model: 'gpt-4o', latencyMs: 12, stream: false, route: null });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(line)).not.toContain('pid');
    expect(Object.keys(line)).not.toContain('hostname');
  });

  it('filters by level', () => {
    const written = (level: LogLevel): string[] => {
      const { lines, log } = capture(level);
      log.debug('d');
      log.info('i');
      log.warn('w');
      log.error('e');
      return lines.map((line) => parse(line).msg as string);
    };
    expect(written('debug')).toEqual(['d', 'i', 'w', 'e']);
    expect(written('info')).toEqual(['i', 'w', 'e']);
    expect(written('warn')).toEqual(['w', 'e']);
    expect(written('error')).toEqual(['e']);
    expect(written('silent')).toEqual([]);
  });

  it('gives each sink its own level', () => {
    const terminal: string[] = [];
    const file: string[] = [];
    const log = openLogger({
      sinks: [
        { level: 'warn', write: (line) => terminal.push(line) },
        { level: 'debug', write: (line) => file.push(line) },
      ],
    });
    log.debug('d');
    log.info('i');
    log.error('e');
    expect(terminal.map((line) => parse(line).msg)).toEqual(['e']);
    expect(file.map((line) => parse(line).msg)).toEqual(['d', 'i', 'e']);
  });

  it('censors fields whose names could carry a credential', () => {
    const { lines, log } = capture('debug');
    const fields = Object.fromEntries(REDACTED_FIELDS.map((name) => [name, `secret-value-of-${name}`]));
    log.warn('oops', { ...fields, provider: 'openai' });
    const line = parse(lines[0]!);
    for (const name of REDACTED_FIELDS) expect(line[name]).toBe(REDACTED);
    expect(line.provider).toBe('openai');
    expect(lines[0]).not.toContain('secret-value-of');
  });

  it('scrubs known secret values from the message and every field', () => {
    const lines: string[] = [];
    const secrets = ['sk-live-0123456789abcdef', 'short'];
    const log = openLogger({ sinks: [{ level: 'debug', write: (line) => lines.push(line) }], secrets: () => secrets });
    log.error('upstream said: bad key sk-live-0123456789abcdef', { error: 'Bearer sk-live-0123456789abcdef rejected', reason: 'short' });
    expect(lines[0]).not.toContain('sk-live-0123456789abcdef');
    expect(parse(lines[0]!)).toMatchObject({ msg: 'upstream said: bad key [redacted]', error: 'Bearer [redacted] rejected', reason: 'short' });
    // The secret set is read per line: a key loaded later is scrubbed from then on.
    secrets.push('sk-later-9876543210');
    log.info('now sk-later-9876543210');
    expect(parse(lines[1]!).msg).toBe('now [redacted]');
  });

  it('JSON-escapes control characters, so nothing from a client reaches a terminal raw', () => {
    const { lines, log } = capture('debug');
    log.info('ua', { userAgent: 'evil\u001b[2J\u001b]0;title\u0007\r\nfake line' });
    // eslint-disable-next-line no-control-regex
    expect(lines[0]!.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(parse(lines[0]!).userAgent).toBe('evil\u001b[2J\u001b]0;title\u0007\r\nfake line');
  });

  it('keeps the built-in keys unique when a caller uses their names', () => {
    const { lines, log } = capture('debug');
    log.info('hello', { level: 'high', time: 3, msg: 'x', id: 'sbr_2' });
    const text = lines[0]!;
    expect(text.match(/"level":/g)).toHaveLength(1);
    expect(text.match(/"msg":/g)).toHaveLength(1);
    expect(parse(text)).toMatchObject({ level: 'info', msg: 'hello', field_level: 'high', field_time: 3, field_msg: 'x', id: 'sbr_2' });
  });

  it('closes its sinks once', async () => {
    let closes = 0;
    const log = openLogger({ sinks: [{ level: 'info', write: () => {}, close: () => void closes++ }] });
    await Promise.all([log.close(), log.close()]);
    expect(closes).toBe(1);
  });
});
