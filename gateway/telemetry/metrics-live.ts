/**
 * Gauges of the gateway's live state, read when Prometheus scrapes (nothing on the request path): requests
 * in flight, each target's circuit breaker, each provider's concurrency slots and queue, the ledger's write
 * backlog and rows lost to a failing disk, and the version.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { InFlight } from '../http/in-flight.js';
import type { Availability } from '../routing/breaker.js';
import type { Router } from '../routing/router.js';
import type { Store } from '../store/types.js';
import { OTHER } from './metrics-labels.js';

export interface LiveSources {
  router: Pick<Router, 'health' | 'load'>;
  inFlight: Pick<InFlight, 'size'>;
  store: Pick<Store, 'stats'>;
  version: string;
}

/** 0 closed, 1 half-open (a probe may go or is in flight), 2 open. */
export const BREAKER_STATE: Record<Availability, number> = { closed: 0, 'half-open': 1, probing: 1, open: 2 };

export function registerLiveMetrics(registry: Registry, sources: LiveSources, maxSeries: number): void {
  const registers = [registry];
  new Gauge({
    name: 'signalbox_active_requests',
    help: 'Proxied requests in flight.',
    registers,
    collect() {
      this.set(sources.inFlight.size());
    },
  });
  new Gauge({
    name: 'signalbox_circuit_breaker_state',
    help: 'Circuit breaker of each target called so far: 0 closed, 1 half-open, 2 open.',
    labelNames: ['provider', 'model'],
    registers,
    collect() {
      this.reset();
      let overflow: number | undefined;
      const report = sources.router.health.report();
      report.forEach((target, index) => {
        const state = BREAKER_STATE[target.state];
        // Beyond the series cap, the worst state of the remaining targets is shown as model "other".
        if (index >= maxSeries) overflow = Math.max(overflow ?? 0, state);
        else {
          // A target is `provider/upstreamModel`; provider ids never contain a slash.
          const slash = target.target.indexOf('/');
          this.set({ provider: target.target.slice(0, slash), model: target.target.slice(slash + 1) }, state);
        }
      });
      if (overflow !== undefined) this.set({ provider: OTHER, model: OTHER }, overflow);
    },
  });
  const perProvider = (name: string, help: string, value: (load: ReturnType<Router['load']>[number]) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['provider'],
      registers,
      collect() {
        for (const load of sources.router.load()) this.set({ provider: load.provider }, value(load));
      },
    });
  };
  perProvider('signalbox_provider_slots_in_use', 'Concurrency slots in use per provider (requests being sent or streamed).', (load) => load.active);
  perProvider('signalbox_provider_slots_max', 'Concurrency slots per provider (maxConcurrency).', (load) => load.maxConcurrency);
  perProvider('signalbox_provider_queue_depth', 'Requests waiting for a provider slot.', (load) => load.queued);
  new Gauge({
    name: 'signalbox_ledger_pending_records',
    help: 'Ledger rows waiting to be written.',
    registers,
    collect() {
      this.set(sources.store.stats().pending);
    },
  });
  new Counter({
    name: 'signalbox_ledger_dropped_records_total',
    help: 'Ledger rows (usage records) lost because storage kept failing and the buffer was full.',
    registers,
    collect() {
      this.reset();
      this.inc(sources.store.stats().dropped);
    },
  });
  new Gauge({ name: 'signalbox_build_info', help: 'Always 1; the version as a label.', labelNames: ['version'], registers }).set({ version: sources.version }, 1);
}
