/**
 * The arguments each IPC channel accepts, as zod tuples: exact arity (no extra arguments), exact types,
 * bounded strings. Anything else is refused before a handler runs. Pure.
 */
import { z } from 'zod';
import {
  ADMIN_TOKEN_CHANNEL,
  BASE_URL_CHANNEL,
  LAUNCH_AT_LOGIN_GET_CHANNEL,
  LAUNCH_AT_LOGIN_SET_CHANNEL,
  OPEN_EXTERNAL_CHANNEL,
  type IpcChannel,
} from './ipc-channels.js';

/** Longer than any link the UI shows (provider consoles, docs); a page cannot push megabytes through. */
export const MAX_URL_LENGTH = 2048;

const none = z.tuple([]);

export const IPC_ARGUMENTS = {
  [ADMIN_TOKEN_CHANNEL]: none,
  [BASE_URL_CHANNEL]: none,
  [OPEN_EXTERNAL_CHANNEL]: z.tuple([z.string().min(1).max(MAX_URL_LENGTH)]),
  [LAUNCH_AT_LOGIN_GET_CHANNEL]: none,
  [LAUNCH_AT_LOGIN_SET_CHANNEL]: z.tuple([z.boolean()]),
} as const satisfies Record<IpcChannel, z.ZodType>;

export type IpcArguments<C extends IpcChannel> = z.output<(typeof IPC_ARGUMENTS)[C]>;

export type ParsedArguments<C extends IpcChannel> = { ok: true; value: IpcArguments<C> } | { ok: false; reason: string };

/** Validates the arguments an `invoke` carried (zod tuples reject extra elements). */
export function parseIpcArguments<C extends IpcChannel>(channel: C, args: readonly unknown[]): ParsedArguments<C> {
  const result = IPC_ARGUMENTS[channel].safeParse(args);
  if (result.success) return { ok: true, value: result.data as IpcArguments<C> };
  return { ok: false, reason: result.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ') };
}
