/** Helpers for the `extensions` bag: what a codec does not model rides along for its own dialect. */
import type { DialectId, Extensions } from '../core/request.js';

/** The fields of `source` not in `known`, or undefined when there are none. `null`s are dropped. */
export function unknownFields(
  source: Readonly<Record<string, unknown>>,
  known: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in source) {
    if (known.has(key)) continue;
    const value = source[key];
    if (value === null || value === undefined) continue;
    (out ??= {})[key] = value;
  }
  return out;
}

export function makeExtensions(
  dialect: DialectId,
  fields: Record<string, unknown> | undefined,
  hints?: Record<string, string | boolean>,
): Extensions | undefined {
  if (!fields && !hints) return undefined;
  const extensions: Extensions = { dialect };
  if (fields) extensions.fields = fields;
  if (hints) extensions.hints = hints;
  return extensions;
}

/** The extension fields recorded by `dialect`, or undefined when they came from another dialect. */
export function fieldsOf(extensions: Extensions | undefined, dialect: DialectId): Record<string, unknown> | undefined {
  return extensions?.dialect === dialect ? extensions.fields : undefined;
}

export function hintOf(extensions: Extensions | undefined, dialect: DialectId, name: string): string | boolean | undefined {
  return extensions?.dialect === dialect ? extensions.hints?.[name] : undefined;
}
