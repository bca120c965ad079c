import { describe, expect, it } from 'vitest';
import type { ModelPrice, PriceLookup } from '../accounting/prices.js';
import { validateConfig } from '../config/load.js';
import type { ConfigInput } from '../config/schema.js';
import type { CanonicalRequest } from '../core/request.js';
import { GatewayError } from '../core/errors.js';
import { resolveProviders } from '../providers/registry.js';
import type { Availability } from './breaker.js';
import { NO_LATENCY, observeLatency, STALE_AFTER_MS, type LatencyStats } from './latency.js';
import { DEFAULT_OUTPUT_TOKENS, embeddingNeeds, requestNeeds, type RequestNeeds } from './needs.js';
import { findRoute, planRequest, type PlanContext, type RoutePlan } from './plan.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

const PROVIDERS: ConfigInput['providers'] = {
  oai: { type: 'openai', apiKey: 'env:OAI', models: ['gpt-4o-mini', 'gpt-4o'], timeoutMs: 30_000 },
  claude: { type: 'anthropic', apiKey: 'env:ANT' },
  groq: { type: 'groq', apiKey: 'env:GROQ' },
  // DeepSeek: no vision, no JSON Schema, no embeddings (preset).
  ds: { type: 'deepseek', apiKey: 'env:DS' },
  off: { type: 'mistral', apiKey: 'env:MIS', enabled: false },
  nokey: { type: 'together', apiKey: 'env:MISSING' },
  local: { type: 'ollama', models: ['llama3.2'], capabilities: { tools: false } },
};
const ENV = { OAI: 'sk-oai-123456789', ANT: 'sk-ant-123456789', GROQ: 'gsk-123456789', DS: 'sk-ds-123456789', MIS: 'mis-123456789' };

const GPT = 'oai/gpt-4o-mini';
const CLAUDE = 'claude/claude-haiku-4-5';
const LLAMA = 'groq/llama-3.3-70b-versatile';
const DEEPSEEK = 'ds/deepseek-chat';

interface HealthEntry {
  availability: Availability;
  lastFailureAt: number | undefined;
  latency: LatencyStats;
}

interface Setup {
  routes?: ConfigInput['routes'];
  routing?: ConfigInput['routing'];
  health?: Record<string, Partial<HealthEntry>>;
  prices?: Record<string, Pick<ModelPrice, 'input' | 'output'>>;
  random?: number;
}

function contextFor(setup: Setup = {}): PlanContext {
  const config = validateConfig({ providers: PROVIDERS, routes: setup.routes ?? {}, routing: setup.routing ?? {} }, 'test');
  const price: PriceLookup = (provider, model) => {
    const found = setup.prices?.[`${provider.id}/${model}`];
    return found ? { ...found, source: 'config' } : undefined;
  };
  return {
    providers: resolveProviders(config, ENV, '1.0.0'),
    routes: config.routes,
    routing: config.routing,
    health: (key) => ({ availability: 'closed', lastFailureAt: undefined, latency: NO_LATENCY, ...setup.health?.[key] }),
    price,
    random: setup.random ?? 0,
    now: NOW,
  };
}

const NEEDS: RequestNeeds = { tools: false, vision: false, jsonSchema: false, embeddings: false, stream: false, inputTokens: 1_000, outputTokens: 1_000 };
const needs = (overrides: Partial<RequestNeeds> = {}): RequestNeeds => ({ ...NEEDS, ...overrides });

const models = (plan: RoutePlan): string[] => plan.attempts.map((attempt) => attempt.model);
const measured = (ms: { ttftMs?: number; totalMs?: number }, at = NOW - 1_000): LatencyStats => observeLatency(NO_LATENCY, { ...ms, at });

/** Runs `fn`, which must throw a GatewayError, and returns the error. */
function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected a GatewayError');
}

describe('planRequest: fallback', () => {
  it('tries the targets in route order', () => {
    const plan = planRequest('main', NEEDS, contextFor({ routes: { main: { targets: [{ model: GPT }, { model: CLAUDE }, { model: LLAMA }] } } }));
    expect(plan).toMatchObject({ requested: 'main', route: 'main', strategy: 'fallback', skipped: [], totalTimeoutMs: 600_000 });
    expect(plan.attempts).toEqual([
      expect.objectContaining({ model: GPT, key: 'oai/gpt-4o-mini', score: null, why: 'first in route order', maxRetries: 2, circuit: 'closed', forced: false }),
      expect.objectContaining({ model: CLAUDE, key: 'claude/claude-haiku-4-5', score: null, why: 'fallback #1 in route order', forced: false }),
      expect.objectContaining({ model: LLAMA, key: 'groq/llama-3.3-70b-versatile', score: null, why: 'fallback #2 in route order', forced: false }),
    ]);
    expect(plan.attempts[0]?.target.provider.id).toBe('oai');
    expect(plan.attempts[0]?.target.upstreamModel).toBe('gpt-4o-mini');
  });

  it('accepts bare model names as targets (resolved like a client request)', () => {
    const plan = planRequest('main', NEEDS, contextFor({ routes: { main: { targets: [{ model: 'gpt-4o' }, { model: 'claude-sonnet-4-5' }, { model: 'llama3.2' }] } } }));
    expect(plan.attempts.map((attempt) => attempt.key)).toEqual(['oai/gpt-4o', 'claude/claude-sonnet-4-5', 'local/llama3.2']);
  });
});

describe('planRequest: weighted', () => {
  const routes = { split: { strategy: 'weighted' as const, targets: [{ model: GPT, weight: 3 }, { model: CLAUDE, weight: 1 }] } };

  it.each([
    { random: 0, first: GPT, second: CLAUDE },
    { random: 0.74, first: GPT, second: CLAUDE },
    { random: 0.76, first: CLAUDE, second: GPT },
    { random: 0.999, first: CLAUDE, second: GPT },
  ])('3:1 with sample $random → $first first, then $second', ({ random, first, second }) => {
    const plan = planRequest('split', NEEDS, contextFor({ routes, random }));
    expect(plan.strategy).toBe('weighted');
    expect(models(plan)).toEqual([first, second]);
    const share: Record<string, number> = { [GPT]: 0.75, [CLAUDE]: 0.25 };
    expect(plan.attempts.map((attempt) => attempt.score)).toEqual([share[first], share[second]]);
    expect(plan.attempts[0]?.why).toBe(`drawn by weight (${(share[first] ?? 0) * 100}% of traffic)`);
    expect(plan.attempts[1]?.why).toBe(`fallback (weight ${(share[second] ?? 0) * 100}%)`);
  });

  it.each([
    // weights 1 (GPT), 3 (CLAUDE), 2 (LLAMA), default 1 (DEEPSEEK): total 7
    { random: 0, order: [GPT, CLAUDE, LLAMA, DEEPSEEK] },
    { random: 0.2, order: [CLAUDE, LLAMA, GPT, DEEPSEEK] },
    { random: 0.6, order: [LLAMA, CLAUDE, GPT, DEEPSEEK] },
    { random: 0.9, order: [DEEPSEEK, CLAUDE, LLAMA, GPT] },
  ])('draws one by weight, the rest by descending weight then route order (sample $random)', ({ random, order }) => {
    const plan = planRequest(
      'split',
      NEEDS,
      contextFor({
        random,
        routes: { split: { strategy: 'weighted', targets: [{ model: GPT, weight: 1 }, { model: CLAUDE, weight: 3 }, { model: LLAMA, weight: 2 }, { model: DEEPSEEK }] } },
      }),
    );
    expect(models(plan)).toEqual(order);
  });

  it('draws only among eligible targets', () => {
    const plan = planRequest('split', NEEDS, contextFor({ routes, random: 0.1, health: { 'oai/gpt-4o-mini': { availability: 'open', lastFailureAt: NOW } } }));
    expect(models(plan)).toEqual([CLAUDE]);
    expect(plan.attempts[0]?.score).toBe(1);
  });
});

describe('planRequest: cheapest', () => {
  const prices = {
    'oai/gpt-4o-mini': { input: 0.15, output: 0.6 },
    'claude/claude-haiku-4-5': { input: 1, output: 5 },
    'groq/llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
  };
  const routes = { cheap: { strategy: 'cheapest' as const, targets: [{ model: DEEPSEEK }, { model: CLAUDE }, { model: LLAMA }, { model: GPT }] } };

  it('orders by estimated cost; unknown prices last, flagged', () => {
    // 1000 in + 1000 out: GPT 150 + 600 = 750 µ$, LLAMA 590 + 790 = 1380 µ$, CLAUDE 1000 + 5000 = 6000 µ$.
    const plan = planRequest('cheap', NEEDS, contextFor({ routes, prices }));
    expect(models(plan)).toEqual([GPT, LLAMA, CLAUDE, DEEPSEEK]);
    expect(plan.attempts.map((attempt) => attempt.score)).toEqual([0.00075, 0.00138, 0.006, null]);
    expect(plan.attempts.map((attempt) => attempt.why)).toEqual([
      'cheapest: about $0.000750 for this request',
      '#2 by price: about $0.001380 for this request',
      '#3 by price: about $0.006000 for this request',
      'price unknown: tried after the priced targets',
    ]);
  });

  it('the request size decides: output-heavy requests favour cheap output', () => {
    // 100 000 in, 10 out: GPT 15 000 µ$, LLAMA 59 008 µ$ (rounded), CLAUDE 100 050 µ$.
    const inputHeavy = planRequest('cheap', needs({ inputTokens: 100_000, outputTokens: 10 }), contextFor({ routes, prices: { ...prices, 'groq/llama-3.3-70b-versatile': { input: 0.1, output: 50 } } }));
    expect(models(inputHeavy)).toEqual([LLAMA, GPT, CLAUDE, DEEPSEEK]);
    const outputHeavy = planRequest('cheap', needs({ inputTokens: 10, outputTokens: 100_000 }), contextFor({ routes, prices: { ...prices, 'groq/llama-3.3-70b-versatile': { input: 0.1, output: 50 } } }));
    expect(models(outputHeavy)).toEqual([GPT, CLAUDE, LLAMA, DEEPSEEK]);
  });

  it('equal prices keep route order; no prices at all keep route order', () => {
    const same = { input: 1, output: 1 };
    const plan = planRequest('cheap', NEEDS, contextFor({ routes, prices: { 'oai/gpt-4o-mini': same, 'claude/claude-haiku-4-5': same, 'groq/llama-3.3-70b-versatile': same } }));
    expect(models(plan)).toEqual([CLAUDE, LLAMA, GPT, DEEPSEEK]);
    const none = planRequest('cheap', NEEDS, contextFor({ routes }));
    expect(models(none)).toEqual([DEEPSEEK, CLAUDE, LLAMA, GPT]);
    expect(none.attempts.every((attempt) => attempt.score === null && attempt.why.startsWith('price unknown'))).toBe(true);
  });
});

describe('planRequest: fastest', () => {
  const routes = { quick: { strategy: 'fastest' as const, targets: [{ model: GPT }, { model: CLAUDE }, { model: LLAMA }, { model: DEEPSEEK }] } };
  const health = {
    'oai/gpt-4o-mini': { latency: measured({ ttftMs: 90, totalMs: 800 }) },
    'claude/claude-haiku-4-5': { latency: measured({ ttftMs: 400, totalMs: 300.4 }) },
    // groq: never measured
    'ds/deepseek-chat': { latency: measured({ ttftMs: 10, totalMs: 10 }, NOW - STALE_AFTER_MS - 1) },
  };

  it('unmeasured (and stale) targets first in route order, then by measured total time', () => {
    const plan = planRequest('quick', NEEDS, contextFor({ routes, health }));
    expect(models(plan)).toEqual([LLAMA, DEEPSEEK, CLAUDE, GPT]);
    expect(plan.attempts.map((attempt) => attempt.score)).toEqual([null, null, 300, 800]);
    expect(plan.attempts.map((attempt) => attempt.why)).toEqual([
      'no recent latency measurement: tried to measure it',
      'no recent latency measurement: tried to measure it',
      '#3 by latency: ~300 ms measured',
      '#4 by latency: ~800 ms measured',
    ]);
  });

  it('streams rank by time to first token', () => {
    const plan = planRequest('quick', needs({ stream: true }), contextFor({ routes, health }));
    expect(models(plan)).toEqual([LLAMA, DEEPSEEK, GPT, CLAUDE]);
    expect(plan.attempts.map((attempt) => attempt.score)).toEqual([null, null, 90, 400]);
  });

  it('when all are measured, the fastest is named so', () => {
    const plan = planRequest(
      'quick',
      NEEDS,
      contextFor({
        routes,
        health: { ...health, 'groq/llama-3.3-70b-versatile': { latency: measured({ totalMs: 150 }) }, 'ds/deepseek-chat': { latency: measured({ totalMs: 2_000 }) } },
      }),
    );
    expect(models(plan)).toEqual([LLAMA, CLAUDE, GPT, DEEPSEEK]);
    expect(plan.attempts[0]?.why).toBe('fastest: ~150 ms measured');
    expect(plan.attempts[1]?.why).toBe('#2 by latency: ~300 ms measured');
  });
});

describe('planRequest: skipped targets', () => {
  it('skips what cannot serve the request, saying why', () => {
    const plan = planRequest(
      'mixed',
      needs({ tools: true }),
      contextFor({
        routes: {
          mixed: {
            targets: [
              { model: 'local/llama3.2' },
              { model: 'off/mistral-small-latest' },
              { model: 'nokey/meta-llama/Llama-3.3-70B' },
              { model: 'oai/gpt-nope' },
              { model: 'mystery-model' },
              { model: GPT },
              { model: 'gpt-4o-mini' },
              { model: LLAMA },
              { model: 'groq/openai/gpt-oss-20b' },
              { model: CLAUDE },
            ],
          },
        },
        health: {
          'groq/llama-3.3-70b-versatile': { availability: 'open', lastFailureAt: NOW - 1_000 },
          'groq/openai/gpt-oss-20b': { availability: 'probing', lastFailureAt: NOW - 1_000 },
        },
      }),
    );
    expect(models(plan)).toEqual([GPT, CLAUDE]);
    expect(plan.skipped).toEqual([
      { model: 'local/llama3.2', provider: 'local', code: 'no-tools', reason: 'local (Ollama) does not support tool calling' },
      { model: 'off/mistral-small-latest', provider: 'off', code: 'disabled', reason: 'provider "off" is disabled' },
      { model: 'nokey/meta-llama/Llama-3.3-70B', provider: 'nokey', code: 'unavailable', reason: expect.stringMatching(/^provider "nokey" cannot be used: API key unavailable: .*MISSING/) },
      { model: 'oai/gpt-nope', provider: null, code: 'unknown-model', reason: expect.stringMatching(/The model 'oai\/gpt-nope' does not exist/) },
      { model: 'mystery-model', provider: null, code: 'unknown-model', reason: expect.stringMatching(/The model 'mystery-model' does not exist/) },
      { model: 'gpt-4o-mini', provider: 'oai', code: 'duplicate', reason: 'same target as an earlier entry (oai/gpt-4o-mini)' },
      { model: LLAMA, provider: 'groq', code: 'circuit-open', reason: 'circuit open: recent failures' },
      { model: 'groq/openai/gpt-oss-20b', provider: 'groq', code: 'circuit-open', reason: 'circuit half-open: a probe request is in flight' },
    ]);
  });

  it.each([
    { name: 'images', needs: { vision: true }, code: 'no-vision', reason: 'ds (DeepSeek) does not accept images' },
    { name: 'JSON Schema', needs: { jsonSchema: true }, code: 'no-json-schema', reason: 'ds (DeepSeek) does not support JSON Schema output' },
    { name: 'embeddings', needs: { embeddings: true }, code: 'no-embeddings', reason: 'ds (DeepSeek) does not offer embeddings' },
  ] as const)('skips DeepSeek for $name', ({ needs: need, code, reason }) => {
    const plan = planRequest('r', needs(need), contextFor({ routes: { r: { targets: [{ model: DEEPSEEK }, { model: GPT }] } } }));
    expect(models(plan)).toEqual([GPT]);
    expect(plan.skipped).toEqual([{ model: DEEPSEEK, provider: 'ds', code, reason }]);
  });

  it('the capability override of a provider applies (tools: false), other capabilities stay', () => {
    const plan = planRequest('r', needs({ vision: true, jsonSchema: true }), contextFor({ routes: { r: { targets: [{ model: 'local/llama3.2' }] } } }));
    expect(models(plan)).toEqual(['local/llama3.2']);
  });

  it('a half-open target (probe slot free) is planned, not skipped', () => {
    const plan = planRequest('r', NEEDS, contextFor({ routes: { r: { targets: [{ model: GPT }, { model: CLAUDE }] } }, health: { 'oai/gpt-4o-mini': { availability: 'half-open' } } }));
    expect(models(plan)).toEqual([GPT, CLAUDE]);
    expect(plan.attempts[0]).toMatchObject({ circuit: 'half-open', forced: false });
  });
});

describe('planRequest: every circuit open', () => {
  const routes = { r: { targets: [{ model: GPT }, { model: CLAUDE }, { model: LLAMA }] } };

  it('forces the target that failed longest ago', () => {
    const plan = planRequest(
      'r',
      NEEDS,
      contextFor({
        routes,
        health: {
          'oai/gpt-4o-mini': { availability: 'open', lastFailureAt: NOW - 1_000 },
          'claude/claude-haiku-4-5': { availability: 'open', lastFailureAt: NOW - 3_000 },
          'groq/llama-3.3-70b-versatile': { availability: 'probing', lastFailureAt: NOW - 2_000 },
        },
      }),
    );
    expect(plan.attempts).toEqual([
      expect.objectContaining({ model: CLAUDE, forced: true, circuit: 'open', why: "every target's circuit is open; this one failed longest ago" }),
    ]);
    expect(plan.skipped.map((skip) => [skip.model, skip.code])).toEqual([
      [GPT, 'circuit-open'],
      [LLAMA, 'circuit-open'],
    ]);
  });

  it('ties go to route order', () => {
    const open = { availability: 'open' as const, lastFailureAt: NOW - 1_000 };
    const plan = planRequest('r', NEEDS, contextFor({ routes, health: { 'oai/gpt-4o-mini': open, 'claude/claude-haiku-4-5': open, 'groq/llama-3.3-70b-versatile': open } }));
    expect(plan.attempts).toEqual([expect.objectContaining({ model: GPT, forced: true })]);
  });

  it('does not force anything while another target is available', () => {
    const plan = planRequest(
      'r',
      NEEDS,
      contextFor({ routes, health: { 'oai/gpt-4o-mini': { availability: 'open', lastFailureAt: 1 }, 'claude/claude-haiku-4-5': { availability: 'open', lastFailureAt: 2 } } }),
    );
    expect(plan.attempts).toEqual([expect.objectContaining({ model: LLAMA, forced: false })]);
    expect(plan.skipped.map((skip) => skip.code)).toEqual(['circuit-open', 'circuit-open']);
  });

  it('forces an open circuit even when other targets were skipped for other reasons', () => {
    const plan = planRequest(
      'r',
      needs({ tools: true }),
      contextFor({ routes: { r: { targets: [{ model: 'local/llama3.2' }, { model: GPT }] } }, health: { 'oai/gpt-4o-mini': { availability: 'open', lastFailureAt: NOW } } }),
    );
    expect(plan.attempts).toEqual([expect.objectContaining({ model: GPT, forced: true })]);
    expect(plan.skipped.map((skip) => skip.code)).toEqual(['no-tools']);
  });
});

describe('planRequest: auto and findRoute', () => {
  const two = { targets: [{ model: GPT }] };

  it.each<{ name: string; routes: NonNullable<Setup['routes']>; routing: NonNullable<Setup['routing']>; expected: string }>([
    { name: 'routing.defaultRoute', routes: { fast: two, cheap: two }, routing: { defaultRoute: 'cheap' }, expected: 'cheap' },
    { name: 'else the route named auto', routes: { fast: two, auto: two }, routing: {}, expected: 'auto' },
    { name: 'else the first route', routes: { fast: two, cheap: two }, routing: {}, expected: 'fast' },
  ])('"auto" → $name', ({ routes, routing, expected }) => {
    const context = contextFor({ routes, routing });
    expect(planRequest('auto', NEEDS, context).route).toBe(expected);
    expect(planRequest('auto', NEEDS, context).requested).toBe('auto');
    expect(findRoute('auto', context.routes, context.routing)?.name).toBe(expected);
  });

  it('"auto" → routing.defaultRoute even when a route is named auto', () => {
    const context = contextFor({ routes: { auto: two, cheap: two }, routing: { defaultRoute: 'cheap' } });
    expect(findRoute('auto', context.routes, context.routing)?.name).toBe('cheap');
    expect(planRequest('auto', NEEDS, context).route).toBe('cheap');
  });

  it('"auto" without any route is a 404 model_not_found', () => {
    const error = thrown(() => planRequest('auto', NEEDS, contextFor()));
    expect(error).toMatchObject({ kind: 'model_not_found', status: 404, code: 'model_not_found', param: 'model' });
    expect(error.message).toMatch(/needs a route/);
  });

  it('a route name is matched exactly, and only own keys count', () => {
    const context = contextFor({ routes: { fast: two } });
    expect(findRoute('fast', context.routes, context.routing)?.name).toBe('fast');
    expect(findRoute('Fast', context.routes, context.routing)).toBeUndefined();
    expect(findRoute('toString', context.routes, context.routing)).toBeUndefined();
    expect(findRoute(GPT, context.routes, context.routing)).toBeUndefined();
  });
});

describe('planRequest: a model that is not a route', () => {
  it('is a single attempt on that target', () => {
    const plan = planRequest('oai/gpt-4o', NEEDS, contextFor({ routes: { fast: { targets: [{ model: CLAUDE }] } }, routing: { retry: { maxRetries: 3 }, totalTimeoutMs: 90_000 } }));
    expect(plan).toMatchObject({ requested: 'oai/gpt-4o', route: null, strategy: 'fallback', skipped: [], totalTimeoutMs: 90_000 });
    expect(plan.attempts).toEqual([
      expect.objectContaining({ model: 'oai/gpt-4o', key: 'oai/gpt-4o', score: null, why: 'requested directly', timeoutMs: 30_000, maxRetries: 3, circuit: 'closed', forced: false }),
    ]);
  });

  it('a bare vendor model name resolves to its provider', () => {
    const plan = planRequest('claude-sonnet-4-5', NEEDS, contextFor());
    expect(plan.attempts.map((attempt) => attempt.key)).toEqual(['claude/claude-sonnet-4-5']);
    expect(plan.attempts[0]?.timeoutMs).toBe(120_000);
  });

  it.each(['open', 'probing'] as const)('is still sent when its circuit is %s (it is the only target)', (availability) => {
    const plan = planRequest(GPT, NEEDS, contextFor({ health: { 'oai/gpt-4o-mini': { availability, lastFailureAt: NOW } } }));
    expect(plan.attempts).toEqual([expect.objectContaining({ forced: true, circuit: availability, why: 'requested directly (its circuit is open, but it is the only target)' })]);
  });

  it.each([
    { model: 'oai/gpt-nope', kind: 'model_not_found', status: 404 },
    { model: 'nobody/x', kind: 'model_not_found', status: 404 },
    { model: 'mystery', kind: 'model_not_found', status: 404 },
    { model: 'off/mistral-small-latest', kind: 'model_not_found', status: 404 },
    { model: 'nokey/some-model', kind: 'provider_unavailable', status: 503 },
  ])('$model → $kind ($status)', ({ model, kind, status }) => {
    const error = thrown(() => planRequest(model, NEEDS, contextFor()));
    expect(error).toMatchObject({ kind, status });
  });
});

describe('planRequest: when nothing can serve the request', () => {
  it('capability gaps only → 400 invalid_request, code unsupported_by_route', () => {
    const error = thrown(() =>
      planRequest('r', needs({ tools: true, vision: true }), contextFor({ routes: { r: { targets: [{ model: 'local/llama3.2' }, { model: DEEPSEEK }] } } })),
    );
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400, code: 'unsupported_by_route', param: 'model' });
    expect(error.message).toBe(
      "No target of route 'r' can serve this request: local/llama3.2: local (Ollama) does not support tool calling; ds/deepseek-chat: ds (DeepSeek) does not accept images.",
    );
  });

  it('a duplicate entry does not hide that the only problem is a capability gap', () => {
    const error = thrown(() => planRequest('r', needs({ vision: true }), contextFor({ routes: { r: { targets: [{ model: DEEPSEEK }, { model: DEEPSEEK }] } } })));
    expect(error).toMatchObject({ kind: 'invalid_request', code: 'unsupported_by_route' });
  });

  it.each([
    { name: 'disabled and keyless', targets: ['off/mistral-small-latest', 'nokey/m'], needs: {} },
    { name: 'a capability gap and a keyless provider', targets: [DEEPSEEK, 'nokey/m'], needs: { vision: true } },
    { name: 'an unknown model and a disabled provider', targets: ['oai/gpt-nope', 'off/m'], needs: {} },
  ])('otherwise → 503 provider_unavailable ($name)', ({ targets, needs: need }) => {
    const error = thrown(() => planRequest('r', needs(need), contextFor({ routes: { r: { targets: targets.map((model) => ({ model })) } } })));
    expect(error).toMatchObject({ kind: 'provider_unavailable', status: 503, code: 'no_available_target' });
    for (const model of targets) expect(error.message).toContain(`${model}: `);
  });

  it('unknown models only → 404 model_not_found', () => {
    const error = thrown(() => planRequest('r', NEEDS, contextFor({ routes: { r: { targets: [{ model: 'oai/gpt-nope' }, { model: 'mystery' }] } } })));
    expect(error).toMatchObject({ kind: 'model_not_found', status: 404, code: 'model_not_found' });
  });
});

describe('planRequest: timeouts and retries', () => {
  it('timeoutMs: target > route > provider', () => {
    const targets = [{ model: GPT, timeoutMs: 5_000 }, { model: 'oai/gpt-4o' }, { model: CLAUDE }];
    const withRoute = planRequest('r', NEEDS, contextFor({ routes: { r: { targets, timeoutMs: 20_000 } } }));
    expect(withRoute.attempts.map((attempt) => attempt.timeoutMs)).toEqual([5_000, 20_000, 20_000]);
    const withoutRoute = planRequest('r', NEEDS, contextFor({ routes: { r: { targets } } }));
    // oai has timeoutMs 30 000 in its config; claude has the 120 000 default.
    expect(withoutRoute.attempts.map((attempt) => attempt.timeoutMs)).toEqual([5_000, 30_000, 120_000]);
  });

  it('maxRetries: the route overrides routing.retry.maxRetries', () => {
    const targets = [{ model: GPT }, { model: CLAUDE }];
    expect(planRequest('r', NEEDS, contextFor({ routes: { r: { targets, maxRetries: 0 } } })).attempts.map((attempt) => attempt.maxRetries)).toEqual([0, 0]);
    expect(planRequest('r', NEEDS, contextFor({ routes: { r: { targets, maxRetries: 5 } }, routing: { retry: { maxRetries: 1 } } })).attempts.map((attempt) => attempt.maxRetries)).toEqual([5, 5]);
    expect(planRequest('r', NEEDS, contextFor({ routes: { r: { targets } }, routing: { retry: { maxRetries: 1 } } })).attempts.map((attempt) => attempt.maxRetries)).toEqual([1, 1]);
  });

  it('totalTimeoutMs: route > routing', () => {
    const targets = [{ model: GPT }];
    expect(planRequest('r', NEEDS, contextFor({ routes: { r: { targets, totalTimeoutMs: 45_000 } }, routing: { totalTimeoutMs: 90_000 } })).totalTimeoutMs).toBe(45_000);
    expect(planRequest('r', NEEDS, contextFor({ routes: { r: { targets } }, routing: { totalTimeoutMs: 90_000 } })).totalTimeoutMs).toBe(90_000);
  });

  it('never plans an attempt timeout longer than the whole request may take', () => {
    const targets = [{ model: GPT, timeoutMs: 300_000 }, { model: CLAUDE }];
    const plan = planRequest('r', NEEDS, contextFor({ routes: { r: { targets, totalTimeoutMs: 30_000 } } }));
    expect(plan.attempts.map((attempt) => attempt.timeoutMs)).toEqual([30_000, 30_000]);
    expect(planRequest(GPT, NEEDS, contextFor({ routing: { totalTimeoutMs: 5_000 } })).attempts[0]?.timeoutMs).toBe(5_000);
  });

  it('is deterministic: same inputs, same plan', () => {
    const context = contextFor({ routes: { r: { strategy: 'weighted', targets: [{ model: GPT, weight: 2 }, { model: CLAUDE }, { model: LLAMA }] } }, random: 0.5 });
    expect(models(planRequest('r', NEEDS, context))).toEqual(models(planRequest('r', NEEDS, context)));
  });
});

describe('requestNeeds', () => {
  const base = (overrides: Partial<CanonicalRequest> = {}): CanonicalRequest => ({
    model: 'auto',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello world!' }] }],
    stream: false,
    streamUsage: false,
    ...overrides,
  });
  const image = { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } } as const;

  it('a plain text request needs nothing special; output defaults to 1000 tokens', () => {
    // 4 tokens of message overhead + ceil(12 / 4) for the text.
    expect(requestNeeds(base())).toEqual({ tools: false, vision: false, jsonSchema: false, embeddings: false, stream: false, inputTokens: 7, outputTokens: 1_000 });
    expect(DEFAULT_OUTPUT_TOKENS).toBe(1_000);
  });

  it.each([
    { name: 'tool definitions', request: { tools: [{ type: 'function' as const, name: 'get_weather', description: 'Get weather', parameters: { type: 'object' } }] }, tools: true, vision: false },
    { name: 'an empty tool list', request: { tools: [] }, tools: false, vision: false },
    {
      name: 'a tool call in the history',
      request: {
        messages: [
          { role: 'user' as const, content: [{ type: 'text' as const, text: 'weather?' }] },
          { role: 'assistant' as const, content: [{ type: 'tool-call' as const, id: 'call_1', name: 'get_weather', arguments: '{}' }] },
        ],
      },
      tools: true,
      vision: false,
    },
    {
      name: 'a tool result in the history',
      request: { messages: [{ role: 'tool' as const, content: [{ type: 'tool-result' as const, toolCallId: 'call_1', content: [{ type: 'text' as const, text: 'sunny' }] }] }] },
      tools: true,
      vision: false,
    },
    {
      name: 'an image inside a tool result',
      request: { messages: [{ role: 'tool' as const, content: [{ type: 'tool-result' as const, toolCallId: 'call_1', content: [image] }] }] },
      tools: true,
      vision: true,
    },
    { name: 'an image in a user message', request: { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'what is this?' }, image] }] }, tools: false, vision: true },
  ])('$name → tools $tools, vision $vision', ({ request, tools, vision }) => {
    const result = requestNeeds(base(request));
    expect(result.tools).toBe(tools);
    expect(result.vision).toBe(vision);
  });

  it('counts tool definitions and images in the input estimate', () => {
    // "get_weather Get weather {"type":"object"}" is 41 characters → 11 tokens, + 8 per tool.
    const tools = requestNeeds(base({ tools: [{ type: 'function', name: 'get_weather', description: 'Get weather', parameters: { type: 'object' } }] }));
    expect(tools.inputTokens).toBe(7 + 11 + 8);
    // An image counts 1000 tokens.
    const picture = requestNeeds(base({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello world!' }, image] }] }));
    expect(picture.inputTokens).toBe(7 + 1_000);
  });

  it.each([
    { responseFormat: { type: 'json-schema' as const, name: 'answer', schema: { type: 'object' } }, jsonSchema: true },
    { responseFormat: { type: 'json' as const }, jsonSchema: false },
    { responseFormat: { type: 'text' as const }, jsonSchema: false },
  ])('response format $responseFormat.type → jsonSchema $jsonSchema', ({ responseFormat, jsonSchema }) => {
    expect(requestNeeds(base({ responseFormat })).jsonSchema).toBe(jsonSchema);
  });

  it('takes the stream flag and the client output limit', () => {
    expect(requestNeeds(base({ stream: true, maxOutputTokens: 256 }))).toMatchObject({ stream: true, outputTokens: 256 });
  });

  it.each([
    { input: 'abcdefgh', tokens: 2 },
    { input: ['abc', 'abcde'], tokens: 3 },
    { input: [1, 2, 3], tokens: 3 },
    { input: [[1, 2, 3], [4, 5]], tokens: 5 },
  ])('embeddingNeeds($input) → $tokens input tokens, embeddings only', ({ input, tokens }) => {
    expect(embeddingNeeds(input)).toEqual({ tools: false, vision: false, jsonSchema: false, embeddings: true, stream: false, inputTokens: tokens, outputTokens: 0 });
  });
});
