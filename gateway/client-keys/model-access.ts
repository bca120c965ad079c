/**
 * Which models a client key may use. A key's `models` list holds exact names (`oai/gpt-4o-mini`, a route
 * such as `fast`, `auto`), provider wildcards (`oai/*`) or `*`; no list means every model. A route is
 * allowed by its own name (its targets are the route's business); a model asked for directly is allowed
 * by the name asked for or by the `provider/model` it resolved to (so `claude-sonnet-4-5` is allowed by
 * `ant/*`).
 */

export function patternAllows(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1)) && name.length > pattern.length - 1;
  return pattern === name;
}

export function modelAllowed(models: readonly string[] | null, requested: string, resolved?: string): boolean {
  if (models === null) return true;
  return models.some((pattern) => patternAllows(pattern, requested) || (resolved !== undefined && patternAllows(pattern, resolved)));
}
