/**
 * Where the gateway may listen. Loopback (127.0.0.0/8, ::1, `localhost`) always; any other interface —
 * including 0.0.0.0 / `::` (all interfaces) and host names — only with an explicit opt-in
 * (`server.allowRemote: true` or `signalbox serve --allow-remote`) AND at least one client key, so one
 * setting can never expose an open API to the network (175k exposed Ollama servers; Jan #8508). Checked
 * before the socket is opened: a refused bind leaves nothing listening. Pure.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface BindContext {
  allowRemote: boolean;
  clientKeyCount: number;
}

export type BindDecision = { ok: true; loopback: boolean } | { ok: false; message: string };

export class BindRefusedError extends Error {
  readonly code = 'SIGNALBOX_BIND_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'BindRefusedError';
  }
}

/** True for loopback addresses and the name `localhost`; false for everything else, unspecified included. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (!isIP(bare)) return false;
  return ipaddr.process(bare).range() === 'loopback';
}

export function bindPolicy(host: string, context: BindContext): BindDecision {
  if (isLoopbackHost(host)) return { ok: true, loopback: true };
  if (!context.allowRemote) {
    return {
      ok: false,
      message: `refusing to listen on "${host}": it is not a loopback address, so other machines could reach the gateway. Bind 127.0.0.1, or opt in with server.allowRemote: true (or --allow-remote) and configure client keys.`,
    };
  }
  if (context.clientKeyCount < 1) {
    return { ok: false, message: `refusing to listen on "${host}" without client keys: every request from the network must carry one. Add a client key first.` };
  }
  return { ok: true, loopback: false };
}
