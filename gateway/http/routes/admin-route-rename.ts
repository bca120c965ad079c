/**
 * `POST /admin/routes/:name/rename` `{"to": "new-name"}`: a route gets a new model name, live and in the
 * config file in one write — its YAML entry moves as written (comments inside it kept), and
 * `routing.defaultRoute` follows it. Client keys limited to the old name by exact match follow too
 * (database keys at once; keys declared in the config are listed in `keysToUpdate`, since they are read at
 * start). The old name stops working at once: tools that send it get 404 `model_not_found`.
 */
import type { FastifyInstance } from 'fastify';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { ConfigFileChange } from '../../config/config-writer.js';
import { RouteName } from '../../config/routing-schema.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { validateRequest } from '../../dialects/validation.js';
import { editing } from './admin-config.js';

const Params = z.object({ name: RouteName });
const Body = z.strictObject({ to: RouteName });

/** The route's entry as written in the file (so its own comments and shorthand survive the move), if readable. */
function writtenEntry(text: string | null, name: string): unknown {
  if (text === null) return undefined;
  try {
    const document = parseDocument(text);
    const node = document.getIn(['routes', name], true);
    return node && typeof node === 'object' && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : undefined;
  } catch {
    return undefined;
  }
}

export function registerRouteRename(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };
  app.post('/admin/routes/:name/rename', admin, async (request, reply) => {
    const { name } = validateRequest(Params, request.params);
    const { to } = validateRequest(Body, request.body);
    return editing(gateway, reply, async () => {
      const config = gateway.config;
      const route = config.routes[name];
      if (!route || !Object.hasOwn(config.routes, name)) throw new GatewayError('not_found', `No route is named "${name}".`, { code: 'route_not_found' });
      if (to === name) throw new GatewayError('invalid_request', 'The new name is the current one.', { code: 'same_name', param: 'to' });
      if (Object.hasOwn(config.routes, to)) throw new GatewayError('invalid_request', `Another route is already named "${to}".`, { code: 'route_exists', param: 'to' });

      const routes: Record<string, typeof route> = {};
      for (const [key, value] of Object.entries(config.routes)) routes[key === name ? to : key] = value;
      const isDefault = config.routing.defaultRoute === name;
      const routing = isDefault ? { ...config.routing, defaultRoute: to } : config.routing;
      const changes: ConfigFileChange[] = [
        { path: ['routes', to], value: writtenEntry(gateway.configEditor.read(), name) ?? route },
        { path: ['routes', name] },
        ...(isDefault ? [{ path: ['routing', 'defaultRoute'], value: to }] : []),
      ];
      const { persisted } = gateway.configEditor.commit({ ...config, routes, routing }, changes);
      gateway.config.routes = routes;
      if (isDefault) gateway.config.routing = routing;

      // Access follows the route: keys limited to it by name keep it under its new name.
      const movedKeys: string[] = [];
      const keysToUpdate: string[] = [];
      for (const key of gateway.clientKeys.list()) {
        if (key.revokedAt || !key.models?.includes(name)) continue;
        if (key.source === 'database' && key.id) {
          gateway.clientKeys.update(key.id, { models: key.models.map((model) => (model === name ? to : model)) });
          movedKeys.push(key.name);
        } else keysToUpdate.push(key.name);
      }
      gateway.log.info('route renamed', { from: name, to, persisted, keys: movedKeys.length });
      return { name: to, from: name, route, defaultRoute: isDefault, movedKeys, keysToUpdate, persisted, file: persisted ? gateway.configEditor.file : null };
    });
  });
}
