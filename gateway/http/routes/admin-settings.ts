/**
 * Settings for the UI: `GET /admin/settings` lists every editable setting with its value and whether it
 * applies at once; `PATCH /admin/settings` (a nested partial, e.g. `{"traces":{"bodies":true}}`) validates
 * the whole resulting config, writes the changed paths to the config file (when known; comments kept),
 * applies the live ones at once and names those that take effect at the next start.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { flattenPatch, isLiveSetting, LIVE_SETTINGS, RESTART_SETTINGS, settingValue, withSettings } from '../../config/settings.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { validateRequest } from '../../dialects/validation.js';
import { editing } from './admin-config.js';
import { applyLiveSettings, pendingSettings } from './config-live.js';

const Patch = z.record(z.string(), z.unknown());

export function registerAdminSettingsRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  /** Values saved for the next start (restart settings changed since this one; a config reload sets them too). */
  const pending = pendingSettings(gateway);
  const list = () =>
    [...LIVE_SETTINGS, ...RESTART_SETTINGS].map((path) => ({
      path,
      value: settingValue(gateway.config, path) ?? null,
      live: isLiveSetting(path),
      ...(pending.has(path) ? { nextStart: pending.get(path) } : {}),
    }));

  app.get('/admin/settings', admin, async () => ({ file: gateway.configEditor.file, settings: list() }));

  app.patch('/admin/settings', admin, async (request, reply) => {
    const { changes, refused } = flattenPatch(validateRequest(Patch, request.body));
    if (refused.length) {
      throw new GatewayError('invalid_request', `Not a setting that can be changed here: ${refused.join(', ')}.`, { param: refused[0], code: 'not_editable' });
    }
    if (!changes.length) throw new GatewayError('invalid_request', 'Nothing to change.', { code: 'invalid_value' });
    return editing(gateway, reply, async () => {
      const candidate = withSettings(gateway.config, changes);
      const { config, persisted } = gateway.configEditor.commit(
        candidate,
        changes.map(({ path, value }) => (value === null ? { path: path.split('.') } : { path: path.split('.'), value })),
      );
      // Live settings are read per request: replace their sections with the validated ones.
      const live = changes.filter((change) => isLiveSetting(change.path));
      applyLiveSettings(gateway, config, live.map((change) => change.path));
      const restartRequired = changes.filter((change) => !isLiveSetting(change.path)).map((change) => change.path);
      for (const path of restartRequired) pending.set(path, settingValue(config, path) ?? null);
      gateway.log.info('settings changed', { paths: changes.map((change) => change.path).join(','), persisted });
      return { applied: live.map((change) => change.path), restartRequired, persisted, file: gateway.configEditor.file, settings: list() };
    });
  });
}
