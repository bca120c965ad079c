/**
 * The virtualised list of requests: only the rows in view are in the DOM, more ledger pages load as the end
 * nears, and new live rows do not yank the view when you have scrolled down (a "N new" pill brings you back).
 * Keyboard: j/k or arrows move the selection, Enter opens it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TraceRow } from '../../lib/trace-row';
import { TraceRowView } from './TraceRowView';

const ROW_HEIGHT = 40;

export function TraceList({
  rows,
  onOpen,
  hasMore,
  loadingMore,
  onLoadMore,
  openId,
}: {
  rows: readonly TraceRow[];
  onOpen(id: string): void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  openId: string | undefined;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(0);
  const [unseen, setUnseen] = useState(0);
  const firstId = useRef<string | undefined>(undefined);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12, getItemKey: (index) => rows[index]?.id ?? index });

  // Rows added on top while scrolled down: keep what you are reading in place, count them instead.
  useLayoutEffect(() => {
    const element = scroller.current;
    const previous = firstId.current;
    firstId.current = rows[0]?.id;
    if (!element || !previous) return;
    const shift = rows.findIndex((row) => row.id === previous);
    if (shift > 0) {
      setSelected((index) => index + shift);
      if (element.scrollTop > 0) {
        element.scrollTop += shift * ROW_HEIGHT;
        setUnseen((count) => count + shift);
      }
    }
  }, [rows]);

  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows.length - 20 && hasMore && !loadingMore) onLoadMore();
  }, [last, rows.length, hasMore, loadingMore, onLoadMore]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const keys: Record<string, () => void> = {
      j: () => move(selected + 1),
      ArrowDown: () => move(selected + 1),
      k: () => move(selected - 1),
      ArrowUp: () => move(selected - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      PageDown: () => move(selected + 10),
      PageUp: () => move(selected - 10),
      Enter: () => {
        const row = rows[selected];
        if (row) onOpen(row.id);
      },
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const openRow = useCallback(
    (id: string, index: number) => {
      setSelected(index);
      onOpen(id);
    },
    [onOpen],
  );
  const selectedRow = rows[Math.min(selected, rows.length - 1)];
  return (
    <div className="trace-list">
      <div className="trace-row trace-head" aria-hidden="true">
        <span>Time</span>
        <span>Status</span>
        <span>Model</span>
        <span>Client key</span>
        <span>Dialect</span>
        <span className="right">Tokens</span>
        <span className="right">Cost</span>
        <span className="right">TTFB</span>
        <span className="right">Latency</span>
        <span />
      </div>
      {unseen > 0 && (
        <button
          type="button"
          className="new-pill"
          onClick={() => {
            scroller.current?.scrollTo({ top: 0 });
            setUnseen(0);
            setSelected(0);
          }}
        >
          ↑ {unseen} new request{unseen > 1 ? 's' : ''}
        </button>
      )}
      <div
        ref={scroller}
        className="trace-scroll"
        role="listbox"
        tabIndex={0}
        aria-label="Requests, newest first"
        aria-activedescendant={selectedRow ? `trace-${selectedRow.id}` : undefined}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          if (event.currentTarget.scrollTop < ROW_HEIGHT && unseen) setUnseen(0);
        }}
        data-testid="trace-list"
      >
        <div className="trace-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index] as TraceRow;
            return (
              <div key={item.key} className="trace-slot" style={{ transform: `translateY(${item.start}px)` }}>
                <TraceRowView row={row} index={item.index} id={`trace-${row.id}`} selected={item.index === selected || row.id === openId} onOpen={openRow} />
              </div>
            );
          })}
        </div>
        {loadingMore && <div className="trace-more muted">Loading older requests…</div>}
      </div>
    </div>
  );
}
