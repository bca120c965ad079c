/**
 * Routing decisions as one pure function: requested model + what the request needs + routes + live health
 * + prices + a random sample → the ordered attempts (each with its score and why) and the skipped targets
 * (each with its reason). The executor runs the plan; `POST /admin/routing/preview` returns it as is.
 *
 * A model that is not a route is a one-target plan. `auto` is the default route. Targets are skipped when
 * they cannot serve the request (tools, vision, JSON Schema), have no usable key or are disabled, or their
 * circuit is open — but a route never loses every target to open circuits: the one that failed longest
 * ago is still tried.
 */
import { estimateCostMicros } from '../accounting/cost.js';
import type { PriceLookup } from '../accounting/prices.js';
import type { RouteConfig, RoutingConfig, Strategy } from '../config/routing-schema.js';
import { GatewayError } from '../core/errors.js';
import type { ResolvedProvider } from '../providers/registry.js';
import type { Availability } from './breaker.js';
import { latencyScore, type LatencyStats } from './latency.js';
import type { RequestNeeds } from './needs.js';
import { resolveModel, unusableReason, type ModelTarget } from './resolve-model.js';
import { orderTargets, type Candidate } from './strategies.js';

export type SkipCode =
  | 'unknown-model'
  | 'disabled'
  | 'unavailable'
  | 'no-tools'
  | 'no-vision'
  | 'no-json-schema'
  | 'no-embeddings'
  | 'circuit-open'
  | 'duplicate';

const CAPABILITY_CODES: ReadonlySet<SkipCode> = new Set(['no-tools', 'no-vision', 'no-json-schema', 'no-embeddings']);

export interface PlannedAttempt {
  /** The target as the route names it. */
  model: string;
  target: ModelTarget;
  /** `provider/upstreamModel`: the key of its health. */
  key: string;
  /** Strategy figure: weight share, estimated USD, latency ms; null for `fallback`. */
  score: number | null;
  why: string;
  /** Time allowed until the first byte of this attempt's answer. */
  timeoutMs: number;
  maxRetries: number;
  circuit: Availability;
  /** Sent despite an open circuit, because every target's circuit is open. */
  forced: boolean;
}

export interface SkippedTarget {
  model: string;
  provider: string | null;
  code: SkipCode;
  reason: string;
}

export interface RoutePlan {
  requested: string;
  /** The route's name, when the model named one. */
  route: string | null;
  strategy: Strategy;
  attempts: PlannedAttempt[];
  skipped: SkippedTarget[];
  /** Deadline for the request until it is answered, retries included. */
  totalTimeoutMs: number;
}

export interface PlanContext {
  providers: ReadonlyMap<string, ResolvedProvider>;
  routes: Readonly<Record<string, RouteConfig>>;
  routing: RoutingConfig;
  health: (key: string) => { availability: Availability; lastFailureAt: number | undefined; latency: LatencyStats };
  price: PriceLookup;
  /** A sample in [0, 1) (weighted choice). */
  random: number;
  now: number;
}

/** The route a model name designates, if any: a route's own name, or `auto` for the default route. */
export function findRoute(model: string, routes: Readonly<Record<string, RouteConfig>>, routing: RoutingConfig): { name: string; route: RouteConfig } | undefined {
  if (model !== 'auto') {
    const direct = Object.hasOwn(routes, model) ? routes[model] : undefined;
    return direct && { name: model, route: direct };
  }
  const name = routing.defaultRoute ?? (Object.hasOwn(routes, 'auto') ? 'auto' : Object.keys(routes)[0]);
  const route = name === undefined ? undefined : routes[name];
  return name !== undefined && route ? { name, route } : undefined;
}

function capabilityGap(provider: ResolvedProvider, needs: RequestNeeds): { code: SkipCode; reason: string } | undefined {
  const label = `${provider.id} (${provider.definition.label})`;
  if (needs.tools && !provider.capabilities.tools) return { code: 'no-tools', reason: `${label} does not support tool calling` };
  if (needs.vision && !provider.capabilities.vision) return { code: 'no-vision', reason: `${label} does not accept images` };
  if (needs.jsonSchema && !provider.capabilities.jsonSchema) return { code: 'no-json-schema', reason: `${label} does not support JSON Schema output` };
  if (needs.embeddings && !provider.capabilities.embeddings) return { code: 'no-embeddings', reason: `${label} does not offer embeddings` };
  return undefined;
}

function circuitReason(availability: Availability): string {
  return availability === 'probing' ? 'circuit half-open: a probe request is in flight' : 'circuit open: recent failures';
}

function explainFailure(plan: RoutePlan): GatewayError {
  const reasons = plan.skipped.map((skip) => `${skip.model}: ${skip.reason}`).join('; ');
  const relevant = plan.skipped.filter((skip) => skip.code !== 'duplicate');
  const capability = relevant.every((skip) => CAPABILITY_CODES.has(skip.code));
  if (relevant.length && capability) {
    return new GatewayError('invalid_request', `No target of route '${plan.route}' can serve this request: ${reasons}.`, { param: 'model', code: 'unsupported_by_route' });
  }
  if (relevant.every((skip) => skip.code === 'unknown-model')) {
    return new GatewayError('model_not_found', `Route '${plan.route}' has no usable target: ${reasons}.`, { param: 'model', code: 'model_not_found' });
  }
  return new GatewayError('provider_unavailable', `Route '${plan.route}' has no available target: ${reasons}.`, { code: 'no_available_target' });
}

export function planRequest(requested: string, needs: RequestNeeds, context: PlanContext): RoutePlan {
  const found = findRoute(requested, context.routes, context.routing);
  if (!found && requested === 'auto') {
    throw new GatewayError('model_not_found', "The model 'auto' needs a route: define one under `routes` in the config (or set routing.defaultRoute).", {
      param: 'model',
      code: 'model_not_found',
    });
  }
  const maxRetries = found?.route.maxRetries ?? context.routing.retry.maxRetries;
  const plan: RoutePlan = {
    requested,
    route: found?.name ?? null,
    strategy: found?.route.strategy ?? 'fallback',
    attempts: [],
    skipped: [],
    totalTimeoutMs: found?.route.totalTimeoutMs ?? context.routing.totalTimeoutMs,
  };

  if (!found) {
    // A model, not a route: resolution errors are the client's answer (404 unknown, 503 no key).
    const target = resolveModel(requested, context.providers);
    const key = `${target.provider.id}/${target.upstreamModel}`;
    const health = context.health(key);
    plan.attempts.push({
      model: requested,
      target,
      key,
      score: null,
      why: health.availability === 'open' || health.availability === 'probing' ? 'requested directly (its circuit is open, but it is the only target)' : 'requested directly',
      // Never longer than the whole request may take (the executor clamps it the same way).
      timeoutMs: Math.min(target.provider.timeoutMs, plan.totalTimeoutMs),
      maxRetries,
      circuit: health.availability,
      forced: health.availability === 'open' || health.availability === 'probing',
    });
    return plan;
  }

  const candidates: Candidate[] = [];
  const circuitOpen: Array<{ candidate: Candidate; lastFailureAt: number }> = [];
  const seen = new Set<string>();
  found.route.targets.forEach((entry, index) => {
    const skip = (code: SkipCode, reason: string, provider: string | null = null): void => {
      plan.skipped.push({ model: entry.model, provider, code, reason });
    };
    const slash = entry.model.indexOf('/');
    const named = slash > 0 ? context.providers.get(entry.model.slice(0, slash)) : undefined;
    const problem = named && unusableReason(named);
    if (named && problem) return skip(problem.code, problem.reason, named.id);
    let target: ModelTarget;
    try {
      target = resolveModel(entry.model, context.providers);
    } catch (error) {
      return skip((error as GatewayError).kind === 'provider_unavailable' ? 'unavailable' : 'unknown-model', (error as Error).message);
    }
    const key = `${target.provider.id}/${target.upstreamModel}`;
    if (seen.has(key)) return skip('duplicate', `same target as an earlier entry (${key})`, target.provider.id);
    seen.add(key);
    const gap = capabilityGap(target.provider, needs);
    if (gap) return skip(gap.code, gap.reason, target.provider.id);
    const health = context.health(key);
    const price = context.price(target.provider, target.upstreamModel);
    const candidate: Candidate = {
      index,
      model: entry.model,
      target,
      key,
      weight: entry.weight ?? 1,
      costMicros: price ? estimateCostMicros(price, needs.inputTokens, needs.outputTokens) : undefined,
      latencyMs: latencyScore(health.latency, needs.stream, context.now),
      timeoutMs: Math.min(entry.timeoutMs ?? found.route.timeoutMs ?? target.provider.timeoutMs, plan.totalTimeoutMs),
      circuit: health.availability,
    };
    if (health.availability === 'open' || health.availability === 'probing') {
      circuitOpen.push({ candidate, lastFailureAt: health.lastFailureAt ?? 0 });
      return skip('circuit-open', circuitReason(health.availability), target.provider.id);
    }
    candidates.push(candidate);
  });

  let forced: Candidate | undefined;
  if (!candidates.length && circuitOpen.length) {
    // Never every target at once: the least recently failed one still gets the request.
    circuitOpen.sort((a, b) => a.lastFailureAt - b.lastFailureAt || a.candidate.index - b.candidate.index);
    forced = circuitOpen[0]?.candidate;
    if (forced) {
      const model = forced.model;
      plan.skipped = plan.skipped.filter((skip) => !(skip.code === 'circuit-open' && skip.model === model));
      candidates.push(forced);
    }
  }
  for (const ordered of orderTargets(plan.strategy, candidates, context.random)) {
    const isForced = ordered.candidate === forced;
    plan.attempts.push({
      model: ordered.candidate.model,
      target: ordered.candidate.target,
      key: ordered.candidate.key,
      score: ordered.score,
      why: isForced ? `every target's circuit is open; this one failed longest ago` : ordered.why,
      timeoutMs: ordered.candidate.timeoutMs,
      maxRetries,
      circuit: ordered.candidate.circuit,
      forced: isForced,
    });
  }
  if (!plan.attempts.length) throw explainFailure(plan);
  return plan;
}
