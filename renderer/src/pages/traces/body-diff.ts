/**
 * The inbound request next to what was sent upstream: both bodies pretty-printed the same way (JSON with a
 * 2-space indent; anything that does not parse is shown as it is), a line diff (jsdiff), rows for a unified
 * or a side-by-side view with unchanged runs folded, and a short summary of what the gateway changed.
 * Pure functions.
 */
import { diffLines } from 'diff';

/** Bodies larger than this (either side) are shown without a diff: diffing them could freeze the page. */
export const DIFF_LIMIT_BYTES = 200 * 1024;
/** Unchanged lines kept around each change; longer unchanged runs fold into an expander. */
export const CONTEXT_LINES = 3;
/** A diff that takes longer than this is given up (jsdiff's own timeout). */
const DIFF_TIMEOUT_MS = 1500;

export interface PrettyBody {
  text: string;
  json: boolean;
  /** The parsed document (JSON bodies only). */
  value?: unknown;
}

/** JSON re-printed with a 2-space indent (stable for the same document); other text as it is. */
export function prettyBody(raw: string): PrettyBody {
  try {
    const value: unknown = JSON.parse(raw);
    return { text: JSON.stringify(value, null, 2), json: true, value };
  } catch {
    return { text: raw, json: false };
  }
}

export const byteLength = (text: string): number => new TextEncoder().encode(text).length;

export type LineKind = 'same' | 'add' | 'remove';

export interface DiffLine {
  kind: LineKind;
  text: string;
  /** Line number on the inbound (left) side; null for an added line. */
  oldNo: number | null;
  /** Line number on the upstream (right) side; null for a removed line. */
  newNo: number | null;
}

export interface BodyDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

const splitLines = (value: string): string[] => {
  const lines = value.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** The line diff of two texts, or null when it took too long (the caller shows both bodies instead). */
export function diffTexts(before: string, after: string): BodyDiff | null {
  // Both end with a newline, so a last line is not "changed" just because a line now follows it.
  const changes = diffLines(`${before}\n`, `${after}\n`, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return null;
  const lines: DiffLine[] = [];
  let oldNo = 1;
  let newNo = 1;
  let added = 0;
  let removed = 0;
  for (const change of changes) {
    for (const text of splitLines(change.value)) {
      if (change.added) {
        lines.push({ kind: 'add', text, oldNo: null, newNo: newNo++ });
        added++;
      } else if (change.removed) {
        lines.push({ kind: 'remove', text, oldNo: oldNo++, newNo: null });
        removed++;
      } else {
        lines.push({ kind: 'same', text, oldNo: oldNo++, newNo: newNo++ });
      }
    }
  }
  return { lines, added, removed };
}

/** A fold of unchanged lines, shown as "N unchanged lines" until expanded. */
export interface Fold {
  type: 'fold';
  /** Stable for the same diff: the index of its first line. */
  id: number;
  lines: DiffLine[];
}

export type UnifiedRow = ({ type: 'line' } & DiffLine) | Fold;

/**
 * The diff with unchanged runs longer than `2 × context + 1` folded, keeping `context` lines next to each
 * change (a run at the start or end keeps only the side next to a change). Folds in `expanded` stay open.
 */
export function foldRows(lines: readonly DiffLine[], expanded: ReadonlySet<number> = new Set(), context = CONTEXT_LINES): UnifiedRow[] {
  const rows: UnifiedRow[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.kind !== 'same') {
      rows.push({ type: 'line', ...line });
      index++;
      continue;
    }
    let end = index;
    while (end < lines.length && lines[end]!.kind === 'same') end++;
    const keepBefore = index === 0 ? 0 : context;
    const keepAfter = end === lines.length ? 0 : context;
    const foldFrom = index + keepBefore;
    const foldTo = end - keepAfter;
    // Folding fewer than 2 lines saves nothing.
    if (foldTo - foldFrom >= 2 && !expanded.has(foldFrom)) {
      for (let at = index; at < foldFrom; at++) rows.push({ type: 'line', ...lines[at]! });
      rows.push({ type: 'fold', id: foldFrom, lines: lines.slice(foldFrom, foldTo) });
      for (let at = foldTo; at < end; at++) rows.push({ type: 'line', ...lines[at]! });
    } else {
      for (let at = index; at < end; at++) rows.push({ type: 'line', ...lines[at]! });
    }
    index = end;
  }
  return rows;
}

export interface SplitCell {
  kind: LineKind;
  no: number;
  text: string;
}

/** A side-by-side row: the inbound line on the left, the upstream line on the right (either may be empty). */
export type SplitRow = { type: 'pair'; left: SplitCell | null; right: SplitCell | null } | Fold;

/** Unified rows paired for a side-by-side view: a run of removed lines faces the added lines that follow it. */
export function splitRows(rows: readonly UnifiedRow[]): SplitRow[] {
  const result: SplitRow[] = [];
  let index = 0;
  while (index < rows.length) {
    const row = rows[index]!;
    if (row.type === 'fold') {
      result.push(row);
      index++;
      continue;
    }
    if (row.kind === 'same') {
      result.push({ type: 'pair', left: { kind: 'same', no: row.oldNo ?? 0, text: row.text }, right: { kind: 'same', no: row.newNo ?? 0, text: row.text } });
      index++;
      continue;
    }
    const removed: DiffLine[] = [];
    const added: DiffLine[] = [];
    while (index < rows.length) {
      const next = rows[index]!;
      if (next.type !== 'line' || next.kind === 'same') break;
      if (next.kind === 'remove' && added.length > 0) break;
      (next.kind === 'remove' ? removed : added).push(next);
      index++;
    }
    for (let at = 0; at < Math.max(removed.length, added.length); at++) {
      const left = removed[at];
      const right = added[at];
      result.push({
        type: 'pair',
        left: left ? { kind: 'remove', no: left.oldNo ?? 0, text: left.text } : null,
        right: right ? { kind: 'add', no: right.newNo ?? 0, text: right.text } : null,
      });
    }
  }
  return result;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short, scalar-only rendering of a value for the summary. */
function brief(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 39)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? `[${value.length}]` : '{…}';
}

/**
 * What the gateway changed, in a few words: the model, scalar fields whose value changed, fields it added
 * or dropped at the top level, and the line counts.
 */
export function summarize(before: PrettyBody, after: PrettyBody, diff: BodyDiff | null): string[] {
  const notes: string[] = [];
  if (isObject(before.value) && isObject(after.value)) {
    const left = before.value;
    const right = after.value;
    if (left.model !== right.model) notes.push(`model: ${brief(left.model ?? '—')} → ${brief(right.model ?? '—')}`);
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => key !== 'model');
    const addedKeys = keys.filter((key) => !(key in left));
    const droppedKeys = keys.filter((key) => !(key in right));
    for (const key of keys) {
      if (!(key in left) || !(key in right)) continue;
      const a = left[key];
      const b = right[key];
      const scalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);
      if (scalar(a) && scalar(b) && a !== b) notes.push(`${key}: ${brief(a)} → ${brief(b)}`);
    }
    if (addedKeys.length) notes.push(`added ${addedKeys.join(', ')}`);
    if (droppedKeys.length) notes.push(`dropped ${droppedKeys.join(', ')}`);
  }
  if (diff) notes.push(diff.added === 0 && diff.removed === 0 ? 'identical' : `+${diff.added} −${diff.removed} lines`);
  return notes;
}

export type DiffPlan =
  | { kind: 'diff'; before: PrettyBody; after: PrettyBody; diff: BodyDiff; summary: string[] }
  /** Shown side by side without a diff, with the reason. */
  | { kind: 'no-diff'; before: PrettyBody; after: PrettyBody; reason: string; summary: string[] };

/**
 * Everything the comparison shows for two raw bodies (as kept: a truncated body is diffed as far as it was
 * kept). Above `limit` bytes either side (pretty-printed), no diff is computed.
 */
export function planDiff(inbound: string, upstream: string, limit = DIFF_LIMIT_BYTES): DiffPlan {
  const before = prettyBody(inbound);
  const after = prettyBody(upstream);
  const largest = Math.max(byteLength(before.text), byteLength(after.text));
  if (largest > limit) {
    return { kind: 'no-diff', before, after, reason: `Not diffed: a body is ${formatBytes(largest)}, more than the ${formatBytes(limit)} the page diffs without slowing down.`, summary: summarize(before, after, null) };
  }
  const diff = diffTexts(before.text, after.text);
  if (!diff) return { kind: 'no-diff', before, after, reason: 'Not diffed: the bodies differ too much to diff quickly.', summary: summarize(before, after, null) };
  return { kind: 'diff', before, after, diff, summary: summarize(before, after, diff) };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
