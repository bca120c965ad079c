import { describe, expect, it } from 'vitest';
import { finishLabel } from './trace-detail';

describe('finishLabel', () => {
  it('says how one answer ended', () => {
    expect(finishLabel(['length'])).toBe('length (hit max tokens)');
    expect(finishLabel(['tool-calls', 'tool-calls'])).toBe('tool calls');
  });

  it('lists each choice when they differ, and passes unknown reasons through', () => {
    expect(finishLabel(['stop', 'length'])).toBe('#0 stop · #1 length');
    expect(finishLabel(['stop', 'paused'])).toBe('#0 stop · #1 paused');
  });
});
