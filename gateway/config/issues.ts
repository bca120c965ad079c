/**
 * zod issues → one readable line per problem, each naming the JSON path of the bad field
 * (`providers.oai.type: expected one of openai | groq | …`). Used for config files and the admin API.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** `providers.oai.models[2]` style path. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => String(value)).join(' | ')}`;
    case 'invalid_type':
      return issue.message.replace(/^Invalid input: /, '');
    default:
      return issue.message;
  }
}

/** Flattens union issues to the branch that got furthest (fewest problems). */
function flatten(issue: Issue, base: Path): Array<{ path: Path; message: string }> {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
    return best.flatMap((inner) => flatten(inner, path));
  }
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    // A bad record key (route name, price key): say what is wrong with the key itself.
    return issue.issues.map((inner) => ({ path, message: describe(inner) }));
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
  }
  return [{ path, message: describe(issue) }];
}

export function formatIssues(issues: readonly Issue[], prefix: Path = []): string[] {
  return issues.flatMap((issue) => flatten(issue, prefix)).map(({ path, message }) => {
    const where = formatPath(path);
    return where ? `${where}: ${message}` : message;
  });
}
