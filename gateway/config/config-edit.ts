/**
 * Admin edits of the running config: one at a time, each validated as a whole config (ConfigSchema, with
 * its cross-reference checks) before anything changes, then written to the config file (when one is
 * known), and only then applied in memory by the caller. A problem is a 400 whose `param` is the config
 * path (`routes.fast.targets[0].model`).
 */
import type { z } from 'zod';
import { GatewayError } from '../core/errors.js';
import type { ConfigFileChange, ConfigFileWriter } from './config-writer.js';
import { formatIssues, formatPath } from './issues.js';
import { ConfigSchema, type Config } from './schema.js';

type Issue = z.core.$ZodIssue;

/** The first zod problem as a 400 naming the config path. */
export function configProblem(issues: readonly Issue[], prefix: ReadonlyArray<string | number> = []): GatewayError {
  const issue = issues[0];
  if (!issue) return new GatewayError('invalid_request', 'Invalid config.', { code: 'invalid_config' });
  const message = formatIssues([issue], [...prefix])[0] ?? issue.message;
  const param = formatPath([...prefix, ...issue.path]);
  return new GatewayError('invalid_request', message, { code: 'invalid_config', ...(param ? { param } : {}) });
}

/** Parses `value` with a field schema; problems are reported under `prefix` (e.g. `routes.fast`). */
export function parseField<S extends z.ZodType>(schema: S, value: unknown, prefix: ReadonlyArray<string | number>): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw configProblem(result.error.issues, prefix);
  return result.data;
}

export interface ConfigEditor {
  /** The config file edits are written to; null when the gateway was started without one. */
  readonly file: string | null;
  /** Runs edits one at a time (an edit may wait for the keychain). */
  serial<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Validates `candidate` as a whole config (400 naming the path otherwise), then writes `changes` to the
   * file (ConfigFileChangedError when it was hand-edited). Returns the validated config; nothing in
   * memory is changed here. `dryRun`: validate and check the file is unchanged, write nothing.
   */
  commit(candidate: unknown, changes: readonly ConfigFileChange[], options?: { dryRun?: boolean }): { config: Config; persisted: boolean };
  /** The config file's text now; null without a file (POST /admin/config/reload). */
  read(): string | null;
  /** After a reload applied `text`: later edits check the file against it instead of the text loaded at start. */
  rebase(text: string): void;
}

export function createConfigEditor(writer: ConfigFileWriter | undefined): ConfigEditor {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    file: writer?.file ?? null,
    serial(task) {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run;
    },
    commit(candidate, changes, options = {}) {
      const result = ConfigSchema.safeParse(candidate);
      if (!result.success) throw configProblem(result.error.issues);
      if (!writer) return { config: result.data, persisted: false };
      if (options.dryRun) {
        writer.check();
        return { config: result.data, persisted: false };
      }
      writer.write(changes);
      return { config: result.data, persisted: true };
    },
    read: () => (writer ? writer.read() : null),
    rebase(text) {
      writer?.rebase(text);
    },
  };
}
