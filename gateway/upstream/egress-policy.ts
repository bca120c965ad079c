/**
 * Egress policy: provider keys must never be sent to link-local, cloud-metadata, unspecified, multicast
 * or broadcast addresses (SSRF into 169.254.169.254 and friends; Open WebUI CVE-2026-45400, Portkey
 * CVE-2025-66405). Loopback and private LAN addresses stay allowed: Ollama, LM Studio and vLLM live there.
 * A provider can opt out with `allowLinkLocal: true`.
 *
 * Applied twice, with one parser (WHATWG URL, which already turns `http://2852039166/` and
 * `http://0251.0376.0251.0376/` into 169.254.169.254): at config load on literal addresses and known
 * metadata names, and at connect time on the DNS-resolved address (egress-lookup.ts), so a name that
 * resolves to a metadata address is refused too. Pure.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type EgressVerdict = { ok: true } | { ok: false; reason: string };

/** Metadata services reachable by name (the addresses behind them are link-local anyway). */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog']);

/** Metadata addresses outside the blocked ranges: Alibaba Cloud, AWS IPv6 (Nitro), Oracle Cloud legacy. */
const METADATA_ADDRESSES = new Set(['100.100.100.200', 'fd00:ec2::254', '192.0.0.192']);

const BLOCKED_V4: Partial<Record<string, string>> = {
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};
const BLOCKED_V6: Partial<Record<string, string>> = {
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
};

/** The IPv4 address carried in the low 32 bits of an IPv6 address (mapped, translated, NAT64, compatible). */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const range = address.range();
  const compatible = parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || (parts[7] ?? 0) > 1);
  if (range !== 'ipv4Mapped' && range !== 'rfc6145' && range !== 'rfc6052' && !compatible) return undefined;
  const high = parts[6] ?? 0;
  const low = parts[7] ?? 0;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** Why an IP address is refused, or undefined when it is allowed. `address` must be a literal IP. */
export function blockedAddressReason(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!isIP(bare)) return undefined;
  const parsed = ipaddr.parse(bare);
  if (METADATA_ADDRESSES.has(parsed.toString())) return 'a cloud metadata address';
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const inner = embeddedIPv4(v6);
    if (inner) return blockedAddressReason(inner.toString());
    return BLOCKED_V6[v6.range()];
  }
  return BLOCKED_V4[parsed.range()];
}

/** Verdict on a URL host name or literal address (as in `new URL(…).hostname`). */
export function checkEgressHost(hostname: string): EgressVerdict {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(name)) return { ok: false, reason: 'a cloud metadata host name' };
  const reason = blockedAddressReason(name);
  return reason ? { ok: false, reason } : { ok: true };
}

/** Verdict on a configured base URL; unparseable URLs are left to the URL validator. */
export function checkBaseUrl(url: string): EgressVerdict {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return { ok: true };
  }
  return checkEgressHost(hostname);
}
