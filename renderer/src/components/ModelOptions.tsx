/**
 * The `<option>`s of a "route or model" select: a placeholder, then routes, then models (`GET /admin/models`).
 * `routeLabel` adds a route's description; `original` marks the name a request first used.
 */
import type { ModelsAnswer } from '../api/types';

type RouteEntry = ModelsAnswer['routes'][number];

export function ModelOptions({ answer, routeLabel, original }: { answer: ModelsAnswer | undefined; routeLabel?: (route: RouteEntry) => string; original?: string | null }) {
  const routes = answer?.routes ?? [];
  const models = answer?.data ?? [];
  const mark = (name: string) => (name === original ? ' (original)' : '');
  return (
    <>
      <option value="">Choose a route or a model…</option>
      {routes.length > 0 && (
        <optgroup label="Routes">
          {routes.map((route) => (
            <option key={route.name} value={route.name}>
              {routeLabel ? routeLabel(route) : route.name}
              {mark(route.name)}
            </option>
          ))}
        </optgroup>
      )}
      {models.length > 0 && (
        <optgroup label="Models">
          {models.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.id}
              {mark(entry.id)}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}
