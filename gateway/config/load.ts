/**
 * Reading a config document: YAML or JSON (YAML is a superset; one parser), validated by the zod schema.
 * Every problem is reported with the JSON path of the bad field, e.g. `providers.oai.type: expected one of …`.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { formatIssues } from './issues.js';
import { ConfigSchema, type Config } from './schema.js';

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`Invalid config ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function parseConfig(text: string, source: string): Config {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length) {
    throw new ConfigError(source, document.errors.map((error) => error.message.split('\n')[0] ?? error.message));
  }
  const data: unknown = document.toJS() ?? {};
  return validateConfig(data, source);
}

export function validateConfig(data: unknown, source: string): Config {
  const result = ConfigSchema.safeParse(data);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues));
  return result.data;
}

export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return parseConfig(text, path);
}
