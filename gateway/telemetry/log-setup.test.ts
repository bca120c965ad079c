import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { LoggingConfig } from '../config/logging-schema.js';
import { logFilePath, openGatewayLog, type GatewayLogOptions } from './log-setup.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(config: unknown, rest: Partial<GatewayLogOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'signalbox-logsetup-'));
  dirs.push(dataDir);
  const stderr: string[] = [];
  const opened = openGatewayLog({ config: LoggingConfig.parse(config), dataDir, env: {}, writeStderr: (line) => stderr.push(line), ...rest });
  const fileLines = (): string[] => (existsSync(logFilePath(dataDir)) ? readFileSync(logFilePath(dataDir), 'utf8').split('\n').filter(Boolean) : []);
  return { ...opened, dataDir, stderr, fileLines };
}

describe('gateway log setup', () => {
  it('level: override > SIGNALBOX_LOG_LEVEL > logging.level > info', () => {
    expect(open({}).level).toBe('info');
    expect(open({ level: 'error' }).level).toBe('error');
    expect(open({ level: 'error' }, { env: { SIGNALBOX_LOG_LEVEL: 'DEBUG' } }).level).toBe('debug');
    expect(open({ level: 'error' }, { env: { SIGNALBOX_LOG_LEVEL: 'debug' }, overrides: { level: 'warn' } }).level).toBe('warn');
  });

  it('ignores an unknown SIGNALBOX_LOG_LEVEL with a warning', () => {
    const opened = open({ level: 'info' }, { env: { SIGNALBOX_LOG_LEVEL: 'loud' } });
    expect(opened.level).toBe('info');
    expect(opened.stderr.join('')).toContain('SIGNALBOX_LOG_LEVEL is not');
  });

  it('file: override > logging.file.enabled > fileByDefault > off', async () => {
    const cases: Array<[unknown, GatewayLogOptions['overrides'], boolean]> = [
      [{}, {}, false],
      [{}, { fileByDefault: true }, true],
      [{ file: { enabled: false } }, { fileByDefault: true }, false],
      [{ file: { enabled: true } }, {}, true],
      [{ file: { enabled: false } }, { file: true }, true],
      [{ file: { enabled: true } }, { file: false, fileByDefault: true }, false],
    ];
    for (const [config, overrides, expected] of cases) {
      const opened = open(config, { overrides });
      opened.log.info('hello');
      await opened.log.close();
      expect({ config, overrides, file: opened.file !== undefined, written: existsSync(logFilePath(opened.dataDir)) }).toEqual({
        config,
        overrides,
        file: expected,
        written: expected,
      });
    }
  });

  it('writes the file at logging.file.level, stderr at the main level', async () => {
    const opened = open({ level: 'warn', file: { enabled: true, level: 'debug' } });
    opened.log.debug('d');
    opened.log.info('i');
    opened.log.warn('w');
    await opened.log.close();
    expect(opened.stderr.map((line) => JSON.parse(line).msg)).toEqual(['w']);
    expect(opened.fileLines().map((line) => JSON.parse(line).msg)).toEqual(['d', 'i', 'w']);
  });

  it('writes nothing to stderr when told not to', async () => {
    const opened = open({ file: { enabled: true } }, { overrides: { stderr: false } });
    opened.log.info('only in the file');
    await opened.log.close();
    expect(opened.stderr).toEqual([]);
    expect(opened.fileLines()).toHaveLength(1);
  });

  it('has no file without a data dir, and says so', () => {
    const stderr: string[] = [];
    const opened = openGatewayLog({ config: LoggingConfig.parse({ file: { enabled: true } }), dataDir: undefined, env: {}, writeStderr: (line) => stderr.push(line) });
    expect(opened.file).toBeUndefined();
    expect(stderr.join('')).toContain('no log file');
  });

  it('reports a file that cannot be opened on stderr, and keeps logging there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signalbox-logsetup-'));
    dirs.push(dataDir);
    writeFileSync(join(dataDir, 'logs'), 'a file where the log directory should be');
    const opened = open({ file: { enabled: true } }, { dataDir });
    opened.log.info('still here');
    await opened.log.close();
    const messages = opened.stderr.map((line) => JSON.parse(line).msg);
    expect(messages).toContain('log file failed');
    expect(messages).toContain('still here');
  });

  it('accepts the example of the README Logs section', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Logs'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(parseConfig(example, 'README.md').logging).toEqual({ level: 'info', requests: true, file: { level: 'info', maxSizeMb: 10, keep: 5, daily: false } });
  });
});
