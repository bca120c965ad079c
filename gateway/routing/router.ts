/**
 * The routing runtime: the live state the pure planner reads (target health, latency, prices) and the
 * effects the retry loop needs (per-provider limiters, the retry budget, clock, randomness, sleep),
 * assembled once per gateway. Handlers call `plan` then `run`; the admin API calls `plan` for previews.
 */
import type { PriceBook } from '../accounting/prices.js';
import type { Config } from '../config/schema.js';
import type { ResolvedProvider } from '../providers/registry.js';
import { sleep, type CancelSignal } from '../upstream/cancel.js';
import type { Availability } from './breaker.js';
import { createLimiter, type Limiter } from './concurrency.js';
import { createHealthRegistry, type HealthRegistry } from './health.js';
import type { RequestNeeds } from './needs.js';
import { findRoute, planRequest, type RoutePlan } from './plan.js';
import { createRetryBudget } from './retry-budget.js';
import { runPlan, type AttemptCall, type AttemptLogEntry, type Committed } from './run-plan.js';

export interface Router {
  /** Plans a request for `model`; `needs` is only computed when the model names a route. */
  plan(model: string, needs: () => RequestNeeds): Promise<RoutePlan>;
  run<T>(plan: RoutePlan, call: (context: AttemptCall) => Promise<T>, cancel: CancelSignal, log: AttemptLogEntry[]): Promise<Committed<T>>;
  health: HealthRegistry;
  /** Slots in use and requests waiting, per provider. */
  load(): Array<{ provider: string; active: number; queued: number; maxConcurrency: number; maxQueue: number }>;
}

export interface RouterOptions {
  config: Config;
  providers: ReadonlyMap<string, ResolvedProvider>;
  prices: PriceBook;
  clock: () => number;
  random: () => number;
  onCircuitChange?: (target: string, from: Availability, to: Availability) => void;
}

/** A model that is not a route is sent as asked: its needs are not checked. */
const DIRECT: RequestNeeds = { tools: false, vision: false, jsonSchema: false, embeddings: false, stream: false, inputTokens: 0, outputTokens: 0 };

export function createRouter(options: RouterOptions): Router {
  const { config, providers, clock, random } = options;
  const health = createHealthRegistry(config.routing.breaker, clock, options.onCircuitChange);
  const budget = createRetryBudget(config.routing.retry.budgetRatio, config.routing.retry.budgetMinPerSecond);
  // Providers can be added or changed while the gateway runs (admin API): a limiter follows its provider's
  // current limits; requests holding a slot of a replaced limiter finish on it.
  const limiters = new Map<string, { maxConcurrency: number; maxQueue: number; limiter: Limiter }>();
  const unlimited = createLimiter('', Number.MAX_SAFE_INTEGER, 0);
  const limiterOf = (id: string): Limiter => {
    const provider = providers.get(id);
    if (!provider) return unlimited;
    let entry = limiters.get(id);
    if (!entry || entry.maxConcurrency !== provider.maxConcurrency || entry.maxQueue !== provider.maxQueue) {
      entry = { maxConcurrency: provider.maxConcurrency, maxQueue: provider.maxQueue, limiter: createLimiter(id, provider.maxConcurrency, provider.maxQueue) };
      limiters.set(id, entry);
    }
    return entry.limiter;
  };
  const runDeps = {
    health,
    budget,
    limiter: limiterOf,
    retry: config.routing.retry,
    clock,
    random,
    sleep,
  };

  return {
    health,
    async plan(model, needs) {
      const route = findRoute(model, config.routes, config.routing);
      const requestNeeds = route ? needs() : DIRECT;
      // Prices come from a catalogue imported on first use; only `cheapest` has to wait for it.
      if (route?.route.strategy === 'cheapest') await options.prices.ready();
      return planRequest(model, requestNeeds, {
        providers,
        routes: config.routes,
        routing: config.routing,
        health: (key) => {
          const state = health.get(key);
          return { availability: state.availability, lastFailureAt: state.breaker.lastFailureAt, latency: state.latency };
        },
        price: options.prices.lookup,
        random: random(),
        now: clock(),
      });
    },
    run: (plan, call, cancel, log) => runPlan(plan, call, runDeps, cancel, log),
    load: () =>
      [...providers.values()].map((provider) => {
        const limiter = limiterOf(provider.id);
        return { provider: provider.id, active: limiter.active, queued: limiter.queued, maxConcurrency: provider.maxConcurrency, maxQueue: provider.maxQueue };
      }),
  };
}
