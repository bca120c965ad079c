import { describe, expect, it } from 'vitest';
import { createPriceBook } from '../accounting/prices.js';
import { validateConfig } from '../config/load.js';
import { GatewayError } from '../core/errors.js';
import { resolveProviders } from '../providers/registry.js';
import { Cancel } from '../upstream/cancel.js';
import type { RequestNeeds } from './needs.js';
import { createRouter } from './router.js';
import type { AttemptLogEntry } from './run-plan.js';

const needs = (): RequestNeeds => ({ tools: false, vision: false, jsonSchema: false, embeddings: false, stream: false, inputTokens: 0, outputTokens: 0 });

describe('router limiters', () => {
  it('follow providers added or changed while the gateway runs', async () => {
    const config = validateConfig({ providers: { a: { type: 'ollama', maxConcurrency: 2, maxQueue: 1 } } }, 'test');
    const providers = resolveProviders(config, {}, 'test');
    const router = createRouter({ config, providers, prices: createPriceBook({}, () => new Promise(() => undefined)), clock: () => 0, random: () => 0 });
    // A provider added live, with one slot and no queue.
    providers.set('b', resolveProviders(validateConfig({ providers: { b: { type: 'ollama', maxConcurrency: 1, maxQueue: 0 } } }, 'test'), {}, 'test').get('b')!);
    const cancel = new Cancel();
    const hold = router.run(await router.plan('b/m', needs), () => new Promise<never>(() => undefined), cancel, [] as AttemptLogEntry[]);
    hold.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(router.load().find((entry) => entry.provider === 'b')).toMatchObject({ active: 1, maxConcurrency: 1 });
    // Its one slot is taken and it has no queue: the next request is refused at once.
    const log: AttemptLogEntry[] = [];
    await expect(router.run(await router.plan('b/m', needs), async () => 'never called', new Cancel(), log)).rejects.toMatchObject({ kind: 'overloaded' });
    // Raising its limit takes effect for the next request.
    providers.get('b')!.maxConcurrency = 2;
    await expect(router.run(await router.plan('b/m', needs), async () => 'ok', new Cancel(), [])).resolves.toMatchObject({ value: 'ok' });
    cancel.abort(new GatewayError('client_cancelled', 'done'));
  });
});
