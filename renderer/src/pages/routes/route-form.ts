/**
 * The route editor's logic, free of React: form values ↔ RouteConfig (validated with the gateway's own
 * schema), and error paths (`routes.fast.targets[0].model` from the gateway, or a Zod issue path) → the
 * form field that shows the message.
 */
import '../../lib/zod-jitless';
import { RouteConfig as RouteConfigSchema, RouteName } from '../../../../gateway/config/routing-schema';
import type { RouteConfig } from '../../api/types';

export type Strategy = RouteConfig['strategy'];

export interface TargetRow {
  /** A stable React key for the row (rows move and are removed). */
  key: string;
  model: string;
  weight: string;
  timeoutMs: string;
}

export interface RouteFormValues {
  name: string;
  strategy: Strategy;
  description: string;
  targets: TargetRow[];
  timeoutMs: string;
  totalTimeoutMs: string;
  maxRetries: string;
}

/** Field → message. Fields: name, strategy, description, timeoutMs, totalTimeoutMs, maxRetries, targets, targets.N.model|weight|timeoutMs, form. */
export type RouteFormErrors = Record<string, string>;

export const STRATEGIES: Array<{ value: Strategy; label: string; explain: string }> = [
  { value: 'fallback', label: 'Fallback', explain: 'Tries the targets in order; the next one when a target fails.' },
  { value: 'weighted', label: 'Weighted', explain: 'Spreads traffic by weight; the others are the fallbacks.' },
  { value: 'cheapest', label: 'Cheapest', explain: 'Puts the target with the lowest estimated cost for each request first.' },
  { value: 'fastest', label: 'Fastest', explain: 'Puts the target with the best measured latency first.' },
];

let rowCounter = 0;
export function newTarget(model = ''): TargetRow {
  rowCounter += 1;
  return { key: `t${rowCounter}`, model, weight: '', timeoutMs: '' };
}

export function emptyRouteForm(): RouteFormValues {
  return { name: '', strategy: 'fallback', description: '', targets: [newTarget()], timeoutMs: '', totalTimeoutMs: '', maxRetries: '' };
}

const text = (value: number | undefined): string => (value === undefined ? '' : String(value));

export function formFromRoute(name: string, route: RouteConfig): RouteFormValues {
  return {
    name,
    strategy: route.strategy,
    description: route.description ?? '',
    targets: route.targets.length ? route.targets.map((target) => ({ ...newTarget(target.model), weight: text(target.weight), timeoutMs: text(target.timeoutMs) })) : [newTarget()],
    timeoutMs: text(route.timeoutMs),
    totalTimeoutMs: text(route.totalTimeoutMs),
    maxRetries: text(route.maxRetries),
  };
}

/** A number typed by a person: blank is "not set", separators and units are forgiven, anything else is NaN. */
export function parseNumber(raw: string): number | undefined {
  const cleaned = raw.trim().replace(/[\s,_]/g, '').replace(/ms$/i, '');
  if (cleaned === '') return undefined;
  return /^-?\d*\.?\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** Gateway param (`routes.fast.targets[0].model`) or Zod path (`['targets', 0, 'model']`) → form field. */
export function fieldFromPath(path: string | ReadonlyArray<PropertyKey> | null | undefined): string {
  if (path === null || path === undefined) return 'form';
  let parts: string[];
  if (typeof path === 'string') {
    parts = path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean);
    // `routes.<name>.…`: the route's own fields; `routes.<name>` alone (or `routes`) is about the name.
    if (parts[0] === 'routes') parts = parts.length <= 2 ? ['name'] : parts.slice(2);
  } else {
    parts = path.map(String);
  }
  if (parts.length === 0) return 'form';
  const [head, index, leaf] = parts;
  if (head === 'targets') {
    if (index === undefined || !/^\d+$/.test(index)) return 'targets';
    return `targets.${index}.${leaf && ['model', 'weight', 'timeoutMs'].includes(leaf) ? leaf : 'model'}`;
  }
  return head && ['name', 'strategy', 'description', 'timeoutMs', 'totalTimeoutMs', 'maxRetries'].includes(head) ? head : 'form';
}

/** Zod's terse messages, reworded for a person filling in this form. */
function explainIssue(field: string, code: string, message: string, minimum?: unknown, maximum?: unknown): string {
  const leaf = field.split('.').pop() ?? field;
  if (leaf === 'model' && code === 'too_small') return 'Choose a model: provider/model';
  if (field === 'targets' && code === 'too_small') return 'Add at least one target';
  if (field === 'targets' && code === 'too_big') return 'At most 32 targets';
  if (/imeoutMs$/.test(leaf)) {
    if (code === 'invalid_type' && /int/i.test(message)) return 'Whole milliseconds';
    if (code === 'too_small') return `At least ${String(minimum ?? 100)} ms`;
    if (code === 'too_big') return `At most ${String(maximum ?? 3_600_000)} ms (an hour)`;
  }
  if (leaf === 'maxRetries') {
    if (code === 'too_small' || code === 'too_big') return 'From 0 to 10';
    return 'A whole number from 0 to 10';
  }
  if (leaf === 'weight') {
    if (code === 'too_small') return 'More than 0';
    if (code === 'too_big') return 'At most 1,000,000';
  }
  if (code === 'invalid_type') return 'A number';
  return message;
}

export type RouteFormResult = { ok: true; name: string; route: RouteConfig } | { ok: false; errors: RouteFormErrors };

/** Checks the form with the gateway's schema and builds the PUT body; `takenNames` for a new route. */
export function validateRouteForm(values: RouteFormValues, takenNames: readonly string[] = []): RouteFormResult {
  const errors: RouteFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Give the route a name: tools send it as the model name';
  else if (!RouteName.safeParse(name).success) errors.name = 'Letters, digits, “.”, “_”, “:” or “-” (no “/”: that names a provider’s model), at most 63 characters';
  else if (takenNames.includes(name)) errors.name = `A route named “${name}” already exists`;

  const numbers: Record<string, number | undefined> = {};
  const number = (field: string, raw: string) => {
    const value = parseNumber(raw);
    if (Number.isNaN(value)) errors[field] = 'A number';
    else numbers[field] = value;
    return Number.isNaN(value) ? undefined : value;
  };
  const targets = values.targets.map((row, index) => {
    const weight = number(`targets.${index}.weight`, row.weight);
    const timeoutMs = number(`targets.${index}.timeoutMs`, row.timeoutMs);
    return { model: row.model.trim(), ...(weight !== undefined && values.strategy === 'weighted' ? { weight } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  });
  const timeoutMs = number('timeoutMs', values.timeoutMs);
  const totalTimeoutMs = number('totalTimeoutMs', values.totalTimeoutMs);
  const maxRetries = number('maxRetries', values.maxRetries);
  const description = values.description.trim();
  const candidate = {
    strategy: values.strategy,
    targets,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(totalTimeoutMs !== undefined ? { totalTimeoutMs } : {}),
    ...(maxRetries !== undefined ? { maxRetries } : {}),
    ...(description ? { description } : {}),
  };
  const parsed = RouteConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldFromPath(issue.path);
      const extra = issue as { minimum?: unknown; maximum?: unknown };
      errors[field] ??= explainIssue(field, issue.code, issue.message, extra.minimum, extra.maximum);
    }
  }
  const seen = new Map<string, number>();
  targets.forEach((target, index) => {
    if (!target.model) return;
    const first = seen.get(target.model);
    if (first !== undefined) errors[`targets.${index}.model`] ??= `Already target ${first + 1}: a route tries each model once`;
    else seen.set(target.model, index);
    if (target.model === name) errors[`targets.${index}.model`] ??= 'A route cannot target itself';
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, name, route: candidate as RouteConfig };
}

/** An error from `PUT /admin/routes/:name` → the field that shows it. */
export function errorsFromApi(error: { message: string; param?: string | null }): RouteFormErrors {
  return { [fieldFromPath(error.param)]: error.message };
}

/** The first field with an error, in the order they appear on screen (to move focus there). */
export function firstErrorField(errors: RouteFormErrors, values: RouteFormValues): string | undefined {
  const order = ['name', 'strategy', ...values.targets.flatMap((_, index) => [`targets.${index}.model`, `targets.${index}.weight`, `targets.${index}.timeoutMs`]), 'targets', 'timeoutMs', 'totalTimeoutMs', 'maxRetries', 'description', 'form'];
  return order.find((field) => errors[field]);
}

export function moveTarget(targets: readonly TargetRow[], index: number, by: -1 | 1): TargetRow[] {
  const to = index + by;
  if (to < 0 || to >= targets.length) return [...targets];
  const next = [...targets];
  const [row] = next.splice(index, 1);
  if (row) next.splice(to, 0, row);
  return next;
}

/** Each target's share of traffic under `weighted` (weight default 1), as fractions. */
export function weightShares(targets: readonly TargetRow[]): number[] {
  const weights = targets.map((row) => {
    const value = parseNumber(row.weight);
    return value === undefined ? 1 : Number.isFinite(value) && value > 0 ? value : 0;
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (total > 0 ? weight / total : 0));
}
