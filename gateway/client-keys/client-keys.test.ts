import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LimitSet } from '../config/ledger-schema.js';
import { isGatewayError } from '../core/errors.js';
import { createMemoryClientKeys } from '../store/memory/memory-client-keys.js';
import { createClientKeys } from './client-keys.js';
import type { ClientKeyRepository } from './types.js';

function setup(config: Parameters<typeof createClientKeys>[0]['config'] = [], repository: ClientKeyRepository = createMemoryClientKeys()) {
  let now = 1_000_000;
  const limits: Array<[string, LimitSet | null]> = [];
  const keys = createClientKeys({ repository, config, env: { CI_KEY: 'sk-ci-from-env' }, clock: () => now, onLimits: (name, set) => limits.push([name, set]) });
  return { keys, repository, limits, advance: (ms: number) => (now += ms) };
}

const refOf = (error: unknown): string | undefined => (isGatewayError(error) ? error.code : undefined);

describe('client keys', () => {
  it('authenticates created keys and config keys, nothing else', () => {
    const digest = createHash('sha256').update('sk-digest-key').digest('hex');
    const { keys } = setup([
      { name: 'ci', key: 'env:CI_KEY' },
      { name: 'bot', sha256: digest, models: ['fast'] },
      { name: 'gone', key: 'env:NOT_SET' },
    ]);
    const { key, view } = keys.create({ name: 'ide' });
    expect(keys.authenticate(key)).toEqual({ name: 'ide', id: view.id, models: null });
    expect(keys.authenticate('sk-ci-from-env')).toEqual({ name: 'ci', id: null, models: null });
    expect(keys.authenticate('sk-digest-key')).toEqual({ name: 'bot', id: null, models: ['fast'] });
    expect(keys.authenticate(`${key.slice(0, -1)}x`)).toBeUndefined();
    expect(keys.authenticate("' OR '1'='1")).toBeUndefined();
    expect(keys.problems).toEqual(['client key "gone": environment variable NOT_SET is not set']);
    expect(keys.liveCount()).toBe(3);
  });

  it('revokes by id or name; names are reusable once revoked and unique otherwise', () => {
    const { keys } = setup([{ name: 'ci', key: 'env:CI_KEY' }]);
    const first = keys.create({ name: 'ide' });
    expect(() => keys.create({ name: 'ide' })).toThrow(/already exists/);
    expect(() => keys.create({ name: 'ci' })).toThrow(/already exists/);
    expect(keys.revoke('ide').revokedAt).not.toBeNull();
    expect(keys.authenticate(first.key)).toBeUndefined();
    const second = keys.create({ name: 'ide' });
    expect(keys.authenticate(second.key)?.id).toBe(second.view.id);
    keys.revoke(second.view.id as string);
    expect(keys.liveCount()).toBe(1);
    let error: unknown;
    try {
      keys.revoke('ci');
    } catch (caught) {
      error = caught;
    }
    expect(refOf(error)).toBe('config_client_key');
    expect(() => keys.revoke('nope')).toThrow(/No client key/);
  });

  it('reports limits as keys gain, change and lose them, renames included', () => {
    const { keys, limits } = setup();
    const { view } = keys.create({ name: 'a', limits: { requestsPerMinute: 5 } });
    keys.create({ name: 'b' });
    keys.update('a', { limits: { requestsPerMinute: 9 } });
    keys.update(view.id as string, { name: 'c' });
    keys.revoke('c');
    expect(limits).toEqual([
      ['a', { requestsPerMinute: 5 }],
      ['a', { requestsPerMinute: 9 }],
      ['c', { requestsPerMinute: 9 }],
      ['a', null],
      ['c', null],
    ]);
  });

  it('sees keys written by another connection when the external version moves', () => {
    const shared = createMemoryClientKeys();
    let version = 0;
    const repository: ClientKeyRepository = { ...shared, externalVersion: () => version };
    const { keys } = setup([], repository);
    const other = setup([], shared).keys;
    const { key } = other.create({ name: 'from-cli' });
    expect(keys.authenticate(key)).toBeUndefined();
    version++;
    expect(keys.authenticate(key)?.name).toBe('from-cli');
    other.revoke('from-cli');
    version++;
    expect(keys.authenticate(key)).toBeUndefined();
  });

  it('records uses at most once a minute per key', () => {
    const repository = createMemoryClientKeys();
    const touches: number[] = [];
    const counting: ClientKeyRepository = { ...repository, touch: (id, at) => (touches.push(at), repository.touch(id, at)) };
    const { keys, advance } = setup([], counting);
    const { key } = keys.create({ name: 'ide' });
    keys.authenticate(key);
    advance(30_000);
    keys.authenticate(key);
    advance(31_000);
    keys.authenticate(key);
    expect(touches).toHaveLength(2);
    expect(keys.list()[0]?.lastUsedAt).toBe(new Date(touches[1] as number).toISOString());
  });

  it('creates a first key only when none was ever created or configured', () => {
    expect(setup([{ name: 'ci', key: 'env:CI_KEY' }]).keys.ensureFirstKey()).toBeUndefined();
    const { keys } = setup();
    const first = keys.ensureFirstKey();
    expect(keys.authenticate(first as string)?.name).toBe('default');
    keys.revoke('default');
    expect(keys.ensureFirstKey()).toBeUndefined();
  });
});
