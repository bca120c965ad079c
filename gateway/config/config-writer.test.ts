import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileChangedError, createConfigFileWriter } from './config-writer.js';
import { parseConfig } from './load.js';

const YAML = `# Signalbox config — hand written
providers:
  oai: # the main one
    type: openai
    apiKey: env:OPENAI_API_KEY

routes:
  # cheap first
  auto:
    targets: [{ model: oai/gpt-4o-mini }]
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'signalbox-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('config file writer', () => {
  it('edits YAML in place: comments and formatting elsewhere survive, the result parses as the edit', () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, YAML);
    const writer = createConfigFileWriter(file);
    expect(writer.format).toBe('yaml');
    writer.write([{ path: ['routes', 'fast'], value: { strategy: 'fallback', targets: [{ model: 'oai/gpt-4o' }] } }]);
    const text = readFileSync(file, 'utf8');
    for (const kept of ['# Signalbox config — hand written', '# the main one', '# cheap first', 'apiKey: env:OPENAI_API_KEY']) expect(text).toContain(kept);
    expect(parseConfig(text, file).routes.auto).toEqual({ strategy: 'fallback', targets: [{ model: 'oai/gpt-4o-mini' }] });
    expect(parseConfig(text, file).routes.fast).toEqual({ strategy: 'fallback', targets: [{ model: 'oai/gpt-4o' }] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writer.write([{ path: ['routes', 'auto'] }]);
    const after = parseConfig(readFileSync(file, 'utf8'), file);
    expect(Object.keys(after.routes)).toEqual(['fast']);
    expect(readFileSync(file, 'utf8')).toContain('# Signalbox config — hand written');
    // No temp files left behind.
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });

  it('creates the section when the file has none, and writes into an empty file', () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, '# only a comment\n');
    createConfigFileWriter(file).write([{ path: ['providers', 'local'], value: { type: 'ollama' } }]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# only a comment');
    expect(parseConfig(text, file).providers.local?.type).toBe('ollama');
  });

  it('writes JSON files as JSON', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ providers: { oai: { type: 'openai' } } }));
    const writer = createConfigFileWriter(file);
    expect(writer.format).toBe('json');
    writer.write([{ path: ['routes', 'r'], value: { targets: [{ model: 'oai/gpt-4o' }] } }, { path: ['providers', 'oai', 'type'] }]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ providers: { oai: {} }, routes: { r: { targets: [{ model: 'oai/gpt-4o' }] } } });
  });

  it('refuses to clobber a file changed on disk since it was loaded, and leaves it as the hand edit made it', () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, YAML);
    const writer = createConfigFileWriter(file);
    writer.write([{ path: ['routes', 'a'], value: { targets: [{ model: 'oai/x' }] } }]);
    const handEdited = `${readFileSync(file, 'utf8')}# edited by hand\n`;
    writeFileSync(file, handEdited);
    expect(() => writer.check()).toThrow(ConfigFileChangedError);
    expect(() => writer.write([{ path: ['routes', 'b'], value: { targets: [{ model: 'oai/y' }] } }])).toThrow(/changed on disk/);
    expect(readFileSync(file, 'utf8')).toBe(handEdited);
  });
});
