/**
 * Editing providers and routes through the admin API, applied live (no restart) and written to the config
 * file when one is known (comments elsewhere kept; refused with 409 if the file was hand-edited since).
 *
 * - `PUT /admin/routes/:name` (a RouteConfig) · `DELETE /admin/routes/:name`
 * - `PUT /admin/providers/:id` `{ provider, apiKey? }` (a key value goes to the keychain as entry `<id>`;
 *   the file gets `apiKey: keychain:<id>`) · `DELETE /admin/providers/:id`
 * - `POST /admin/providers/test` `{ provider, apiKey? }` or `{ id }`: lists the provider's models through the
 *   normal upstream client (egress policy included); the test key is never stored or logged.
 * - `POST /admin/config/reload` (admin-config-reload.ts): picks up a hand edit of the file, ending the 409s.
 *
 * Extra provider `headers` that look like credentials (authorization, x-api-key, `Bearer …` values) are
 * refused with 400 `secret_header`: the file holds them in clear; keys go to the keychain through `apiKey`.
 *
 * Every edit is validated as a whole config first (400 with `param` = the config path), edits run one at a
 * time, and memory changes only after the file was written.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseField } from '../../config/config-edit.js';
import { ConfigFileChangedError } from '../../config/config-writer.js';
import { SECRET_HEADER_MESSAGE, secretHeader } from '../../config/secret-headers.js';
import { RouteConfig, RouteName } from '../../config/routing-schema.js';
import { Identifier, ProviderConfig, type Config } from '../../config/schema.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError, isGatewayError } from '../../core/errors.js';
import { encodeErrorBody } from '../../dialects/openai-chat/errors.js';
import { outboundCodec } from '../../dialects/outbound.js';
import { validateRequest } from '../../dialects/validation.js';
import { resolveProviders, type ResolvedProvider } from '../../providers/registry.js';
import { lookupKeychain } from '../../secrets/keychain-lookup.js';
import { keychainName } from '../../secrets/secret-ref.js';
import { registerConfigReloadRoute } from './admin-config-reload.js';
import { registerRouteRename } from './admin-route-rename.js';
import { applyProviderLive } from './config-live.js';
import { SecretValue } from '../../secrets/secret-shape.js';
import { VaultUnavailableError } from '../../secrets/vault.js';
import { cleanProviderMessage, upstreamError } from '../../upstream/error-details.js';
import { discardBody, readBody } from '../../upstream/http-client.js';

const RouteParams = z.object({ name: RouteName });
const ProviderParams = z.object({ id: Identifier });
const ProviderBody = z.strictObject({ provider: z.record(z.string(), z.unknown()), apiKey: SecretValue.optional() });
const TestBody = z.union([z.strictObject({ id: Identifier }), ProviderBody]);

const TEST_TIMEOUT_MS = 10_000;
const MAX_LIST_BYTES = 8 * 1024 * 1024;

/** The same shape as a provider in GET /admin/status. */
export function providerStatus(provider: ResolvedProvider) {
  return {
    id: provider.id,
    type: provider.type,
    label: provider.definition.label,
    baseUrl: provider.baseUrl,
    models: provider.models ?? null,
    enabled: provider.enabled,
    hasKey: provider.apiKey !== undefined,
    unavailable: provider.unavailable ?? null,
  };
}

function conflict(reply: FastifyReply, error: ConfigFileChangedError): FastifyReply {
  return reply.status(409).send(encodeErrorBody(new GatewayError('invalid_request', error.message, { code: 'config_file_changed' })));
}

/** Runs an edit; a hand-edited config file becomes a 409 (nothing changed). */
export async function editing<T>(gateway: GatewayContext, reply: FastifyReply, task: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await gateway.configEditor.serial(task);
  } catch (error) {
    if (error instanceof ConfigFileChangedError) return conflict(reply, error);
    throw error;
  }
}

function routesTargeting(config: Config, id: string): string[] {
  return Object.entries(config.routes)
    .filter(([, route]) => route.targets.some((target) => target.model.startsWith(`${id}/`)))
    .map(([name]) => name);
}

export function registerAdminConfigRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };
  const providers = gateway.providers as Map<string, ResolvedProvider>;
  const fileInfo = (persisted: boolean) => ({ persisted, file: persisted ? gateway.configEditor.file : null });

  app.put('/admin/routes/:name', admin, async (request, reply) => {
    const { name } = validateRequest(RouteParams, request.params);
    const route = parseField(RouteConfig, request.body, ['routes', name]);
    return editing(gateway, reply, async () => {
      const routes = { ...gateway.config.routes, [name]: route };
      const { persisted } = gateway.configEditor.commit({ ...gateway.config, routes }, [{ path: ['routes', name], value: request.body }]);
      gateway.config.routes = routes;
      gateway.log.info('route saved', { route: name, persisted });
      return { name, route, ...fileInfo(persisted) };
    });
  });

  app.delete('/admin/routes/:name', admin, async (request, reply) => {
    const { name } = validateRequest(RouteParams, request.params);
    return editing(gateway, reply, async () => {
      if (!Object.hasOwn(gateway.config.routes, name)) throw new GatewayError('not_found', `No route is named "${name}".`, { code: 'route_not_found' });
      if (gateway.config.routing.defaultRoute === name) {
        throw new GatewayError('invalid_request', `Route "${name}" is routing.defaultRoute; choose another default route first.`, {
          code: 'route_in_use',
          param: 'routing.defaultRoute',
        });
      }
      const routes = { ...gateway.config.routes };
      delete routes[name];
      const { persisted } = gateway.configEditor.commit({ ...gateway.config, routes }, [{ path: ['routes', name] }]);
      gateway.config.routes = routes;
      gateway.log.info('route removed', { route: name, persisted });
      return reply.status(204).send();
    });
  });

  const applyProvider = (id: string, entry: ProviderConfig | undefined) => applyProviderLive(gateway, id, entry);

  app.put('/admin/providers/:id', admin, async (request, reply) => {
    const { id } = validateRequest(ProviderParams, request.params);
    const body = validateRequest(ProviderBody, request.body);
    const raw: Record<string, unknown> = body.apiKey === undefined ? body.provider : { ...body.provider, apiKey: `keychain:${id}` };
    const entry = parseField(ProviderConfig, raw, ['providers', id]);
    // Headers are written to the file in clear: a credential there would leak; it belongs in apiKey.
    const leaky = secretHeader(entry.headers);
    if (leaky !== undefined) {
      throw new GatewayError('invalid_request', `providers.${id}.headers.${leaky}: ${SECRET_HEADER_MESSAGE}.`, { code: 'secret_header', param: `providers.${id}.headers.${leaky}` });
    }
    if (entry.allowLinkLocal && !gateway.linkLocalProviders) {
      throw new GatewayError('invalid_request', 'allowLinkLocal cannot be turned on while running with this upstream client; edit the config file and restart.', {
        code: 'invalid_config',
        param: `providers.${id}.allowLinkLocal`,
      });
    }
    return editing(gateway, reply, async () => {
      const candidate = { ...gateway.config, providers: { ...gateway.config.providers, [id]: entry } };
      // Validate before touching the keychain: a bad edit stores nothing.
      gateway.configEditor.commit(candidate, [], { dryRun: true });
      if (body.apiKey !== undefined) {
        await gateway.keys.set(id, body.apiKey).catch((error: unknown) => {
          if (error instanceof VaultUnavailableError) {
            throw new GatewayError('provider_unavailable', `The OS keychain cannot be used: ${error.reason}. Nothing was changed.`, { code: 'keychain_unavailable' });
          }
          throw error;
        });
      }
      const { persisted } = gateway.configEditor.commit(candidate, [{ path: ['providers', id], value: raw }]);
      await applyProvider(id, entry);
      gateway.log.info('provider saved', { provider: id, persisted });
      return { id, status: providerStatus(providers.get(id)!), ...fileInfo(persisted) };
    });
  });

  app.delete('/admin/providers/:id', admin, async (request, reply) => {
    const { id } = validateRequest(ProviderParams, request.params);
    return editing(gateway, reply, async () => {
      if (!Object.hasOwn(gateway.config.providers, id)) throw new GatewayError('not_found', `No provider is named "${id}".`, { code: 'provider_not_found' });
      const using = routesTargeting(gateway.config, id);
      if (using.length) {
        throw new GatewayError('invalid_request', `Provider "${id}" is still a target of route${using.length > 1 ? 's' : ''} ${using.map((name) => `"${name}"`).join(', ')}; change or remove ${using.length > 1 ? 'them' : 'it'} first.`, {
          code: 'provider_in_use',
          param: `routes.${using[0]!}`,
        });
      }
      const rest = { ...gateway.config.providers };
      delete rest[id];
      const { persisted } = gateway.configEditor.commit({ ...gateway.config, providers: rest }, [{ path: ['providers', id] }]);
      await applyProvider(id, undefined);
      gateway.log.info('provider removed', { provider: id, persisted });
      return reply.status(204).send();
    });
  });

  registerConfigReloadRoute(app, gateway);
  registerRouteRename(app, gateway);

  app.post('/admin/providers/test', admin, async (request) => {
    const body = validateRequest(TestBody, request.body);
    let provider: ResolvedProvider;
    let testKey: string | undefined;
    if ('id' in body) {
      const existing = providers.get(body.id);
      if (!existing) throw new GatewayError('not_found', `No provider is named "${body.id}".`, { code: 'provider_not_found', param: 'id' });
      provider = existing;
    } else {
      testKey = body.apiKey;
      const raw = testKey === undefined ? body.provider : { ...body.provider, apiKey: 'keychain:connection-test' };
      const entry = parseField(ProviderConfig, raw, ['provider']);
      const name = keychainName(entry.apiKey);
      const keychain =
        testKey !== undefined
          ? new Map([['connection-test', { ok: true as const, value: testKey }]])
          : name
            ? await lookupKeychain(gateway.vault, [name])
            : new Map();
      provider = resolveProviders({ ...gateway.config, providers: { 'connection-test': entry } }, gateway.env, gateway.version, keychain).get('connection-test')!;
    }
    const secrets = [...gateway.keys.secrets(), ...(testKey ? [testKey] : [])];
    const started = gateway.clock();
    const fail = (kind: string, message: string) => ({ ok: false, latencyMs: gateway.clock() - started, error: { kind, message: cleanProviderMessage(message, secrets) } });
    if (provider.unavailable) return fail('provider_unavailable', provider.unavailable);
    const codec = outboundCodec(provider.definition.dialect);
    try {
      const response = await gateway.execute.upstream.request({
        url: `${provider.baseUrl}${codec.models.path}`,
        method: 'GET',
        headers: { ...provider.headers, accept: 'application/json' },
        firstByteTimeoutMs: TEST_TIMEOUT_MS,
        idleTimeoutMs: TEST_TIMEOUT_MS,
        provider: provider.id,
      });
      if (response.status !== 200) {
        let details = {};
        if (response.status >= 300 && response.status < 400) discardBody(response);
        else {
          try {
            details = codec.decodeErrorBody(JSON.parse((await readBody(response, MAX_LIST_BYTES, provider.id)).toString('utf8')));
          } catch {
            // Not JSON: the status alone decides.
          }
        }
        const error = upstreamError({ provider: provider.id, status: response.status, details, secrets });
        return fail(error.kind, error.message);
      }
      let listed: unknown;
      try {
        listed = JSON.parse((await readBody(response, MAX_LIST_BYTES, provider.id)).toString('utf8'));
      } catch (error) {
        if (isGatewayError(error)) throw error;
        return fail('upstream_bad_response', `Provider "${provider.id}" answered with a model list that is not valid JSON.`);
      }
      const models = codec.models.decode(listed).map((model) => model.model);
      return { ok: true, latencyMs: gateway.clock() - started, models };
    } catch (error) {
      if (isGatewayError(error)) return fail(error.kind, error.message);
      return fail('internal', 'The connection test failed unexpectedly.');
    }
  });
}
