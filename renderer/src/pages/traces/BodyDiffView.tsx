/**
 * The line diff of the inbound request (left, "−") and what was sent upstream (right, "+"), unified or side
 * by side, with unchanged runs folded behind "N unchanged lines" buttons.
 */
import { useMemo, useState } from 'react';
import { foldRows, splitRows, type DiffLine, type Fold, type SplitCell } from './body-diff';

export type DiffLayout = 'unified' | 'split';

const SIGN = { same: ' ', add: '+', remove: '−' } as const;
const KIND_LABEL = { same: 'unchanged', add: 'added', remove: 'removed' } as const;

function FoldButton({ fold, columns, onOpen }: { fold: Fold; columns: number; onOpen(id: number): void }) {
  const count = fold.lines.length;
  return (
    <tr className="diff-fold">
      <td colSpan={columns}>
        <button type="button" className="diff-fold-button" onClick={() => onOpen(fold.id)}>
          {count} unchanged line{count === 1 ? '' : 's'}
        </button>
      </td>
    </tr>
  );
}

function UnifiedLine({ line }: { line: DiffLine }) {
  return (
    <tr className={`diff-line is-${line.kind}`}>
      <td className="diff-no">{line.oldNo ?? ''}</td>
      <td className="diff-no">{line.newNo ?? ''}</td>
      <td className="diff-sign" aria-label={KIND_LABEL[line.kind]}>
        {SIGN[line.kind]}
      </td>
      <td className="diff-text">{line.text}</td>
    </tr>
  );
}

function SplitCells({ cell }: { cell: SplitCell | null }) {
  if (!cell) {
    return (
      <>
        <td className="diff-no is-empty" />
        <td className="diff-text is-empty" />
      </>
    );
  }
  return (
    <>
      <td className={`diff-no is-${cell.kind}`}>{cell.no}</td>
      <td className={`diff-text is-${cell.kind}`}>
        {cell.kind !== 'same' && <span className="sr-only">{KIND_LABEL[cell.kind]}: </span>}
        {cell.text}
      </td>
    </>
  );
}

export function BodyDiffView({ lines, layout }: { lines: readonly DiffLine[]; layout: DiffLayout }) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const rows = useMemo(() => foldRows(lines, expanded), [lines, expanded]);
  const open = (id: number) => setExpanded((current) => new Set([...current, id]));
  if (layout === 'split') {
    const pairs = splitRows(rows);
    return (
      <div className="diff-scroll" tabIndex={0} role="region" aria-label="Body diff, side by side">
        <table className="diff-table is-split" data-testid="body-diff" aria-label="Inbound request (left) and upstream request (right)">
          <colgroup>
            <col className="diff-col-no" />
            <col />
            <col className="diff-col-no" />
            <col />
          </colgroup>
          <thead className="sr-only">
            <tr>
              <th>Inbound line</th>
              <th>Inbound</th>
              <th>Upstream line</th>
              <th>Upstream</th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((row, index) =>
              row.type === 'fold' ? (
                <FoldButton key={`fold-${row.id}`} fold={row} columns={4} onOpen={open} />
              ) : (
                <tr key={index} className="diff-line">
                  <SplitCells cell={row.left} />
                  <SplitCells cell={row.right} />
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="diff-scroll" tabIndex={0} role="region" aria-label="Body diff">
      <table className="diff-table is-unified" data-testid="body-diff" aria-label="Changes from the inbound request to the upstream request">
        <colgroup>
          <col className="diff-col-no" />
          <col className="diff-col-no" />
          <col className="diff-col-sign" />
          <col />
        </colgroup>
        <thead className="sr-only">
          <tr>
            <th>Inbound line</th>
            <th>Upstream line</th>
            <th>Change</th>
            <th>Text</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (row.type === 'fold' ? <FoldButton key={`fold-${row.id}`} fold={row} columns={4} onOpen={open} /> : <UnifiedLine key={index} line={row} />))}
        </tbody>
      </table>
    </div>
  );
}
