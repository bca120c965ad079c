/**
 * Host allow-list (anti DNS-rebinding, Ollama CVE-2024-28224): a request is served only when its `Host`
 * header is exactly one of the gateway's own names — `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT` —
 * or an entry of `server.allowedHosts` (for a LAN bind). Exact, case-insensitive string comparison: no
 * suffix matching, no "empty host means localhost" (Ollama PR #17721), no port-less names (except on port
 * 80, where browsers omit the port). Pure functions; the Fastify hook lives in localhost-guard.ts.
 */

/** The loopback names a local client may use, each with the listening port. */
export function loopbackHosts(port: number): string[] {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  // Browsers and HTTP clients drop the default port from Host.
  if (port === 80) hosts.push('127.0.0.1', 'localhost', '[::1]');
  return hosts;
}

/** Every Host value the gateway answers to: the loopback names plus the configured extras, lower-cased. */
export function allowedHostSet(port: number, extra: readonly string[]): Set<string> {
  return new Set([...loopbackHosts(port), ...extra].map((host) => host.toLowerCase()));
}

/** True when `hostHeader` is exactly an allowed `host:port` (case-insensitive). */
export function isAllowedHost(hostHeader: string | undefined, port: number, extra: readonly string[] = []): boolean {
  if (!hostHeader) return false;
  return allowedHostSet(port, extra).has(hostHeader.toLowerCase());
}
