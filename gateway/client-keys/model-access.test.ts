import { describe, expect, it } from 'vitest';
import { modelAllowed, patternAllows } from './model-access.js';

describe('client key model access', () => {
  it('matches exact names, provider wildcards and *', () => {
    expect(patternAllows('*', 'oai/gpt-4o')).toBe(true);
    expect(patternAllows('oai/*', 'oai/gpt-4o')).toBe(true);
    expect(patternAllows('oai/*', 'oai/')).toBe(false);
    expect(patternAllows('oai/*', 'oaix/gpt-4o')).toBe(false);
    expect(patternAllows('oai/*', 'fast')).toBe(false);
    expect(patternAllows('fast', 'fast')).toBe(true);
    expect(patternAllows('fast', 'faster')).toBe(false);
  });

  it('allows everything without a list and nothing with an empty one', () => {
    expect(modelAllowed(null, 'anything')).toBe(true);
    expect(modelAllowed([], 'anything')).toBe(false);
  });

  it('allows a direct model by the name asked for or by what it resolved to', () => {
    expect(modelAllowed(['ant/*'], 'claude-sonnet-4-5', 'ant/claude-sonnet-4-5')).toBe(true);
    expect(modelAllowed(['ant/*'], 'claude-sonnet-4-5')).toBe(false);
    expect(modelAllowed(['claude-sonnet-4-5'], 'claude-sonnet-4-5', 'ant/claude-sonnet-4-5')).toBe(true);
    expect(modelAllowed(['oai/*'], 'fast')).toBe(false);
  });
});
