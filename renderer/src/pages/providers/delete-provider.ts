/**
 * Deleting a provider, and optionally its keychain entry: the provider first (`DELETE /admin/providers/:id`),
 * then the entry (`DELETE /admin/secrets/:name`) when asked. The entry is offered when the provider's key is
 * in the keychain; removing it is the default only when no other provider uses the same entry.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useAdmin } from '../../api/AdminProvider';
import { queryKeys } from '../../api/query-keys';
import type { SecretsAnswer } from '../../api/types';

export interface KeychainChoice {
  name: string;
  /** Other providers using the same entry (removing it would break them). */
  sharedWith: string[];
}

/** The keychain entry a provider's key lives in, if any, and who else uses it. */
export function keychainEntryOf(id: string, configuredRef: string | undefined, secrets: SecretsAnswer | undefined): KeychainChoice | null {
  const entry = secrets?.secrets.find((secret) => secret.source === 'keychain' && (secret.usedBy.includes(id) || (configuredRef !== undefined && secret.ref === configuredRef)));
  if (!entry) return null;
  return { name: entry.name, sharedWith: entry.usedBy.filter((user) => user !== id) };
}

export function useDeleteProviderAndKey() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, removeKey }: { id: string; removeKey: string | null }): Promise<{ keyRemoved: boolean; keyError?: string }> => {
      await client.send<undefined>('DELETE', `/admin/providers/${encodeURIComponent(id)}`);
      if (!removeKey) return { keyRemoved: false };
      // The provider is gone by now: a keychain failure is reported, not thrown (the dialog has nothing left to retry).
      try {
        await client.send<undefined>('DELETE', `/admin/secrets/${encodeURIComponent(removeKey)}`);
        return { keyRemoved: true };
      } catch (error) {
        return { keyRemoved: false, keyError: (error as Error).message };
      }
    },
    // The provider may be gone even when removing the key failed: refresh either way.
    onSettled: () => Promise.all([queryKeys.config, queryKeys.models, queryKeys.status, queryKeys.routingHealth, queryKeys.secrets].map((queryKey) => queries.invalidateQueries({ queryKey }))),
  });
}
