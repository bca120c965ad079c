import { describe, expect, it } from 'vitest';
import { emptyRouteForm, errorsFromApi, fieldFromPath, firstErrorField, formFromRoute, moveTarget, newTarget, parseNumber, validateRouteForm, weightShares } from './route-form';

const form = (patch: Partial<ReturnType<typeof emptyRouteForm>>) => ({ ...emptyRouteForm(), ...patch });

describe('route form', () => {
  it('builds a RouteConfig with the gateway’s schema, leaving blanks unset', () => {
    const values = form({ name: 'fast', targets: [newTarget(' mock/gpt-500 '), { ...newTarget('mock/gpt-test'), timeoutMs: '2,000 ms' }], totalTimeoutMs: '30000', maxRetries: '0' });
    expect(validateRouteForm(values)).toEqual({
      ok: true,
      name: 'fast',
      route: { strategy: 'fallback', targets: [{ model: 'mock/gpt-500' }, { model: 'mock/gpt-test', timeoutMs: 2000 }], totalTimeoutMs: 30000, maxRetries: 0 },
    });
  });

  it('keeps weights only for the weighted strategy', () => {
    const targets = [{ ...newTarget('a/x'), weight: '3' }, { ...newTarget('b/y'), weight: '' }];
    expect(validateRouteForm(form({ name: 'w', strategy: 'weighted', targets }))).toMatchObject({ ok: true, route: { targets: [{ model: 'a/x', weight: 3 }, { model: 'b/y' }] } });
    expect(validateRouteForm(form({ name: 'w', strategy: 'fallback', targets }))).toMatchObject({ ok: true, route: { targets: [{ model: 'a/x' }, { model: 'b/y' }] } });
  });

  it('round-trips a route through the form', () => {
    const route = { strategy: 'weighted' as const, targets: [{ model: 'a/x', weight: 2, timeoutMs: 1500 }, { model: 'b/y' }], timeoutMs: 5000, description: 'cheap first' };
    const result = validateRouteForm(formFromRoute('mix', route));
    expect(result).toEqual({ ok: true, name: 'mix', route });
  });

  it('says what is wrong, at the field that is wrong', () => {
    const values = form({
      name: 'bad/name',
      targets: [newTarget(''), { ...newTarget('a/x'), timeoutMs: '50' }, newTarget('a/x')],
      totalTimeoutMs: 'soon',
      maxRetries: '11',
    });
    const result = validateRouteForm(values, []);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: expect.stringContaining('no “/”'),
      'targets.0.model': 'Choose a model: provider/model',
      'targets.1.timeoutMs': 'At least 100 ms',
      'targets.2.model': 'Already target 2: a route tries each model once',
      totalTimeoutMs: 'A number',
      maxRetries: 'From 0 to 10',
    });
    expect(firstErrorField(result.errors, values)).toBe('name');
    expect(validateRouteForm(form({ name: 'fast', targets: [newTarget('a/x')] }), ['fast'])).toMatchObject({ ok: false, errors: { name: 'A route named “fast” already exists' } });
    expect(validateRouteForm(form({ name: '', targets: [] }))).toMatchObject({ ok: false, errors: { name: expect.stringContaining('name'), targets: 'Add at least one target' } });
    expect(validateRouteForm(form({ name: 'loop', targets: [newTarget('loop')] }))).toMatchObject({ ok: false, errors: { 'targets.0.model': 'A route cannot target itself' } });
  });

  it('maps gateway params and Zod paths to fields', () => {
    expect(fieldFromPath('routes.fast.targets[0].model')).toBe('targets.0.model');
    expect(fieldFromPath('routes.my.route.targets[2].weight')).toBe('form');
    expect(fieldFromPath('routes.fast.targets[1]')).toBe('targets.1.model');
    expect(fieldFromPath('routes.fast.targets')).toBe('targets');
    expect(fieldFromPath('routes.fast.totalTimeoutMs')).toBe('totalTimeoutMs');
    expect(fieldFromPath('routes.fast')).toBe('name');
    expect(fieldFromPath(['targets', 3, 'timeoutMs'])).toBe('targets.3.timeoutMs');
    expect(fieldFromPath(null)).toBe('form');
    expect(fieldFromPath('routing.defaultRoute')).toBe('form');
    expect(errorsFromApi({ message: 'no provider "nope"', param: 'routes.fast.targets[1].model' })).toEqual({ 'targets.1.model': 'no provider "nope"' });
    expect(errorsFromApi({ message: 'config file is read-only' })).toEqual({ form: 'config file is read-only' });
  });

  it('parses numbers people type, moves targets, and shares weights', () => {
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber(' 1,500 ms')).toBe(1500);
    expect(parseNumber('abc')).toBeNaN();
    const rows = [newTarget('a'), newTarget('b'), newTarget('c')];
    expect(moveTarget(rows, 2, -1).map((row) => row.model)).toEqual(['a', 'c', 'b']);
    expect(moveTarget(rows, 0, -1).map((row) => row.model)).toEqual(['a', 'b', 'c']);
    expect(weightShares([{ ...newTarget('a'), weight: '3' }, newTarget('b')])).toEqual([0.75, 0.25]);
  });
});
