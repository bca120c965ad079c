/**
 * Hooks for the config-editing admin API: models with prices, routes (PUT/DELETE), providers (PUT/DELETE,
 * test connection). A change applies live; each invalidates what it changes (config, models, status, health).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useAdmin } from './AdminProvider';
import { queryKeys } from './query-keys';
import type { ModelsAnswer, ProviderInput, ProviderTestAnswer, RouteConfig, SavedProvider, SavedRoute, SecretsAnswer } from './types';

export function useModels() {
  const { client } = useAdmin();
  return useQuery({ queryKey: queryKeys.models, queryFn: ({ signal }) => client.get<ModelsAnswer>('/admin/models', signal), staleTime: 30_000 });
}

const refreshConfig = (queries: QueryClient) =>
  Promise.all([queryKeys.config, queryKeys.models, queryKeys.status, queryKeys.routingHealth, queryKeys.secrets].map((queryKey) => queries.invalidateQueries({ queryKey })));

export function useSaveRoute() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    /**
     * `from`: the route's current name when it is being renamed. Saved under that name first, then moved: a
     * refused save changes nothing, and a refused move leaves the edits saved under the old name (a retry works).
     */
    mutationFn: async ({ name, route, from }: { name: string; route: RouteConfig; from?: string }) => {
      if (from === undefined || from === name) return client.send<SavedRoute>('PUT', `/admin/routes/${encodeURIComponent(name)}`, route);
      const saved = await client.send<SavedRoute>('PUT', `/admin/routes/${encodeURIComponent(from)}`, route);
      await client.send('POST', `/admin/routes/${encodeURIComponent(from)}/rename`, { to: name });
      return { ...saved, name };
    },
    onSettled: () => refreshConfig(queries),
  });
}

export function useDeleteRoute() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => client.send<undefined>('DELETE', `/admin/routes/${encodeURIComponent(name)}`),
    onSuccess: () => refreshConfig(queries),
  });
}

export function useSaveProvider() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, provider, apiKey }: { id: string; provider: ProviderInput; apiKey?: string }) =>
      client.send<SavedProvider>('PUT', `/admin/providers/${encodeURIComponent(id)}`, { provider, ...(apiKey ? { apiKey } : {}) }),
    onSuccess: () => refreshConfig(queries),
  });
}

export function useDeleteProvider() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client.send<undefined>('DELETE', `/admin/providers/${encodeURIComponent(id)}`),
    onSuccess: () => refreshConfig(queries),
  });
}

export function useTestProvider() {
  const { client } = useAdmin();
  return useMutation({
    mutationFn: (body: { id: string } | { provider: ProviderInput; apiKey?: string }) => client.send<ProviderTestAnswer>('POST', '/admin/providers/test', body),
  });
}

export function useSecrets() {
  const { client } = useAdmin();
  return useQuery({ queryKey: queryKeys.secrets, queryFn: ({ signal }) => client.get<SecretsAnswer>('/admin/secrets', signal), retry: false });
}
