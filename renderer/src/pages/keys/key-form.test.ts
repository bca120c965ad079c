import { describe, expect, it } from 'vitest';
import { describeLimits, emptyForm, formFromKey, parseModels, validateKeyForm } from './key-form';

describe('client key form', () => {
  it('builds the request body with the gateway’s own schemas', () => {
    const values = { ...emptyForm(), name: 'cursor', models: 'oai/*, fast\nfast', limits: { usdPerDay: '$5', usdPerMonth: '', requestsPerMinute: '60', tokensPerMinute: '1,000,000' } };
    expect(validateKeyForm(values)).toEqual({ ok: true, body: { name: 'cursor', models: ['oai/*', 'fast'], limits: { usdPerDay: 5, requestsPerMinute: 60, tokensPerMinute: 1_000_000 } } });
    expect(validateKeyForm({ ...emptyForm(), name: 'ci' })).toEqual({ ok: true, body: { name: 'ci', models: null, limits: null } });
  });

  it('says what is wrong, field by field, in words', () => {
    const result = validateKeyForm({ ...emptyForm(), name: 'My Key', limits: { usdPerDay: '-1', usdPerMonth: 'lots', requestsPerMinute: '1.5', tokensPerMinute: '' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: expect.stringContaining('Lowercase letters'),
      usdPerDay: 'More than 0',
      usdPerMonth: 'A number',
      requestsPerMinute: 'A whole number',
    });
    expect(validateKeyForm({ ...emptyForm(), name: '' })).toMatchObject({ ok: false, errors: { name: expect.stringContaining('name') } });
    expect(validateKeyForm({ ...emptyForm(), name: 'cursor' }, ['cursor'])).toMatchObject({ ok: false, errors: { name: 'A key named “cursor” already exists' } });
  });

  it('edits from a key and summarises limits', () => {
    const form = formFromKey({ id: 'k1', name: 'ci', source: 'database', hint: null, createdAt: null, lastUsedAt: null, revokedAt: null, models: ['a', 'b'], limits: { usdPerDay: 5 } });
    expect(form).toMatchObject({ name: 'ci', models: 'a, b', limits: { usdPerDay: '5', requestsPerMinute: '' } });
    expect(parseModels(' a ,, b ')).toEqual(['a', 'b']);
    expect(describeLimits({ usdPerDay: 5, requestsPerMinute: 1200 })).toBe('$5/day · 1,200 req/min');
    expect(describeLimits(null)).toBe('');
  });
});
