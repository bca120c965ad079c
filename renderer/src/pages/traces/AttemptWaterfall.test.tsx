// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptWaterfall } from './AttemptWaterfall';

afterEach(cleanup);

describe('attempt waterfall', () => {
  it('shows each attempt with its outcome, the decision and why, and sizes bars on the shared axis', () => {
    render(
      <AttemptWaterfall
        requestStart={1_000}
        totalMs={200}
        attempts={[
          { n: 1, model: 'fast', provider: 'mock', upstreamModel: 'gpt-500', startedAt: 1_000, latencyMs: 50, outcome: 'error', errorKind: 'upstream_server_error', upstreamStatus: 500, message: 'The server had an error', decision: 'fallback', why: 'next target', waitMs: null },
          { n: 2, model: 'fast', provider: 'mock', upstreamModel: 'gpt-test', startedAt: 1_100, latencyMs: 20, outcome: 'ok', errorKind: null, upstreamStatus: null, message: null, decision: null, why: null, waitMs: null },
        ]}
      />,
    );
    const rows = screen.getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('server error 500');
    expect(rows[0]?.textContent).toContain('fell back: next target');
    expect(rows[1]?.textContent).toContain('ok · 20 ms');
    const bars = rows[1]?.querySelectorAll<HTMLElement>('.waterfall-bar');
    expect(bars?.[0]?.style.left).toBe('50.00%');
    expect(bars?.[0]?.style.width).toBe('10.00%');
    expect(bars?.[1]?.style.width).toBe('40.00%');
  });

  it('explains an empty log', () => {
    render(<AttemptWaterfall requestStart={0} totalMs={3} attempts={[]} />);
    expect(screen.getByText(/No upstream attempt was made/)).toBeTruthy();
  });
});
