/**
 * Writes admin edits back to the config file the gateway was started with. YAML files are edited through
 * the `yaml` Document API (`setIn` / `deleteIn`), so comments and formatting elsewhere survive; JSON files
 * are rewritten as JSON. Writes are atomic (a temp file in the same directory, mode 0600, then rename).
 * The file's SHA-256 when it was loaded (or last written by us) is remembered: if it changed on disk since,
 * the edit is refused (ConfigFileChangedError) rather than clobbering a hand edit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { isMap, parseDocument } from 'yaml';

export type ConfigPath = ReadonlyArray<string | number>;

/** One change: `value` undefined removes the entry at `path`. */
export interface ConfigFileChange {
  path: ConfigPath;
  value?: unknown;
}

export class ConfigFileChangedError extends Error {
  constructor(readonly file: string) {
    super(`The config file ${file} was changed on disk since Signalbox loaded it; nothing was changed. Reload the config from the file (Settings, or POST /admin/config/reload) or restart Signalbox to pick up the hand edit, then try again.`);
    this.name = 'ConfigFileChangedError';
  }
}

export interface ConfigFileWriter {
  readonly file: string;
  readonly format: 'yaml' | 'json';
  /** Throws ConfigFileChangedError when the file changed on disk since it was loaded (or last written here). */
  check(): void;
  /** Applies the changes to the file on disk; throws ConfigFileChangedError when the file changed since loaded. */
  write(changes: readonly ConfigFileChange[]): void;
  /** The file's text as it is on disk now ('' when it does not exist). */
  read(): string;
  /** Takes `text` (read and applied by a reload) as the version later edits check the file against. */
  rebase(text: string): void;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function isJsonFile(file: string, text: string): boolean {
  if (extname(file).toLowerCase() === '.json') return true;
  return /^\s*\{/.test(text) && extname(file).toLowerCase() !== '.yaml' && extname(file).toLowerCase() !== '.yml';
}

function setJson(root: Record<string, unknown>, path: ConfigPath, value: unknown): void {
  let node: Record<string | number, unknown> = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
}

/** Applies the changes to a file's text; returns the new text and the resulting plain data. */
export function applyChanges(text: string, changes: readonly ConfigFileChange[], format: 'yaml' | 'json'): { text: string; data: unknown } {
  if (format === 'json') {
    const root = (text.trim() ? JSON.parse(text) : {}) as Record<string, unknown>;
    for (const change of changes) setJson(root, change.path, change.value);
    return { text: `${JSON.stringify(root, null, 2)}\n`, data: root };
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length) throw new Error(`the config file cannot be parsed: ${document.errors[0]?.message.split('\n')[0] ?? 'error'}`);
  for (const change of changes) {
    if (change.value === undefined) {
      document.deleteIn(change.path);
    } else {
      if (document.contents !== null && !isMap(document.contents)) throw new Error('the config file is not a mapping');
      document.setIn(change.path, document.createNode(change.value));
    }
  }
  return { text: document.toString(), data: document.toJS() ?? {} };
}

function writeAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `loadedText`: the text the running config was parsed from (default: the file as it is now). */
export function createConfigFileWriter(file: string, loadedText?: string): ConfigFileWriter {
  let known = sha256(loadedText ?? readText(file));
  const format = isJsonFile(file, loadedText ?? readText(file)) ? 'json' : 'yaml';
  const current = (): string => {
    const text = readText(file);
    if (sha256(text) !== known) throw new ConfigFileChangedError(file);
    return text;
  };
  return {
    file,
    format,
    check: () => void current(),
    write(changes) {
      const next = applyChanges(current(), changes, format);
      writeAtomic(file, next.text);
      known = sha256(next.text);
    },
    read: () => readText(file),
    rebase(text) {
      known = sha256(text);
    },
  };
}
