/**
 * Request validation shared by inbound dialects: a zod schema's first problem becomes a 400 GatewayError
 * whose `param` is the JSON path in the client's own terms (`messages[0].role`).
 */
import type { z } from 'zod';
import { formatPath } from '../config/issues.js';
import { GatewayError } from '../core/errors.js';

type Issue = z.core.$ZodIssue;

function describe(issue: Issue): { path: readonly PropertyKey[]; message: string; code: string } {
  switch (issue.code) {
    case 'invalid_type':
      return {
        path: issue.path,
        message: issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`,
        code: issue.input === undefined ? 'missing_required_parameter' : 'invalid_type',
      };
    case 'invalid_value':
      return {
        path: issue.path,
        message: `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`,
        code: 'invalid_value',
      };
    case 'invalid_union': {
      if (issue.input === undefined) return { path: issue.path, message: 'is required', code: 'missing_required_parameter' };
      if (issue.discriminator && 'options' in issue && issue.options) {
        return {
          path: issue.path,
          message: `must be one of ${issue.options.map((value) => JSON.stringify(value)).join(', ')}`,
          code: 'invalid_value',
        };
      }
      // Report the branch that got furthest into the value (its first issue has the longest path).
      const deepest = issue.errors
        .map((branch) => branch[0])
        .filter((inner): inner is Issue => inner !== undefined)
        .reduce<Issue | undefined>((best, inner) => (!best || inner.path.length > best.path.length ? inner : best), undefined);
      if (deepest && deepest.path.length > 0) {
        const inner = describe(deepest);
        return { ...inner, path: [...issue.path, ...inner.path] };
      }
      return { path: issue.path, message: 'has an unsupported type or shape', code: 'invalid_type' };
    }
    case 'too_small':
      return { path: issue.path, message: `is too small (minimum ${String(issue.minimum)})`, code: 'invalid_value' };
    case 'too_big':
      return { path: issue.path, message: `is too large (maximum ${String(issue.maximum)})`, code: 'invalid_value' };
    default:
      return { path: issue.path, message: issue.message, code: 'invalid_value' };
  }
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function validateRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new GatewayError('invalid_request', 'Invalid request body.');
  const { path, message, code } = describe(issue);
  const param = formatPath(path);
  throw new GatewayError('invalid_request', param ? `Invalid '${param}': ${message}.` : `Invalid request: ${message}.`, {
    param: param || undefined,
    code,
  });
}
