import { describe, expect, it } from 'vitest';
import { diffTexts, foldRows, formatBytes, planDiff, prettyBody, splitRows, summarize, type DiffLine } from './body-diff';

const anthropicIn = JSON.stringify({ model: 'claude-x', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }], stream: true });
const openaiOut = JSON.stringify({ model: 'gpt-y', max_tokens: 100, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });

describe('prettyBody', () => {
  it('re-prints JSON with a 2-space indent, the same way for the same document', () => {
    expect(prettyBody('{"a":1,"b":[true]}')).toMatchObject({ json: true, text: '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}' });
    expect(prettyBody('{"a":1}').text).toBe(prettyBody('{ "a" : 1 }').text);
  });

  it('falls back to the raw text when it does not parse (a truncated body)', () => {
    expect(prettyBody('{"a":1,"b":"cut her')).toEqual({ text: '{"a":1,"b":"cut her', json: false });
  });
});

describe('diffTexts', () => {
  it('numbers lines on both sides and counts what was added and removed', () => {
    const diff = diffTexts('a\nb\nc', 'a\nB\nc\nd')!;
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.lines).toEqual([
      { kind: 'same', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'remove', text: 'b', oldNo: 2, newNo: null },
      { kind: 'add', text: 'B', oldNo: null, newNo: 2 },
      { kind: 'same', text: 'c', oldNo: 3, newNo: 3 },
      { kind: 'add', text: 'd', oldNo: null, newNo: 4 },
    ]);
  });

  it('does not mark a last line as changed because a line now follows it', () => {
    const diff = diffTexts('x\ny', 'x\ny\nz')!;
    expect(diff.lines.filter((line) => line.kind !== 'same')).toEqual([{ kind: 'add', text: 'z', oldNo: null, newNo: 3 }]);
  });

  it('reports identical texts as no change', () => {
    expect(diffTexts('same', 'same')).toMatchObject({ added: 0, removed: 0 });
  });
});

const same = (n: number): DiffLine => ({ kind: 'same', text: `s${n}`, oldNo: n, newNo: n });

describe('foldRows', () => {
  const lines: DiffLine[] = [...Array.from({ length: 10 }, (_, i) => same(i + 1)), { kind: 'add', text: 'new', oldNo: null, newNo: 11 }, ...Array.from({ length: 10 }, (_, i) => same(i + 11))];

  it('folds unchanged runs, keeping 3 lines of context next to each change', () => {
    const rows = foldRows(lines);
    expect(rows.map((row) => (row.type === 'fold' ? `fold ${row.lines.length}` : row.text))).toEqual(['fold 7', 's8', 's9', 's10', 'new', 's11', 's12', 's13', 'fold 7']);
  });

  it('keeps an expanded fold open, by its id', () => {
    const first = foldRows(lines)[0]!;
    expect(first.type).toBe('fold');
    const rows = foldRows(lines, new Set([first.type === 'fold' ? first.id : -1]));
    expect(rows.filter((row) => row.type === 'fold')).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'line', text: 's1' });
  });

  it('does not fold a run of one line', () => {
    const short: DiffLine[] = [{ kind: 'remove', text: 'x', oldNo: 1, newNo: null }, ...Array.from({ length: 7 }, (_, i) => same(i + 2)), { kind: 'add', text: 'y', oldNo: null, newNo: 9 }];
    expect(foldRows(short).some((row) => row.type === 'fold')).toBe(false);
  });
});

describe('splitRows', () => {
  it('pairs removed lines with the added lines that follow them', () => {
    const diff = diffTexts('a\nb\nc\nd', 'a\nB\nC\nD2\nD3')!;
    const rows = splitRows(foldRows(diff.lines));
    expect(rows[0]).toEqual({ type: 'pair', left: { kind: 'same', no: 1, text: 'a' }, right: { kind: 'same', no: 1, text: 'a' } });
    const changed = rows.slice(1);
    expect(changed).toHaveLength(4);
    expect(changed[0]).toEqual({ type: 'pair', left: { kind: 'remove', no: 2, text: 'b' }, right: { kind: 'add', no: 2, text: 'B' } });
    expect(changed[3]).toEqual({ type: 'pair', left: null, right: { kind: 'add', no: 5, text: 'D3' } });
  });
});

describe('summarize and planDiff', () => {
  it('says what the gateway changed: the model, scalar values, added and dropped fields, line counts', () => {
    const plan = planDiff(anthropicIn, openaiOut);
    expect(plan.kind).toBe('diff');
    expect(plan.summary).toContain('model: claude-x → gpt-y');
    expect(plan.summary).toContain('added stream_options');
    expect(plan.summary).toContain('dropped system');
    expect(plan.summary.at(-1)).toMatch(/^\+\d+ −\d+ lines$/);
    if (plan.kind === 'diff') expect(plan.diff.lines.some((line) => line.kind === 'add' && line.text.includes('"role": "system"'))).toBe(true);
  });

  it('notes changed scalar fields and identical bodies', () => {
    expect(summarize(prettyBody('{"model":"m","temperature":1}'), prettyBody('{"model":"m","temperature":0.5}'), null)).toEqual(['temperature: 1 → 0.5']);
    expect(planDiff('{"model":"m"}', '{"model":"m"}').summary).toEqual(['identical']);
  });

  it('does not diff bodies above the limit, and says why', () => {
    const big = JSON.stringify({ model: 'a', text: 'x'.repeat(300 * 1024) });
    const plan = planDiff(anthropicIn, big);
    expect(plan.kind).toBe('no-diff');
    if (plan.kind === 'no-diff') expect(plan.reason).toContain('300 KB');
    expect(plan.summary).toContain('model: claude-x → a');
    expect(planDiff(anthropicIn, openaiOut, 100).kind).toBe('no-diff');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(300 * 1024)).toBe('300 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
