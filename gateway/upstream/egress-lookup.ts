/**
 * Connect-time half of the egress policy (egress-policy.ts): a DNS lookup for the upstream socket that
 * refuses names resolving to a blocked address. The address checked is the address the socket connects
 * to (net.connect uses this lookup's answer), so there is no check-then-resolve-again gap for DNS
 * rebinding. Literal IP hosts skip lookups in Node and are checked by the client before connecting.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { blockedAddressReason, checkEgressHost } from './egress-policy.js';

export const EGRESS_REFUSED = 'ERR_SIGNALBOX_EGRESS_REFUSED';

export class EgressRefusedError extends Error {
  readonly code = EGRESS_REFUSED;
  constructor(readonly reason: string) {
    super(`refused by the egress policy: the provider address is ${reason}`);
    this.name = 'EgressRefusedError';
  }
}

/** The refusal inside an error chain (undici wraps socket errors), if any. */
export function findEgressRefusal(error: unknown): EgressRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if (current instanceof EgressRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A lookup for net.connect that refuses blocked names and addresses; `resolve` is dns.lookup unless a test injects one. */
export function guardedLookup(resolve: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    const byName = checkEgressHost(hostname);
    if (!byName.ok) {
      callback(new EgressRefusedError(byName.reason), '', 0);
      return;
    }
    resolve(hostname, options, (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => {
      if (error) {
        callback(error, address, family);
        return;
      }
      for (const entry of Array.isArray(address) ? address : [{ address, family: family ?? 0 }]) {
        const reason = blockedAddressReason(entry.address);
        if (reason) {
          callback(new EgressRefusedError(reason), '', 0);
          return;
        }
      }
      callback(null, address, family);
    });
  };
}
