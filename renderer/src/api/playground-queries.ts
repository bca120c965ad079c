/** The playground's reads: the routing plan for a request body in any inbound dialect, refreshed as it changes. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useAdmin } from './AdminProvider';
import type { RoutingPreview } from './types';

export function usePlaygroundPreview(dialect: string, body: Record<string, unknown> | null) {
  const { client } = useAdmin();
  const json = body ? JSON.stringify(body) : '';
  return useQuery({
    queryKey: ['playground-preview', dialect, json],
    queryFn: () => client.send<RoutingPreview>('POST', `/admin/routing/preview?dialect=${encodeURIComponent(dialect)}`, body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 5_000,
  });
}
