/**
 * `POST /admin/config/reload`: re-reads the config file after a hand edit, validates it as a whole, and
 * applies what can be applied live: providers, routes, prices, per-client limits, routing.defaultRoute and
 * the live settings. Other changed paths are named in `restartRequired` (and saved as the settings' next
 * start values). Later admin edits check the file against the reloaded text, so they no longer answer 409.
 *
 * An unreadable or invalid file is a 400 listing every problem with its config path (`issues`); nothing
 * changes then.
 */
import { existsSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { parseDocument } from 'yaml';
import { diffConfig, isLivePath } from '../../config/config-diff.js';
import { formatIssues, formatPath } from '../../config/issues.js';
import { ConfigSchema, type Config, type ProviderConfig } from '../../config/schema.js';
import { RESTART_SETTINGS, isLiveSetting, settingValue } from '../../config/settings.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { encodeErrorBody } from '../../dialects/openai-chat/errors.js';
import { applyLiveSettings, applyProvidersLive, pendingSettings } from './config-live.js';

interface Issue {
  path: string;
  message: string;
}

function invalid(reply: FastifyReply, file: string, issues: Issue[]): FastifyReply {
  const first = issues[0];
  const error = new GatewayError('invalid_request', `The config file ${file} is not valid; nothing was changed. ${first ? first.message : ''}`.trim(), {
    code: 'invalid_config',
    ...(first?.path ? { param: first.path } : {}),
  });
  const body = encodeErrorBody(error);
  return reply.status(400).send({ error: { ...body.error, issues } });
}

/** One zod issue → its problems with their paths (an unknown field is named by its own path). */
function issueEntries(issue: z.core.$ZodIssue): Issue[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `${formatPath([...issue.path, key])}: unknown field` }));
  return [{ path: formatPath(issue.path), message: formatIssues([issue])[0] ?? issue.message }];
}

/** The file's text → a validated config, or the problems (YAML syntax, then schema), each with its path. */
function readConfig(text: string): { ok: true; config: Config } | { ok: false; issues: Issue[] } {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length) return { ok: false, issues: document.errors.map((error) => ({ path: '', message: error.message.split('\n')[0] ?? error.message })) };
  const result = ConfigSchema.safeParse(document.toJS() ?? {});
  if (!result.success) {
    return { ok: false, issues: result.error.issues.flatMap(issueEntries) };
  }
  return { ok: true, config: result.data };
}

/** Applies the live part of `next`; returns the changed paths that wait for a restart. */
async function applyLive(gateway: GatewayContext, next: Config, changed: readonly string[]): Promise<{ applied: string[]; restartRequired: string[] }> {
  const applied: string[] = [];
  const restartRequired: string[] = [];
  const providers = new Map<string, ProviderConfig | undefined>();
  for (const path of changed) {
    const [section, key] = path.split('.') as [string, string | undefined];
    if (!isLivePath(path) || key === undefined) {
      restartRequired.push(path);
      continue;
    }
    applied.push(path);
    if (section === 'providers') {
      const entry = next.providers[key];
      providers.set(key, entry);
      // Without its own upstream client the egress exception cannot be granted live.
      if (entry?.allowLinkLocal && !gateway.linkLocalProviders) restartRequired.push(`${path}.allowLinkLocal`);
    }
  }
  // Providers, routes and the rest change together, after every key was resolved: no request sees a route
  // whose provider is already gone, or a provider without its key.
  await applyProvidersLive(gateway, providers, () => swapSections(gateway, next, applied));
  return { applied, restartRequired };
}

/** The live sections other than providers, swapped synchronously. */
function swapSections(gateway: GatewayContext, next: Config, applied: readonly string[]): void {
  const has = (prefix: string) => applied.some((path) => path.startsWith(prefix));
  // Routes and routing are read per request from this same object (the router holds it).
  if (has('routes.')) gateway.config.routes = next.routes;
  if (has('routing.defaultRoute')) {
    const { defaultRoute: _old, ...routing } = gateway.config.routing;
    gateway.config.routing = next.routing.defaultRoute === undefined ? routing : { ...routing, defaultRoute: next.routing.defaultRoute };
  }
  // The price book holds this very object: replace its contents, not the object.
  if (has('prices.')) {
    const prices = gateway.config.prices as Record<string, unknown>;
    for (const name of Object.keys(prices)) delete prices[name];
    Object.assign(prices, next.prices);
  }
  if (has('limits.clients.')) {
    gateway.config.limits = { ...gateway.config.limits, clients: next.limits.clients };
    const now = gateway.clock();
    for (const path of applied.filter((entry) => entry.startsWith('limits.clients.'))) {
      const name = path.slice('limits.clients.'.length);
      // A database key's own limits win over the config's, field by field (as at start).
      const own = gateway.clientKeys.list().find((record) => record.name === name && record.revokedAt === null)?.limits ?? null;
      const configured = next.limits.clients[name];
      gateway.limits.setClient(name, own || configured ? { ...configured, ...own } : null, now);
    }
  }
  applyLiveSettings(gateway, next, applied.filter(isLiveSetting));
}

export function registerConfigReloadRoute(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  app.post('/admin/config/reload', admin, async (_request, reply) =>
    gateway.configEditor.serial(async () => {
      const file = gateway.configEditor.file;
      const text = gateway.configEditor.read();
      if (file === null || text === null) {
        throw new GatewayError('invalid_request', 'Signalbox was started without a config file: there is nothing to reload.', { code: 'no_config_file' });
      }
      // A moved, deleted or emptied file reads as "" — a valid config of defaults that would remove every
      // provider and route. Refuse it: nothing changes.
      if (!existsSync(file) || !text.trim()) {
        throw new GatewayError('invalid_request', `The config file ${file} is missing or empty: nothing was reloaded. Put it back (or write a config into it) and reload again.`, {
          code: 'config_file_missing',
        });
      }
      const read = readConfig(text);
      if (!read.ok) return invalid(reply, file, read.issues);
      const changed = diffConfig(gateway.config, read.config);
      const { applied, restartRequired } = await applyLive(gateway, read.config, changed);
      // Restart settings: the file's value is what the next start uses.
      const pending = pendingSettings(gateway);
      for (const path of RESTART_SETTINGS) {
        const running = settingValue(gateway.config, path);
        const onFile = settingValue(read.config, path);
        if (JSON.stringify(running) === JSON.stringify(onFile)) pending.delete(path);
        else pending.set(path, onFile ?? null);
      }
      gateway.configEditor.rebase(text);
      gateway.log.info('config reloaded', { file, applied: applied.join(','), restartRequired: restartRequired.join(',') });
      return { file, changed: changed.length > 0, applied, restartRequired };
    }),
  );
}
