import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConfigEditor } from '../gateway/config/config-edit.js';
import { ConfigFileChangedError, createConfigFileWriter } from '../gateway/config/config-writer.js';
import { loadConfigFile } from '../gateway/config/load.js';
import { savePortToConfig } from './save-port.js';

const temp = mkdtempSync(join(tmpdir(), 'signalbox-save-port-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('saving the new port', () => {
  it('writes server.port, keeping comments', () => {
    const file = join(temp, 'config.yaml');
    writeFileSync(file, '# my gateway\nserver:\n  host: 127.0.0.1 # loopback only\n');
    const config = loadConfigFile(file);
    expect(savePortToConfig(createConfigEditor(createConfigFileWriter(file)), config, 51234)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my gateway');
    expect(text).toContain('# loopback only');
    expect(loadConfigFile(file).server.port).toBe(51234);
  });

  it('refuses to clobber a hand edit, and reports without a file', () => {
    const file = join(temp, 'edited.yaml');
    writeFileSync(file, 'server:\n  port: 6464\n');
    const config = loadConfigFile(file);
    const editor = createConfigEditor(createConfigFileWriter(file));
    writeFileSync(file, 'server:\n  port: 6464\n# edited by hand\n');
    expect(() => savePortToConfig(editor, config, 7000)).toThrow(ConfigFileChangedError);
    expect(savePortToConfig(createConfigEditor(undefined), config, 7000)).toBe(false);
  });
});
