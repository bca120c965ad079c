/**
 * `signalbox keys set|rm|ls`: provider keys in the OS keychain (service `signalbox`), for config
 * references `apiKey: keychain:NAME`. The value of `keys set` is read from stdin — piped, or typed at a
 * prompt with echo off — never from argv (arguments end up in shell history and the process list).
 * Returns the exit status: 0 ok, 1 keychain problem or absent key, 2 usage error.
 */
import { createKeyringVault } from '../secrets/keyring-vault.js';
import { KEYCHAIN_REFRESH_MS } from '../secrets/live-keys.js';
import { maskedHint } from '../secrets/masked-hint.js';
import { MAX_SECRET_LENGTH, SECRET_NAME, SECRET_NAME_RULE, secretValueProblem } from '../secrets/secret-shape.js';
import { VaultUnavailableError, type SecretVault } from '../secrets/vault.js';

export const KEYS_HELP = `Usage:
  signalbox keys set NAME     store a provider key in the OS keychain; the key is read from stdin
                              (piped: printf %s "$KEY" | signalbox keys set NAME; or typed, hidden)
  signalbox keys rm NAME      remove it
  signalbox keys ls           list stored keys (names and masked hints, never values)
Use it in config as  apiKey: keychain:NAME
`;

export interface KeysIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  vault: SecretVault;
}

class KeysError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Reads a piped value: all of stdin, without its trailing newline. */
async function readPiped(stdin: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.length > MAX_SECRET_LENGTH + 2) throw new KeysError(`the key on stdin is longer than ${MAX_SECRET_LENGTH} characters`, 2);
  }
  return text.replace(/\r?\n$/, '');
}

/** Reads a line typed at the terminal with echo off. */
function readHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new KeysError('cancelled', 130));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
        if (value.length > MAX_SECRET_LENGTH) return finish(new KeysError(`the key is longer than ${MAX_SECRET_LENGTH} characters`, 2));
      }
    };
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

function checkName(name: string | undefined): string {
  if (!name) throw new KeysError(`a key name is required\n${KEYS_HELP}`, 2);
  if (!SECRET_NAME.test(name)) throw new KeysError(`invalid key name "${name.slice(0, 80)}": use ${SECRET_NAME_RULE}`, 2);
  return name;
}

async function ensureAvailable(vault: SecretVault): Promise<void> {
  const status = await vault.status();
  if (!status.available) throw new KeysError(`the OS keychain (${status.backend}) cannot be used: ${status.reason}`, 1);
}

async function set(args: string[], io: KeysIo): Promise<void> {
  const name = checkName(args[0]);
  if (args.length > 1) {
    throw new KeysError(
      'refusing to take the key from the command line: arguments end up in shell history and in the process list.\n' +
        `Pipe it on stdin instead (printf %s "$KEY" | signalbox keys set ${name}), or run without it and type it at the prompt.`,
      2,
    );
  }
  await ensureAvailable(io.vault);
  const value = io.stdin.isTTY ? await readHidden(io.stdin, io.stderr, `Key for "${name}" (input hidden): `) : await readPiped(io.stdin);
  const problem = secretValueProblem(value);
  if (problem) throw new KeysError(`${problem}; nothing was stored`, 2);
  await io.vault.set(name, value);
  io.stdout.write(
    `Stored "${name}" (${maskedHint(value)}) in the OS keychain (${io.vault.backend}).\n` +
      `Use it in config as  apiKey: keychain:${name}  — a running gateway picks it up within ${KEYCHAIN_REFRESH_MS / 1000} s.\n`,
  );
}

async function remove(args: string[], io: KeysIo): Promise<void> {
  const name = checkName(args[0]);
  if (args.length > 1) throw new KeysError(`unexpected argument "${args[1]}"\n${KEYS_HELP}`, 2);
  if (!(await io.vault.delete(name))) throw new KeysError(`no key named "${name}" is in the OS keychain`, 1);
  io.stdout.write(`Removed "${name}" from the OS keychain.\n`);
}

async function list(args: string[], io: KeysIo): Promise<void> {
  if (args.length) throw new KeysError(`unexpected argument "${args[0]}"\n${KEYS_HELP}`, 2);
  await ensureAvailable(io.vault);
  const names = await io.vault.list();
  if (!names.length) {
    io.stdout.write(`No keys in the OS keychain (${io.vault.backend}) yet. Add one with: signalbox keys set NAME\n`);
    return;
  }
  const width = Math.max(...names.map((name) => name.length));
  for (const name of names) {
    const value = await io.vault.get(name);
    io.stdout.write(`${name.padEnd(width)}  ${value === undefined ? '(removed)' : maskedHint(value)}\n`);
  }
}

export async function keysCommand(args: string[], io: Partial<KeysIo> = {}): Promise<number> {
  const full: KeysIo = {
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    // A person may have to answer an unlock prompt: wait longer than the gateway does.
    vault: io.vault ?? createKeyringVault({ timeoutMs: 120_000 }),
  };
  const [sub, ...rest] = args;
  try {
    if (sub === 'set') await set(rest, full);
    else if (sub === 'rm') await remove(rest, full);
    else if (sub === 'ls') await list(rest, full);
    else throw new KeysError(`${sub ? `unknown keys command "${sub}"` : 'a keys command is required'}\n${KEYS_HELP}`, 2);
    return 0;
  } catch (error) {
    if (error instanceof KeysError) {
      full.stderr.write(`signalbox keys: ${error.message}\n`);
      return error.status;
    }
    if (error instanceof VaultUnavailableError) {
      full.stderr.write(`signalbox keys: the OS keychain (${full.vault.backend}) cannot be used: ${error.reason}\n`);
      return 1;
    }
    throw error;
  }
}
