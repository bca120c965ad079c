import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { createConfigEditor, parseField } from './config-edit.js';
import { RouteConfig } from './routing-schema.js';
import { validateConfig } from './load.js';

const base = validateConfig({ providers: { oai: { type: 'openai', apiKey: 'env:K' } } }, 'test');

function thrown(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('config edits', () => {
  it('reports a field problem at its config path', () => {
    const error = thrown(() => parseField(RouteConfig, { targets: [{ model: 'oai/x', weight: -1 }] }, ['routes', 'fast']));
    expect(error.status).toBe(400);
    expect(error.param).toBe('routes.fast.targets[0].weight');
    expect(error.message).toMatch(/^routes\.fast\.targets\[0\]\.weight: /);
  });

  it('validates the whole config: a route naming an unknown provider is refused with the path', () => {
    const editor = createConfigEditor(undefined);
    const error = thrown(() => editor.commit({ ...base, routes: { fast: { strategy: 'fallback', targets: [{ model: 'nope/x' }] } } }, []));
    expect(error.param).toBe('routes.fast.targets[0].model');
    expect(error.message).toContain('provider "nope" is not configured');
    expect(editor.commit({ ...base, routes: { fast: { strategy: 'fallback', targets: [{ model: 'oai/x' }] } } }, [])).toMatchObject({ persisted: false });
  });

  it('runs edits one at a time, even when one fails', async () => {
    const editor = createConfigEditor(undefined);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = editor.serial(async () => {
      await gate;
      order.push('first');
      throw new Error('boom');
    });
    const second = editor.serial(async () => order.push('second'));
    release();
    await expect(first).rejects.toThrow('boom');
    await second;
    expect(order).toEqual(['first', 'second']);
  });
});
