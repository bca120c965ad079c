/**
 * Each provider's health for the Overview: whether it can be used at all (enabled, key, availability),
 * its circuits (targets are `<provider>/<model>`), its traffic and errors over the last day, and its
 * concurrency slots in use.
 */
import type { ProviderStatus, RoutingHealth, TargetHealth, UsageRow } from '../../api/types';
import type { Tone } from '../../components/Badge';

export interface ProviderHealthRow {
  id: string;
  label: string;
  type: string;
  state: { label: string; tone: Tone; detail: string | null };
  requests: number;
  errors: number;
  errorRate: number | null;
  p50LatencyMs: number | null;
  openTargets: TargetHealth[];
  active: number;
  queued: number;
  maxConcurrency: number | null;
}

const providerOf = (target: string): string => target.slice(0, Math.max(0, target.indexOf('/')));

export function providerHealth(
  providers: readonly ProviderStatus[],
  health: RoutingHealth | undefined,
  usage: readonly UsageRow[] | undefined,
  requiresKey: (type: string) => boolean = () => true,
): ProviderHealthRow[] {
  return providers.map((provider) => {
    const targets = (health?.targets ?? []).filter((target) => providerOf(target.target) === provider.id);
    const openTargets = targets.filter((target) => target.state !== 'closed');
    const load = health?.providers.find((entry) => entry.provider === provider.id);
    const traffic = usage?.find((row) => row.key === provider.id);
    const requests = traffic?.requests ?? 0;
    const errors = traffic?.errors ?? 0;
    return {
      id: provider.id,
      label: provider.label,
      type: provider.type,
      state: stateOf(provider, targets, openTargets, requests, requiresKey(provider.type)),
      requests,
      errors,
      errorRate: requests ? errors / requests : null,
      p50LatencyMs: traffic?.p50LatencyMs ?? null,
      openTargets,
      active: load?.active ?? 0,
      queued: load?.queued ?? 0,
      maxConcurrency: load?.maxConcurrency ?? null,
    };
  });
}

function stateOf(provider: ProviderStatus, targets: TargetHealth[], open: TargetHealth[], requests: number, needsKey: boolean): ProviderHealthRow['state'] {
  if (!provider.enabled) return { label: 'Disabled', tone: 'neutral', detail: 'enabled: false in the config' };
  if (provider.unavailable) return { label: 'Unavailable', tone: 'bad', detail: provider.unavailable };
  if (!provider.hasKey && needsKey) {
    return { label: 'No key', tone: 'warn', detail: 'Its API key is not set' };
  }
  const fullyOpen = open.filter((target) => target.state === 'open');
  if (fullyOpen.length && fullyOpen.length === targets.length) {
    return { label: 'Circuit open', tone: 'bad', detail: describeOpen(fullyOpen) };
  }
  if (open.length) return { label: 'Degraded', tone: 'warn', detail: describeOpen(open) };
  if (!requests && !targets.length) return { label: 'Idle', tone: 'neutral', detail: 'No traffic in the last 24 hours' };
  return { label: 'Healthy', tone: 'ok', detail: null };
}

function describeOpen(targets: TargetHealth[]): string {
  const names = targets.map((target) => target.target.slice(target.target.indexOf('/') + 1));
  const first = targets[0];
  const reason = first?.openReason ?? first?.lastFailureKind;
  const shown = names.slice(0, 2).join(', ') + (names.length > 2 ? ` and ${names.length - 2} more` : '');
  return `${shown}: ${first?.state ?? 'open'}${reason ? ` (${reason})` : ''}`;
}
