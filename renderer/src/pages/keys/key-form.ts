/**
 * The client key form's values and their validation with the gateway's own schemas (the LimitSet and the
 * client-name rule from gateway/config/ledger-schema.ts), with messages written for people.
 */
import '../../lib/zod-jitless';
import type { z } from 'zod';
import { LimitSet, LimitsConfig } from '../../../../gateway/config/ledger-schema';
import type { ClientKey, LimitSet as LimitSetShape } from '../../api/types';

const ClientName = LimitsConfig.shape.clients.unwrap().keyType;

export const LIMIT_FIELDS = [
  { key: 'usdPerDay', label: 'Spend per day', unit: 'USD', hint: 'UTC day' },
  { key: 'usdPerMonth', label: 'Spend per month', unit: 'USD', hint: 'UTC calendar month' },
  { key: 'requestsPerMinute', label: 'Requests per minute', unit: 'req', hint: 'sliding 60 s' },
  { key: 'tokensPerMinute', label: 'Tokens per minute', unit: 'tokens', hint: 'input + output' },
] as const;

export type LimitKey = (typeof LIMIT_FIELDS)[number]['key'];

export interface KeyFormValues {
  name: string;
  /** Comma, space or newline separated; empty = every model. */
  models: string;
  limits: Record<LimitKey, string>;
}

export type KeyFormErrors = Partial<Record<'name' | 'models' | LimitKey, string>>;

export interface KeyFormBody {
  name: string;
  models: string[] | null;
  limits: LimitSetShape | null;
}

export function emptyForm(): KeyFormValues {
  return { name: '', models: '', limits: { usdPerDay: '', usdPerMonth: '', requestsPerMinute: '', tokensPerMinute: '' } };
}

export function formFromKey(key: ClientKey): KeyFormValues {
  const limits = key.limits ?? {};
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    name: key.name,
    models: (key.models ?? []).join(', '),
    limits: { usdPerDay: text(limits.usdPerDay), usdPerMonth: text(limits.usdPerMonth), requestsPerMinute: text(limits.requestsPerMinute), tokensPerMinute: text(limits.tokensPerMinute) },
  };
}

export function parseModels(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((model) => model.trim()).filter(Boolean))];
}

function friendly(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'A whole number' : 'A number';
    case 'too_small':
      return issue.inclusive === false ? 'More than 0' : `At least ${String(issue.minimum)}`;
    case 'too_big':
      return `At most ${Number(issue.maximum).toLocaleString()}`;
    default:
      return issue.message;
  }
}

export function validateKeyForm(values: KeyFormValues, takenNames: readonly string[] = []): { ok: true; body: KeyFormBody } | { ok: false; errors: KeyFormErrors } {
  const errors: KeyFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Give the key a name, e.g. the tool that will use it';
  else if (!ClientName.safeParse(name).success) errors.name = 'Lowercase letters, digits, "-" and "_", starting with a letter or digit (at most 63)';
  else if (takenNames.includes(name)) errors.name = `A key named “${name}” already exists`;

  const models = parseModels(values.models);
  if (models.some((model) => model.length > 256)) errors.models = 'A model name is at most 256 characters';

  const raw: Record<string, number> = {};
  for (const field of LIMIT_FIELDS) {
    const text = values.limits[field.key].trim();
    if (!text) continue;
    const number = Number(text.replace(/[$,_\s]/g, ''));
    if (!Number.isFinite(number)) errors[field.key] = 'A number';
    else raw[field.key] = number;
  }
  const parsed = LimitSet.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as LimitKey | undefined;
      if (field && !errors[field]) errors[field] = friendly(issue);
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const limits = parsed.success ? parsed.data : {};
  return { ok: true, body: { name, models: models.length ? models : null, limits: Object.keys(limits).length ? limits : null } };
}

/** A key's limits in a few words: "$5/day · 60 req/min". */
export function describeLimits(limits: LimitSetShape | null): string {
  if (!limits) return '';
  const parts: string[] = [];
  if (limits.usdPerDay !== undefined) parts.push(`$${limits.usdPerDay}/day`);
  if (limits.usdPerMonth !== undefined) parts.push(`$${limits.usdPerMonth}/month`);
  if (limits.requestsPerMinute !== undefined) parts.push(`${limits.requestsPerMinute.toLocaleString()} req/min`);
  if (limits.tokensPerMinute !== undefined) parts.push(`${limits.tokensPerMinute.toLocaleString()} tok/min`);
  return parts.join(' · ');
}
