/**
 * Provider keys in the admin API: `GET /admin/secrets` (keychain status; every keychain entry configured
 * or stored, with a masked hint, whether it is set and which providers use it; `env:` references with
 * whether they are set), `PUT /admin/secrets/:name` `{ "value": "…" }` (store in the OS keychain; the
 * providers using it work at once) and `DELETE /admin/secrets/:name`. A key value never leaves: responses
 * carry at most a masked hint. An unreachable keychain is a 503 with what to do about it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { validateRequest } from '../../dialects/validation.js';
import { maskedHint } from '../../secrets/masked-hint.js';
import { parseSecretRef } from '../../secrets/secret-ref.js';
import { SecretName, SecretValue } from '../../secrets/secret-shape.js';
import { VaultUnavailableError, type SecretVault } from '../../secrets/vault.js';

const SecretParams = z.object({ name: SecretName });
const SecretBody = z.strictObject({ value: SecretValue });

interface SecretEntry {
  name: string;
  ref: string;
  source: 'keychain' | 'env';
  set: boolean;
  /** Masked hint of a keychain value; null when unset or for env references. */
  hint: string | null;
  usedBy: string[];
}

function keychainError(error: unknown): never {
  if (error instanceof VaultUnavailableError) {
    throw new GatewayError('provider_unavailable', `The OS keychain cannot be used: ${error.reason}.`, { code: 'keychain_unavailable' });
  }
  throw error;
}

async function hintOf(vault: SecretVault, name: string): Promise<string | null> {
  try {
    const value = await vault.get(name);
    return value === undefined ? null : maskedHint(value);
  } catch {
    return null;
  }
}

export function registerAdminSecretsRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  const usedBy = (name: string): string[] => gateway.keys.references().get(name) ?? [];

  const keychainEntry = async (name: string): Promise<SecretEntry> => {
    const hint = await hintOf(gateway.vault, name);
    return { name, ref: `keychain:${name}`, source: 'keychain', set: hint !== null, hint, usedBy: usedBy(name) };
  };

  app.get('/admin/secrets', admin, async () => {
    const status = await gateway.vault.status();
    // Listing doubles as the on-demand pick-up of keys changed outside the gateway (`signalbox keys set`).
    if (status.available) await gateway.keys.refresh().catch(() => undefined);
    const names = new Set(gateway.keys.references().keys());
    if (status.available) for (const name of await gateway.vault.list().catch(() => [])) names.add(name);
    const keychain = status.available
      ? await Promise.all([...names].sort().map(keychainEntry))
      : [...names].sort().map((name): SecretEntry => ({ name, ref: `keychain:${name}`, source: 'keychain', set: false, hint: null, usedBy: usedBy(name) }));
    const env = new Map<string, SecretEntry>();
    for (const provider of gateway.providers.values()) {
      const parts = provider.apiKeyRef ? parseSecretRef(provider.apiKeyRef) : undefined;
      if (parts?.scheme !== 'env') continue;
      const entry = env.get(parts.name) ?? { name: parts.name, ref: `env:${parts.name}`, source: 'env' as const, set: false, hint: null, usedBy: [] };
      entry.usedBy.push(provider.id);
      entry.set ||= provider.apiKey !== undefined;
      env.set(parts.name, entry);
    }
    return { keychain: status, secrets: [...keychain, ...[...env.values()].sort((a, b) => a.name.localeCompare(b.name))] };
  });

  app.put('/admin/secrets/:name', admin, async (request) => {
    const { name } = validateRequest(SecretParams, request.params);
    const { value } = validateRequest(SecretBody, request.body);
    await gateway.keys.set(name, value).catch(keychainError);
    gateway.log.info('keychain entry set', { name, usedBy: usedBy(name).join(',') });
    return { name, ref: `keychain:${name}`, source: 'keychain', set: true, hint: maskedHint(value), usedBy: usedBy(name) } satisfies SecretEntry;
  });

  app.delete('/admin/secrets/:name', admin, async (request, reply) => {
    const { name } = validateRequest(SecretParams, request.params);
    const removed = await gateway.keys.delete(name).catch(keychainError);
    if (!removed) throw new GatewayError('not_found', `No key named "${name}" is in the OS keychain.`, { code: 'secret_not_found' });
    gateway.log.info('keychain entry removed', { name, usedBy: usedBy(name).join(',') });
    return reply.status(204).send();
  });
}
